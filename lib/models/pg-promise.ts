import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'pg-promise',
  name: 'pg-promise',
  modules: [],
  shapes: {},
};

export default model;
