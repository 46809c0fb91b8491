import type { Shape, ShapeRef } from './types';

/**
 * The node-postgres client API — `Pool`, the `PoolClient` it checks out, and the single `Client` —
 * which Neon's serverless driver and Vercel Postgres re-implement with the same lifecycle. Each of
 * those models keeps its own labels, so messages name the driver in use.
 */
export function nodePostgresApi(
  labels: { pool: string; poolClient: string; client: string },
  props: { pool?: Record<string, ShapeRef>; poolClient?: Record<string, ShapeRef>; client?: Record<string, ShapeRef> } = {},
): { Pool: Shape; PoolClient: Shape; Client: Shape } {
  return {
    Pool: {
      label: labels.pool,
      variable: 'pool',
      role: 'engine',
      // `new Pool({ max: 1 })` lends the same connection to every query.
      singleConnectionWhen: { option: 'max', equals: 1 },
      // Its counters and options (pg-pool's index.js).
      inert: ['totalCount', 'idleCount', 'waitingCount', 'expiredCount', 'options', 'ending', 'ended'],
      methods: {
        connect: {
          resolves: 'PoolClient',
          effect: 'acquire',
          callback: { arg: 'last', params: [null, 'PoolClient', null], scope: 'connection' },
        },
        query: { sql: { arg: 0 } },
        end: { effect: 'close' },
      },
      ...(props.pool ? { props: props.pool } : {}),
    },
    PoolClient: {
      label: labels.poolClient,
      variable: 'client',
      role: 'connection',
      methods: {
        query: { sql: { arg: 0 } },
        release: { effect: 'release', endsSession: 'with-argument' },
      },
      ...(props.poolClient ? { props: props.poolClient } : {}),
    },
    Client: {
      label: labels.client,
      variable: 'client',
      role: 'connection',
      methods: {
        connect: {},
        query: { sql: { arg: 0 } },
        end: { effect: 'release', endsSession: true, idempotent: true },
      },
      ...(props.client ? { props: props.client } : {}),
    },
  };
}
