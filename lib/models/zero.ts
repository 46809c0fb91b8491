import type { LibraryModel } from './types';

/**
 * Zero (`@rocicorp/zero`), a sync engine whose server-side mutators write to PostgreSQL through an
 * adapter over the application's own client. Only the adapters are modelled, as what they do with
 * that client: the postgres.js ones send every statement with `sql.unsafe(text, params)` and open
 * transactions with `sql.begin(…)` (zero `server/adapters/postgresjs.ts`, `pg/postgresjs-connection.ts`),
 * so a postgres.js client handed only to them prepares nothing (see `unpreparedHandOffs`).
 *
 * - `zeroPostgresJS(schema, sql)` (`@rocicorp/zero/server/adapters/postgresjs`, Zero 0.22 and later).
 * - `new PostgresJSConnection(sql)` (`@rocicorp/zero/pg`, earlier), given to `new ZQLDatabase(…)`.
 */
const zero: LibraryModel = {
  id: 'zero',
  name: 'Zero',
  modules: [
    { name: '@rocicorp/zero/server/adapters/postgresjs', exports: 'adapters' },
    { name: '@rocicorp/zero/pg', exports: 'pg' },
  ],
  shapes: {
    adapters: { props: { zeroPostgresJS: 'zeroPostgresJS' } },
    zeroPostgresJS: { call: {} },
    pg: { props: { PostgresJSConnection: 'PostgresJSConnection' } },
    PostgresJSConnection: { construct: {} },
  },
};

export default zero;
