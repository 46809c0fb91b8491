// `settings` for linting examples/, shared by the demo and the benchmark: what the sample's own db
// module exports, so that `import { pool } from '../db'` is known to be a pg Pool in every file
// without type information (see docs/settings.md). A real project writes the same in its
// eslint.config.js.
export const EXAMPLES_SETTINGS = {
  pgbouncer: {
    modules: {
      'examples/src/db': {
        pool: 'pg:Pool',
        prisma: 'prisma:PrismaClient',
        knex: 'knex:Knex',
        withTransaction: { callback: { arg: 0, params: ['pg:PoolClient'], scope: 'transaction' } },
      },
    },
  },
};
