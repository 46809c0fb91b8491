import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'knex',
  name: 'knex',
  modules: [],
  shapes: {},
};

export default model;
