import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'vercel-postgres',
  name: 'vercel-postgres',
  modules: [],
  shapes: {},
};

export default model;
