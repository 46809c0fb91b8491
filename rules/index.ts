import balancedTransaction from './balanced-transaction';
import noEnginePerRequest from './no-engine-per-request';
import noIdleInTransaction from './no-idle-in-transaction';
import noNestedTransaction from './no-nested-transaction';
import noOuterClientInTransaction from './no-outer-client-in-transaction';
import noSessionAcrossBoundary from './no-session-across-boundary';
import noSessionState from './no-session-state';
import poolerCompatibleConfig from './pooler-compatible-config';
import releaseConnection from './release-connection';
import requireApplicationName from './require-application-name';

/** Every rule, by id. Presets and docs are generated from their metadata. */
export const rules = {
  'balanced-transaction': balancedTransaction,
  'no-engine-per-request': noEnginePerRequest,
  'no-idle-in-transaction': noIdleInTransaction,
  'no-nested-transaction': noNestedTransaction,
  'no-outer-client-in-transaction': noOuterClientInTransaction,
  'no-session-across-boundary': noSessionAcrossBoundary,
  'no-session-state': noSessionState,
  'pooler-compatible-config': poolerCompatibleConfig,
  'release-connection': releaseConnection,
  'require-application-name': requireApplicationName,
};
