import { describe, expect, it } from 'vitest';
import { DEFAULT_POOLER, poolerSettings, TRACKED_STARTUP_PARAMETERS } from '../../lib/settings';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const settings = {
  pgbouncer: {
    modules: {
      '~/db': { db: 'pg:Pool', default: 'engine' },
      'src/lib/tx': {
        withTx: { callback: { arg: 0, params: ['pg:PoolClient'], scope: 'transaction' } },
        createDb: { createsEngine: true, returns: 'pg:Pool' },
      },
      '@acme/*-db': { client: 'connection' },
    },
  },
};

describe('settings.pgbouncer modules', () => {
  it('declares values by exact specifier, default export and glob', () => {
    expect(valuesOfIdentifier(`import { db as pool } from '~/db'; pool;`, 'pool', { settings })).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(`import engine from '~/db'; engine;`, 'engine', { settings })).toEqual(['generic:engine', 'generic:engine']);
    expect(valuesOfIdentifier(`import { client as c } from '@acme/billing-db'; c;`, 'c', { settings })).toEqual([
      'generic:connection',
      'generic:connection',
    ]);
    expect(valuesOfIdentifier(`import { client as c } from '@acme/billing/db'; c;`, 'c', { settings })).toEqual([undefined, undefined]);
  });

  it('matches a path relative to the working directory through relative imports', () => {
    const code = `import { withTx, createDb } from '../lib/tx';
      withTx(async (client) => { client; });
      const pool = createDb();
      pool;`;
    expect(valuesOfIdentifier(code, 'client', { settings, filename: 'src/routes/users.ts' })).toEqual(['pg:PoolClient', 'pg:PoolClient']);
    expect(valuesOfIdentifier(code, 'pool', { settings, filename: 'src/routes/users.ts' })).toEqual(['pg:Pool', 'pg:Pool']);
    expect(modelledCalls(code, { settings, filename: 'src/routes/users.ts' })).toEqual([
      { text: 'withTx(async (client) => { client; })', shape: 'settings1:fn_withTx', callback: true },
      { text: 'createDb()', shape: 'settings1:fn_createDb', createsEngine: true },
    ]);
    // the same specifier from elsewhere names another file
    expect(valuesOfIdentifier(code, 'pool', { settings, filename: 'other/routes/users.ts' })).toEqual([undefined, undefined]);
  });

  it('rejects malformed entries with the offending key', () => {
    const bad = (modules: unknown) => () => valuesOfIdentifier(`x;`, 'x', { settings: { pgbouncer: { modules } } });
    expect(bad({ '~/db': { db: 'pg:Nope' } })).toThrow('invalid settings.pgbouncer.modules["~/db"].db: unknown shape "pg:Nope"');
    expect(bad({ '~/db': { db: 42 } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].db: expected a shape string or a function description object',
    );
    expect(bad({ '~/db': { db: 'pool' } })).toThrow('invalid settings.pgbouncer.modules["~/db"].db: expected a shape such as "pg:Pool"');
    expect(bad({ '~/db': { withTx: { callback: { arg: -1 } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].withTx.callback.arg: expected an argument index or "last"',
    );
    expect(bad({ '~/db': { f: { returnz: 'pg:Pool' } } })).toThrow('invalid settings.pgbouncer.modules["~/db"].f.returnz: unknown key');
    expect(bad({ '~/mail': { MailService: { methods: ['send'] } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/mail"].MailService.methods: expected an object mapping method names to function descriptions',
    );
    expect(bad({ '~/mail': { MailService: { methods: { send: { slow: '' } } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/mail"].MailService.methods.send.slow: expected what it waits for',
    );
    expect(bad({ '~/mail': { MailService: { methods: { send: { methods: {} } } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/mail"].MailService.methods.send: a method describes a call',
    );
    expect(bad({ '~/db': { query: { pooledSql: 0 } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].query.pooledSql: expected { arg: <argument index of the SQL>, via:',
    );
    expect(bad({ '~/db': { query: { pooledSql: { arg: 0, pool: 'pool' } } } })).toThrow('invalid settings.pgbouncer.modules["~/db"].query.pooledSql: expected');
    expect(bad({ '~/db': { query: { pooledSql: { arg: 0, via: 'the pool' } } } })).not.toThrow();
    expect(bad({ '~/db': { insertAudit: { fallback: 'db' } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].insertAudit.fallback: expected { arg: <argument index>, param: "<parameter name>", engine:',
    );
    expect(bad({ '~/db': { insertAudit: { fallback: { arg: '1', param: 'executor', engine: 'db' } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].insertAudit.fallback.arg: expected an argument index',
    );
    expect(bad({ '~/db': { insertAudit: { fallback: { arg: 1, param: '', engine: 'db' } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].insertAudit.fallback.param: expected the name of the parameter',
    );
    expect(bad({ '~/db': { insertAudit: { fallback: { arg: 1, param: 'executor' } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].insertAudit.fallback.engine: expected the name of the engine',
    );
    expect(bad({ '~/db': { insertAudit: { fallback: { arg: 1, param: 'executor', engine: 'db', line: 3 } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].insertAudit.fallback.line: unknown key (expected one of arg, param, engine, option)',
    );
    expect(bad({ '~/db': { touchModel: { fallback: { arg: 0, param: 'tx', engine: 'prisma', option: 'yes' } } } })).toThrow(
      'invalid settings.pgbouncer.modules["~/db"].touchModel.fallback.option: expected true when `param` is a property of the options object passed at `arg`',
    );
    expect(bad([])).toThrow('invalid settings.pgbouncer.modules: expected an object');
    expect(() => valuesOfIdentifier(`x;`, 'x', { settings: { pgbouncer: { modulez: {} } } })).toThrow(
      'invalid settings.pgbouncer.modulez: unknown key',
    );
  });
});

describe('settings.pgbouncer.pooler', () => {
  it('defaults to a transaction pooler without prepared statements, accepting only tracked startup parameters', () => {
    expect(poolerSettings({})).toEqual({ mode: 'transaction', preparedStatements: false, startupParameters: [] });
    expect(poolerSettings(undefined)).toBe(DEFAULT_POOLER);
    expect(TRACKED_STARTUP_PARAMETERS).toContain('application_name');
  });

  it('reads the mode, prepared statement support and accepted startup parameters (lower-cased)', () => {
    expect(poolerSettings({ pooler: { mode: 'session', preparedStatements: true, startupParameters: ['Statement_Timeout'] } })).toEqual({
      mode: 'session',
      preparedStatements: true,
      startupParameters: ['statement_timeout'],
    });
  });

  it('rejects malformed values with the offending key, from any rule', () => {
    const bad = (pooler: unknown) => () => valuesOfIdentifier(`x;`, 'x', { settings: { pgbouncer: { pooler } } });
    expect(bad('transaction')).toThrow('invalid settings.pgbouncer.pooler: expected an object');
    expect(bad({ mode: 'sessions' })).toThrow('invalid settings.pgbouncer.pooler.mode: expected one of transaction, session, statement');
    expect(bad({ preparedStatements: 'yes' })).toThrow('invalid settings.pgbouncer.pooler.preparedStatements: expected a boolean');
    expect(bad({ startupParameters: 'options' })).toThrow('invalid settings.pgbouncer.pooler.startupParameters: expected an array');
    expect(bad({ prepared: true })).toThrow('invalid settings.pgbouncer.pooler.prepared: unknown key (expected one of mode, preparedStatements, startupParameters)');
    expect(bad({ mode: 'transaction' })).not.toThrow();
  });
});
