import balancedTransaction from './balanced-transaction';
import noEnginePerRequest from './no-engine-per-request';
import noNestedTransaction from './no-nested-transaction';
import noOuterClientInTransaction from './no-outer-client-in-transaction';
import noSessionAcrossBoundary from './no-session-across-boundary';
import releaseConnection from './release-connection';

/** Every rule, by id. Presets and docs are generated from their metadata. */
export const rules = {
  'balanced-transaction': balancedTransaction,
  'no-engine-per-request': noEnginePerRequest,
  'no-nested-transaction': noNestedTransaction,
  'no-outer-client-in-transaction': noOuterClientInTransaction,
  'no-session-across-boundary': noSessionAcrossBoundary,
  'release-connection': releaseConnection,
};
