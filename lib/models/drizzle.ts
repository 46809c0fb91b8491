import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'drizzle',
  name: 'drizzle',
  modules: [],
  shapes: {},
};

export default model;
