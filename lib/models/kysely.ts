import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'kysely',
  name: 'kysely',
  modules: [],
  shapes: {},
};

export default model;
