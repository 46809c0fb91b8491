import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'mikro-orm',
  name: 'mikro-orm',
  modules: [],
  shapes: {},
};

export default model;
