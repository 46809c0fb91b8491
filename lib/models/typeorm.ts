import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'typeorm',
  name: 'typeorm',
  modules: [],
  shapes: {},
};

export default model;
