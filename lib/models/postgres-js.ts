import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'postgres-js',
  name: 'postgres-js',
  modules: [],
  shapes: {},
};

export default model;
