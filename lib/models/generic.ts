import type { LibraryModel } from './types';

/**
 * Role-only shapes for values a team declares in `settings.pgbouncer` without naming a library
 * (`'~/db': { db: 'engine' }`): the rules know what the value is, not which methods it has.
 */
const generic: LibraryModel = {
  id: 'generic',
  name: 'declared in settings',
  modules: [],
  shapes: {
    engine: { label: 'database engine', role: 'engine' },
    connection: { label: 'database connection', role: 'connection' },
    transaction: { label: 'transaction', role: 'transaction' },
  },
};

export default generic;
