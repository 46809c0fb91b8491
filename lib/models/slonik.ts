import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'slonik',
  name: 'slonik',
  modules: [],
  shapes: {},
};

export default model;
