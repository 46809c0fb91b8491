import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'neon',
  name: 'neon',
  modules: [],
  shapes: {},
};

export default model;
