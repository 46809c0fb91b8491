import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'prisma',
  name: 'prisma',
  modules: [],
  shapes: {},
};

export default model;
