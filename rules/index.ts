import noEnginePerRequest from './no-engine-per-request';

/** Every rule, by id. Presets and docs are generated from their metadata. */
export const rules = {
  'no-engine-per-request': noEnginePerRequest,
};
