import type { LibraryModel } from './types';

/** TODO: modelled in a following commit. */
const model: LibraryModel = {
  id: 'sequelize',
  name: 'sequelize',
  modules: [],
  shapes: {},
};

export default model;
