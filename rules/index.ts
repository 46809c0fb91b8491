import balancedTransaction from './balanced-transaction';
import noEnginePerRequest from './no-engine-per-request';
import releaseConnection from './release-connection';

/** Every rule, by id. Presets and docs are generated from their metadata. */
export const rules = {
  'balanced-transaction': balancedTransaction,
  'no-engine-per-request': noEnginePerRequest,
  'release-connection': releaseConnection,
};
