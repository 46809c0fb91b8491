import { describe, expect, it } from 'vitest';

import { classifySql, partPosition, statementKinds } from '../../lib/analysis/sql';
import type { SqlStatement, SqlText } from '../../lib/analysis/sql';

/** SQL text whose holes splice raw SQL, written as a template: raw`SET x TO ${0}`. */
const raw = (strings: TemplateStringsArray, ..._holes: unknown[]): SqlText => ({
  parts: [...strings],
  holesAreValues: false,
});
/** SQL text whose holes are bound values, as in sql`...${x}`. */
const bound = (strings: TemplateStringsArray, ..._holes: unknown[]): SqlText => ({
  parts: [...strings],
  holesAreValues: true,
});

type Details = Pick<SqlStatement, 'kind' | 'setting' | 'name' | 'withHold' | 'onCommit' | 'temp'>;

const details = (text: SqlText | string): Details[] =>
  classifySql(text).map(({ kind, setting, name, withHold, onCommit, temp }) => ({
    kind,
    setting,
    name,
    withHold,
    onCommit,
    temp,
  }));

const label = (text: SqlText | string) =>
  typeof text === 'string' ? JSON.stringify(text) : `${text.holesAreValues ? 'bound' : 'raw'} ${JSON.stringify(text.parts.join('${…}'))}`;

function table(cases: ReadonlyArray<readonly [SqlText | string, Details[]]>) {
  for (const [input, expected] of cases) {
    it(label(input), () => {
      expect(details(input)).toEqual(expected);
    });
  }
}

describe('classifySql: transaction control', () => {
  table([
    ['BEGIN', [{ kind: 'begin' }]],
    ['begin', [{ kind: 'begin' }]],
    ['Begin Work', [{ kind: 'begin' }]],
    ['BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE', [{ kind: 'begin' }]],
    ['BEGIN /* x */ ISOLATION LEVEL REPEATABLE READ, READ ONLY', [{ kind: 'begin' }]],
    ['  \n\tBEGIN;  ', [{ kind: 'begin' }]],
    ['START TRANSACTION', [{ kind: 'begin' }]],
    ['start   transaction read write', [{ kind: 'begin' }]],
    ['START', [{ kind: 'other' }]],
    ['COMMIT', [{ kind: 'commit' }]],
    ['commit work', [{ kind: 'commit' }]],
    ['COMMIT TRANSACTION AND CHAIN', [{ kind: 'commit' }]],
    ['-- c\nCOMMIT', [{ kind: 'commit' }]],
    ['END', [{ kind: 'commit' }]],
    ['end transaction', [{ kind: 'commit' }]],
    ['ROLLBACK', [{ kind: 'rollback' }]],
    ['rollback work', [{ kind: 'rollback' }]],
    ['ROLLBACK AND NO CHAIN', [{ kind: 'rollback' }]],
    ['ABORT', [{ kind: 'rollback' }]],
    ['abort transaction', [{ kind: 'rollback' }]],
    ['SAVEPOINT a', [{ kind: 'savepoint', name: 'a' }]],
    ['savepoint "My Point"', [{ kind: 'savepoint', name: 'My Point' }]],
    ['SAVEPOINT Sp1', [{ kind: 'savepoint', name: 'sp1' }]],
    ['RELEASE SAVEPOINT a', [{ kind: 'release-savepoint', name: 'a' }]],
    ['release a', [{ kind: 'release-savepoint', name: 'a' }]],
    ['ROLLBACK TO SAVEPOINT a', [{ kind: 'rollback-to-savepoint', name: 'a' }]],
    ['rollback to b', [{ kind: 'rollback-to-savepoint', name: 'b' }]],
    ['ROLLBACK WORK TO SAVEPOINT c', [{ kind: 'rollback-to-savepoint', name: 'c' }]],
    ['ROLLBACK TRANSACTION /* x */ TO d', [{ kind: 'rollback-to-savepoint', name: 'd' }]],
    ["PREPARE TRANSACTION 'tx-1'", [{ kind: 'prepare-transaction', name: 'tx-1' }]],
    ["prepare transaction 'it''s'", [{ kind: 'prepare-transaction', name: "it's" }]],
    ["COMMIT PREPARED 'tx-1'", [{ kind: 'commit-prepared', name: 'tx-1' }]],
    ["commit prepared $$tx$$", [{ kind: 'commit-prepared', name: 'tx' }]],
    ["ROLLBACK PREPARED 'x'", [{ kind: 'rollback-prepared', name: 'x' }]],
    ["rollback prepared E'a\\'b'", [{ kind: 'rollback-prepared', name: "a'b" }]],
  ]);
});

describe('classifySql: SET / RESET', () => {
  table([
    ['SET search_path = app, public', [{ kind: 'set', setting: 'search_path' }]],
    ['set SEARCH_PATH to app', [{ kind: 'set', setting: 'search_path' }]],
    ["SET statement_timeout TO '5s'", [{ kind: 'set', setting: 'statement_timeout' }]],
    ['SET SESSION work_mem = 1024', [{ kind: 'set', setting: 'work_mem' }]],
    ['SET ROLE admin', [{ kind: 'set', setting: 'role' }]],
    ['SET SESSION AUTHORIZATION bob', [{ kind: 'set', setting: 'session authorization' }]],
    ['SET SESSION SESSION AUTHORIZATION bob', [{ kind: 'set', setting: 'session authorization' }]],
    ["SET TIME ZONE 'UTC'", [{ kind: 'set', setting: 'time zone' }]],
    ["set time /* c */ zone local", [{ kind: 'set', setting: 'time zone' }]],
    ["SET NAMES 'UTF8'", [{ kind: 'set', setting: 'names' }]],
    ['SET XML OPTION DOCUMENT', [{ kind: 'set', setting: 'xml option' }]],
    ["SET app.user_id = '42'", [{ kind: 'set', setting: 'app.user_id' }]],
    ['SET "App"."Tenant" = 7', [{ kind: 'set', setting: 'app.tenant' }]],
    ['SET LOCAL statement_timeout = 1000', [{ kind: 'set-local', setting: 'statement_timeout' }]],
    ['set local search_path to app', [{ kind: 'set-local', setting: 'search_path' }]],
    ['SET LOCAL ROLE admin', [{ kind: 'set-local', setting: 'role' }]],
    ['SET LOCAL SESSION AUTHORIZATION bob', [{ kind: 'set-local', setting: 'session authorization' }]],
    ['SET LOCAL TIME ZONE 0', [{ kind: 'set-local', setting: 'time zone' }]],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', [{ kind: 'set-transaction', setting: 'transaction' }]],
    ["SET TRANSACTION SNAPSHOT '000003A1-1'", [{ kind: 'set-transaction', setting: 'transaction' }]],
    ['SET SESSION TRANSACTION READ ONLY', [{ kind: 'set-transaction', setting: 'transaction' }]],
    ['SET CONSTRAINTS ALL DEFERRED', [{ kind: 'set-transaction', setting: 'constraints' }]],
    [
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE',
      [{ kind: 'set', setting: 'session characteristics' }],
    ],
    ['RESET search_path', [{ kind: 'reset', setting: 'search_path' }]],
    ['reset ALL', [{ kind: 'reset', setting: 'all' }]],
    ['RESET ROLE', [{ kind: 'reset', setting: 'role' }]],
    ['RESET SESSION AUTHORIZATION', [{ kind: 'reset', setting: 'session authorization' }]],
    ['RESET TIME ZONE', [{ kind: 'reset', setting: 'time zone' }]],
    ['reset app.user_id', [{ kind: 'reset', setting: 'app.user_id' }]],
    ['SHOW search_path', [{ kind: 'other' }]],
  ]);
});

describe('classifySql: session-state statements', () => {
  table([
    ['LISTEN events', [{ kind: 'listen', name: 'events' }]],
    ['listen "Events"', [{ kind: 'listen', name: 'Events' }]],
    ['UNLISTEN events', [{ kind: 'unlisten', name: 'events' }]],
    ['UNLISTEN *', [{ kind: 'unlisten', name: '*' }]],
    ["NOTIFY events, 'payload'", [{ kind: 'notify', name: 'events' }]],
    ["SELECT pg_notify('events', 'x')", [{ kind: 'other' }]],
    ['PREPARE q (int) AS SELECT $1', [{ kind: 'prepare', name: 'q' }]],
    ['prepare Q AS select 1', [{ kind: 'prepare', name: 'q' }]],
    ['PREPARE transaction AS SELECT 1', [{ kind: 'prepare', name: 'transaction' }]],
    ['EXECUTE q(1)', [{ kind: 'execute', name: 'q' }]],
    ['execute "Q"', [{ kind: 'execute', name: 'Q' }]],
    ['DEALLOCATE q', [{ kind: 'deallocate', name: 'q' }]],
    ['DEALLOCATE PREPARE q', [{ kind: 'deallocate', name: 'q' }]],
    ['DEALLOCATE ALL', [{ kind: 'deallocate' }]],
    ['deallocate prepare all', [{ kind: 'deallocate' }]],
    ['DECLARE c CURSOR FOR SELECT 1', [{ kind: 'declare-cursor', name: 'c', withHold: false }]],
    ['DECLARE c CURSOR WITH HOLD FOR SELECT 1', [{ kind: 'declare-cursor', name: 'c', withHold: true }]],
    [
      'declare c binary insensitive no scroll cursor without hold for select 1',
      [{ kind: 'declare-cursor', name: 'c', withHold: false }],
    ],
    ['DECLARE c SCROLL CURSOR /* keep */ WITH HOLD FOR SELECT 1', [{ kind: 'declare-cursor', name: 'c', withHold: true }]],
    ['CREATE TEMP TABLE t (id int)', [{ kind: 'create-temp-table', temp: true }]],
    ['CREATE TEMPORARY TABLE t (id int) ON COMMIT DROP', [{ kind: 'create-temp-table', temp: true, onCommit: 'drop' }]],
    [
      'create global temporary table t (a int, b numeric(10, 2)) on commit delete rows',
      [{ kind: 'create-temp-table', temp: true, onCommit: 'delete-rows' }],
    ],
    [
      'CREATE LOCAL TEMP TABLE IF NOT EXISTS t (a int) ON COMMIT PRESERVE ROWS',
      [{ kind: 'create-temp-table', temp: true, onCommit: 'preserve-rows' }],
    ],
    [
      'CREATE TEMP TABLE t ON COMMIT DROP AS SELECT 1',
      [{ kind: 'create-temp-table', temp: true, onCommit: 'drop' }],
    ],
    // ON COMMIT only counts before AS and outside brackets.
    [
      'CREATE TEMP TABLE t AS SELECT * FROM a JOIN b ON commit drop',
      [{ kind: 'create-temp-table', temp: true }],
    ],
    ['CREATE TEMP TABLE t (c text CHECK (c <> 1 ON COMMIT DROP))', [{ kind: 'create-temp-table', temp: true }]],
    ['CREATE TEMP VIEW v AS SELECT 1', [{ kind: 'other', temp: true }]],
    ['CREATE OR REPLACE TEMP VIEW v AS SELECT 1', [{ kind: 'other', temp: true }]],
    ['CREATE TEMPORARY SEQUENCE s', [{ kind: 'other', temp: true }]],
    ['CREATE TABLE t (id int)', [{ kind: 'other' }]],
    ['CREATE UNLOGGED TABLE t (id int)', [{ kind: 'other' }]],
    ["LOAD 'auto_explain'", [{ kind: 'load' }]],
    ['DISCARD ALL', [{ kind: 'discard', setting: 'all' }]],
    ['discard plans', [{ kind: 'discard', setting: 'plans' }]],
    ['DISCARD TEMP', [{ kind: 'discard', setting: 'temp' }]],
  ]);
});

describe('classifySql: other statements', () => {
  table([
    ['SELECT 1', [{ kind: 'other' }]],
    ['insert into t values (1)', [{ kind: 'other' }]],
    ['WITH x AS (SELECT 1) SELECT * FROM x', [{ kind: 'other' }]],
    ['(SELECT 1)', [{ kind: 'other' }]],
    ["DO $$ BEGIN PERFORM 1; COMMIT; END $$", [{ kind: 'other' }]],
    ['"begin"', [{ kind: 'other' }]],
    ['VALUES (1)', [{ kind: 'other' }]],
    ['', []],
    [';;  ; -- nothing\n;', []],
    ['/* only a comment */', []],
  ]);
});

describe('classifySql: several statements', () => {
  table([
    [
      'BEGIN; SET LOCAL x = 1; COMMIT',
      [{ kind: 'begin' }, { kind: 'set-local', setting: 'x' }, { kind: 'commit' }],
    ],
    ['begin;select 1;commit;', [{ kind: 'begin' }, { kind: 'other' }, { kind: 'commit' }]],
    ["SELECT 'a; BEGIN'; COMMIT", [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT "x;begin"; ROLLBACK', [{ kind: 'other' }, { kind: 'rollback' }]],
    ["SELECT E'\\'; BEGIN'; END", [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT $$;BEGIN;$$; SELECT $fn$ $$ ; COMMIT $fn$; ABORT', [{ kind: 'other' }, { kind: 'other' }, { kind: 'rollback' }]],
    ['SELECT 1 -- ; BEGIN\n; COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT 1 /* ; BEGIN /* nested ; */ still ; */ ; COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT $1; BEGIN', [{ kind: 'other' }, { kind: 'begin' }]],
    // psql rule: semicolons inside brackets do not end a statement.
    ['SELECT (1; BEGIN); COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    // ... nor inside a BEGIN ATOMIC routine body.
    [
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; COMMIT',
      [{ kind: 'other' }, { kind: 'commit' }],
    ],
    [
      'create or replace procedure p() begin atomic insert into t values (1); end; rollback',
      [{ kind: 'other' }, { kind: 'rollback' }],
    ],
    [
      "CREATE TEMP TABLE t (id int) ON COMMIT DROP; LISTEN a; SET search_path = 'x'; RESET ALL",
      [
        { kind: 'create-temp-table', temp: true, onCommit: 'drop' },
        { kind: 'listen', name: 'a' },
        { kind: 'set', setting: 'search_path' },
        { kind: 'reset', setting: 'all' },
      ],
    ],
  ]);

  it('statementKinds lists the kinds in order', () => {
    expect(statementKinds('BEGIN; SAVEPOINT a; ROLLBACK TO a; RELEASE a; COMMIT')).toEqual([
      'begin',
      'savepoint',
      'rollback-to-savepoint',
      'release-savepoint',
      'commit',
    ]);
    expect(statementKinds(raw`BEGIN; ${0} TRANSACTION`)).toEqual(['begin', 'unknown']);
  });
});

describe('classifySql: raw-SQL holes', () => {
  table([
    [raw`${0}`, [{ kind: 'unknown' }]],
    [raw`${0} TRANSACTION`, [{ kind: 'unknown' }]],
    [raw`BEGIN ${0}`, [{ kind: 'begin' }]],
    [raw`BEGIN ISOLATION LEVEL ${0}`, [{ kind: 'begin' }]],
    [raw`BEGIN${0}`, [{ kind: 'unknown' }]], // could spell BEGINX
    [raw`START ${0}`, [{ kind: 'unknown' }]],
    [raw`SELECT ${0}`, [{ kind: 'other' }]],
    [raw`SELECT * FROM ${0} WHERE id = ${1}`, [{ kind: 'other' }]],
    [raw`COMMIT ${0}`, [{ kind: 'unknown' }]], // could be PREPARED
    [raw`COMMIT WORK ${0}`, [{ kind: 'commit' }]],
    [raw`COMMIT PREPARED ${0}`, [{ kind: 'commit-prepared' }]],
    [raw`COMMIT PREPARED '${0}'`, [{ kind: 'commit-prepared' }]],
    [raw`ROLLBACK ${0}`, [{ kind: 'unknown' }]], // could be TO / PREPARED
    [raw`ROLLBACK WORK ${0}`, [{ kind: 'unknown' }]],
    [raw`ROLLBACK TO ${0}`, [{ kind: 'rollback-to-savepoint' }]],
    [raw`ROLLBACK TO SAVEPOINT ${0}`, [{ kind: 'rollback-to-savepoint' }]],
    [raw`ROLLBACK TO SAVEPOINT sp_${0}`, [{ kind: 'rollback-to-savepoint' }]],
    [raw`SAVEPOINT ${0}`, [{ kind: 'savepoint' }]],
    [raw`SAVEPOINT "sp_${0}"`, [{ kind: 'savepoint' }]],
    [raw`RELEASE ${0}`, [{ kind: 'release-savepoint' }]],
    [raw`END ${0}`, [{ kind: 'commit' }]],
    [raw`ABORT ${0}`, [{ kind: 'rollback' }]],
    [raw`SET ${0}`, [{ kind: 'unknown' }]],
    [raw`SET ${0} = 1`, [{ kind: 'unknown' }]], // could be "LOCAL x"
    [raw`SET search_path TO ${0}`, [{ kind: 'set', setting: 'search_path' }]],
    [raw`SET search_path = '${0}'`, [{ kind: 'set', setting: 'search_path' }]],
    [raw`SET app.${0} = 1`, [{ kind: 'set' }]],
    [raw`SET LOCAL ${0}`, [{ kind: 'set-local' }]],
    [raw`SET LOCAL app.user_id = ${0}`, [{ kind: 'set-local', setting: 'app.user_id' }]],
    [raw`SET SESSION ${0} = 1`, [{ kind: 'set' }]],
    [raw`SET SESSION ${0} TO 1`, [{ kind: 'set' }]],
    [raw`SET SESSION ${0}`, [{ kind: 'unknown' }]], // could be TRANSACTION ...
    [raw`SET ROLE ${0}`, [{ kind: 'set', setting: 'role' }]],
    [raw`SET TRANSACTION ISOLATION LEVEL ${0}`, [{ kind: 'set-transaction', setting: 'transaction' }]],
    [raw`RESET ${0}`, [{ kind: 'reset' }]],
    [raw`LISTEN ${0}`, [{ kind: 'listen' }]],
    [raw`NOTIFY ${0}, 'x'`, [{ kind: 'notify' }]],
    [raw`PREPARE ${0}`, [{ kind: 'unknown' }]], // could be TRANSACTION
    [raw`PREPARE TRANSACTION ${0}`, [{ kind: 'prepare-transaction' }]],
    [raw`PREPARE q AS ${0}`, [{ kind: 'prepare', name: 'q' }]],
    [raw`EXECUTE ${0}`, [{ kind: 'execute' }]],
    [raw`DEALLOCATE ${0}`, [{ kind: 'deallocate' }]],
    [raw`DECLARE ${0} CURSOR FOR SELECT 1`, [{ kind: 'declare-cursor', withHold: false }]],
    [raw`DECLARE c CURSOR ${0} FOR SELECT 1`, [{ kind: 'declare-cursor', name: 'c' }]],
    [raw`DECLARE c CURSOR WITH HOLD FOR ${0}`, [{ kind: 'declare-cursor', name: 'c', withHold: true }]],
    [raw`CREATE ${0} TABLE t (id int)`, [{ kind: 'unknown' }]],
    [raw`CREATE TEMP ${0}`, [{ kind: 'unknown' }]],
    [raw`CREATE GLOBAL ${0} TABLE t ()`, [{ kind: 'unknown' }]],
    [raw`CREATE OR ${0} TEMP VIEW v AS SELECT 1`, [{ kind: 'unknown' }]],
    [raw`CREATE TEMP TABLE ${0} (id int) ON COMMIT DROP`, [{ kind: 'create-temp-table', temp: true, onCommit: 'drop' }]],
    [raw`CREATE TEMP TABLE t (id int) ON COMMIT ${0}`, [{ kind: 'create-temp-table', temp: true }]],
    [raw`DISCARD ${0}`, [{ kind: 'discard' }]],
    [raw`BEGIN; ${0}; COMMIT`, [{ kind: 'begin' }, { kind: 'unknown' }, { kind: 'commit' }]],
    [raw`-- ${0}\nBEGIN`, [{ kind: 'begin' }]],
    [raw`/* ${0} */ COMMIT`, [{ kind: 'commit' }]],
  ]);
});

describe('classifySql: bound-value holes (tagged templates)', () => {
  table([
    // A bound value is never a keyword or identifier.
    [bound`${0} TRANSACTION`, [{ kind: 'other' }]],
    [bound`BEGIN${0}`, [{ kind: 'begin' }]],
    [bound`COMMIT ${0}`, [{ kind: 'commit' }]],
    [bound`ROLLBACK ${0}`, [{ kind: 'rollback' }]],
    [bound`SET ${0} = 1`, [{ kind: 'set' }]],
    [bound`SET search_path TO ${0}`, [{ kind: 'set', setting: 'search_path' }]],
    [bound`SELECT set_config('search_path', ${0}, false)`, [{ kind: 'other' }]],
    [bound`CREATE ${0} TABLE t ()`, [{ kind: 'other' }]],
    [bound`COMMIT PREPARED ${0}`, [{ kind: 'commit-prepared' }]],
    [bound`SELECT * FROM t WHERE a = ${0}; COMMIT`, [{ kind: 'other' }, { kind: 'commit' }]],
  ]);
});

describe('classifySql: keyword and offsets', () => {
  it('reports leading words upper-cased and single-spaced', () => {
    expect(classifySql('begin /* c */ isolation\n\tlevel   serializable, read only').map((s) => s.keyword)).toEqual([
      'BEGIN ISOLATION LEVEL SERIALIZABLE',
    ]);
    expect(classifySql("SET search_path = 'a'; SET LOCAL x TO 1").map((s) => s.keyword)).toEqual([
      'SET SEARCH_PATH',
      'SET LOCAL X TO',
    ]);
    expect(classifySql(raw`${0} TRANSACTION`)[0]!.keyword).toBe('');
  });

  it('caps the keyword at 80 characters', () => {
    const [long] = classifySql(`SELECT ${'abcdefghij '.repeat(20)}`);
    expect(long!.keyword).toBe(`SELECT ${'ABCDEFGHIJ '.repeat(5)}ABCDEFGHIJ`);
    const [huge] = classifySql('x'.repeat(200));
    expect(huge!.keyword).toBe('X'.repeat(80));
  });

  it('reports offsets in the flattened text and the part of the first token', () => {
    const statements = classifySql(raw`SELECT ${0}; /* c */ BEGIN ; ${1} ;x${2}`);
    // flattened: "SELECT #; /* c */ BEGIN ; # ;x#" with one character per hole
    expect(statements.map(({ start, end, partIndex, partOffset }) => ({ start, end, partIndex, partOffset }))).toEqual([
      { start: 0, end: 8, partIndex: 0, partOffset: 0 },
      { start: 18, end: 23, partIndex: 1, partOffset: 10 },
      { start: 26, end: 27, partIndex: 1, partOffset: 18 }, // a statement starting at a hole: end of the part before it
      { start: 29, end: 31, partIndex: 2, partOffset: 2 },
    ]);
    expect(statements.map((s) => s.kind)).toEqual(['other', 'begin', 'unknown', 'unknown']);
  });
});

describe('classifySql: function calls', () => {
  // Offsets are tested separately.
  const calls = (text: SqlText | string) =>
    classifySql(text).map((s) => s.functionCalls.map(({ start: _start, argStarts: _argStarts, ...call }) => call));

  it('finds calls with their constant argument texts', () => {
    expect(calls("SELECT set_config('a','b', false)")).toEqual([
      [{ name: 'set_config', args: ["'a'", "'b'", 'false'] }],
    ]);
    expect(calls('select pg_advisory_lock(1)')).toEqual([[{ name: 'pg_advisory_lock', args: ['1'] }]]);
    expect(calls('SELECT PG_TRY_ADVISORY_XACT_LOCK( 42 , hashtext(\'k\') )')).toEqual([
      [
        { name: 'pg_try_advisory_xact_lock', args: ['42', "hashtext('k')"] },
        { name: 'hashtext', args: ["'k'"] },
      ],
    ]);
    expect(calls('SELECT now(), f( )')).toEqual([
      [
        { name: 'now', args: [] },
        { name: 'f', args: [] },
      ],
    ]);
  });

  it('keeps schema qualifiers separately and quoted names as written', () => {
    expect(calls("SELECT pg_catalog.set_config('a', 'b', true)")).toEqual([
      [{ name: 'set_config', schema: 'pg_catalog', args: ["'a'", "'b'", 'true'] }],
    ]);
    expect(calls('SELECT "Pg_Catalog"."My Fn"(1)')).toEqual([[{ name: 'My Fn', schema: 'Pg_Catalog', args: ['1'] }]]);
  });

  it('splits arguments only at the call level', () => {
    expect(calls("SELECT f(g(1, 2), ARRAY[3, 4], (5, 6), 'a,b', $$c,d$$ /* e, f */)")).toEqual([
      [
        { name: 'f', args: ['g(1, 2)', 'ARRAY[3, 4]', '(5, 6)', "'a,b'", '$$c,d$$'] },
        { name: 'g', args: ['1', '2'] },
      ],
    ]);
  });

  it('makes arguments that contain a hole null, in the enclosing calls too', () => {
    expect(calls(raw`SELECT set_config('search_path', ${0}, false)`)).toEqual([
      [{ name: 'set_config', args: ["'search_path'", null, 'false'] }],
    ]);
    expect(calls(bound`SELECT set_config(${0}, 'x' || ${1}, ${2})`)).toEqual([
      [{ name: 'set_config', args: [null, null, null] }],
    ]);
    expect(calls(raw`SELECT f(g('${0}'), 1)`)).toEqual([
      [
        { name: 'f', args: [null, '1'] },
        { name: 'g', args: [null] },
      ],
    ]);
  });

  it('skips calls whose name or schema is dynamic', () => {
    expect(calls(raw`SELECT ${0}(1), ${1}.f(2), fn_${2}(3)`)).toEqual([[]]);
  });

  it('ignores calls inside strings and comments', () => {
    expect(calls("SELECT 'pg_advisory_lock(1)' /* set_config(1) */ -- f(1)\n")).toEqual([[]]);
    expect(calls('DO $$ BEGIN PERFORM pg_advisory_lock(1); END $$')).toEqual([[]]);
  });

  it('does not mistake clauses, relations and type modifiers for calls', () => {
    expect(
      calls(
        'INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO NOTHING; ' +
          'CREATE TABLE IF NOT EXISTS s.t (a numeric(10, 2) CHECK (a > 0), PRIMARY KEY (a), FOREIGN KEY (a) REFERENCES u (id)); ' +
          'SELECT x::varchar(3) FROM t AS q(a) WHERE EXISTS (SELECT 1) AND a IN (1) OR NOT (b); ' +
          'WITH w(a) AS (SELECT 1) SELECT * FROM w JOIN v USING (a); ' +
          'PREPARE p (int) AS SELECT 1; EXECUTE p (1); CREATE FUNCTION f(a int) RETURNS int AS $$ $$',
      ),
    ).toEqual([[], [], [], [], [], [], []]);
  });

  it('reports calls of statements of every kind, also unknown ones', () => {
    expect(calls(raw`${0} pg_advisory_lock(1)`)).toEqual([[{ name: 'pg_advisory_lock', args: ['1'] }]]);
    expect(calls('CALL p(1)')).toEqual([[{ name: 'p', args: ['1'] }]]);
  });

  it('closes unterminated calls at the end of the text', () => {
    expect(calls('SELECT f(1, g(2')).toEqual([
      [
        { name: 'f', args: ['1', 'g(2'] },
        { name: 'g', args: ['2'] },
      ],
    ]);
  });
});

describe('classifySql: lexical edge cases', () => {
  table([
    ["SELECT 'unterminated; BEGIN", [{ kind: 'other' }]],
    ['SELECT "unterminated; BEGIN', [{ kind: 'other' }]],
    ['SELECT 1 /* unterminated; BEGIN', [{ kind: 'other' }]],
    ['SELECT $$ unterminated; BEGIN', [{ kind: 'other' }]],
    ['SELECT $a$ x $b$; BEGIN $a$; COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    // `$1` is a parameter, not a dollar quote; `a$$` is an identifier.
    ['SELECT $1; COMMIT; SELECT a$$; BEGIN', [{ kind: 'other' }, { kind: 'commit' }, { kind: 'other' }, { kind: 'begin' }]],
    // Backslashes only escape in E'' strings.
    ["SELECT 'a\\'; COMMIT", [{ kind: 'other' }, { kind: 'commit' }]],
    ["SELECT e'a\\'; COMMIT'; ROLLBACK", [{ kind: 'other' }, { kind: 'rollback' }]],
    ["SELECT 'it''s; BEGIN'; END", [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT "a""; BEGIN"; END', [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT 1--; BEGIN\r; COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    ['SELECT 1 /*/ ; BEGIN */; COMMIT', [{ kind: 'other' }, { kind: 'commit' }]],
    ['BEGIN/**/;COMMIT', [{ kind: 'begin' }, { kind: 'commit' }]],
    ['SAVEPOINT über', [{ kind: 'savepoint', name: 'über' }]],
    ["rollback prepared E'\\x41'", [{ kind: 'rollback-prepared' }]], // numeric escapes are not decoded
  ]);
});

describe('classifySql: linear time on adversarial input', () => {
  const MB5 = 5_000_000;
  const inputs: Array<[string, string]> = [
    ['quotes', "'".repeat(MB5)],
    ['odd quotes', "'".repeat(MB5 + 1)],
    ['double quotes', '"'.repeat(MB5)],
    ['dashes', '-'.repeat(MB5)],
    ['comment openers', '/*'.repeat(MB5 / 2)],
    ['comment closers', '*/'.repeat(MB5 / 2)],
    ['dollars', '$'.repeat(MB5)],
    ['$$ pairs', '$$'.repeat(MB5 / 2)],
    ['$a$ tags', '$a$'.repeat(MB5 / 3)],
    ['$a openers', '$a'.repeat(MB5 / 2)],
    ['long tag with near-miss closers', `$${'a'.repeat(1000)}$${`$${'a'.repeat(999)}b`.repeat(MB5 / 1001)}`],
    ['unterminated string', `SELECT '${'x'.repeat(MB5)}`],
    ['unterminated E string of backslashes', `E'${'\\'.repeat(MB5)}`],
    ['unterminated comment', `/* ${'a'.repeat(MB5)}`],
    ['unterminated dollar quote', `$$${'a;'.repeat(MB5 / 2)}`],
    ['semicolons', ';'.repeat(MB5)],
    ['open parens', '('.repeat(MB5)],
    ['commas in a call', `f(${','.repeat(MB5)}`],
    ['one long word', 'a'.repeat(MB5)],
    ['mixed openers', `'-/*$$"E'`.repeat(MB5 / 9)],
  ];
  for (const [name, input] of inputs) {
    it(name, () => {
      expect(() => classifySql(input)).not.toThrow();
    });
  }

  it('many statements', () => {
    expect(classifySql('BEGIN;'.repeat(200_000))).toHaveLength(200_000);
  });

  it('deeply nested calls', () => {
    const [statement] = classifySql(`SELECT ${'f('.repeat(200_000)}`);
    expect(statement!.functionCalls).toHaveLength(200_000);
  });

  it('many holes', () => {
    const parts = Array.from({ length: 200_001 }, () => "'; ");
    expect(classifySql({ parts, holesAreValues: false }).length).toBeGreaterThan(0);
  });
});

describe('classifySql: function call offsets', () => {
  it('gives the offsets of the name and of each argument in the flattened text', () => {
    const text = "SELECT 1; select pg_catalog.set_config( 'a' ,b, false)";
    const [, statement] = classifySql(text);
    const call = statement!.functionCalls[0]!;
    expect(text.slice(call.start, call.start + 10)).toBe('set_config');
    expect(call.argStarts.map((at) => text.slice(at, at + 3))).toEqual(["'a'", 'b, ', 'fal']);
  });

  it('counts a hole as one character', () => {
    const statement = classifySql({ parts: ['select f(', ', pg_advisory_lock(1))'], holesAreValues: true })[0]!;
    const lock = statement.functionCalls.find((c) => c.name === 'pg_advisory_lock')!;
    expect(lock.start).toBe('select f(x, '.length);
    expect(partPosition({ parts: ['select f(', ', pg_advisory_lock(1))'], holesAreValues: true }, lock.start)).toEqual({ part: 1, offset: 2 });
  });
});

describe('partPosition', () => {
  const text = { parts: ['ab', 'cd', ''], holesAreValues: false };
  it('maps flattened offsets to parts, and holes to undefined', () => {
    expect(partPosition(text, 0)).toEqual({ part: 0, offset: 0 });
    expect(partPosition(text, 2)).toBeUndefined();
    expect(partPosition(text, 3)).toEqual({ part: 1, offset: 0 });
    expect(partPosition(text, 5)).toBeUndefined();
    expect(partPosition(text, 6)).toEqual({ part: 2, offset: 0 });
    expect(partPosition(text, 7)).toBeUndefined();
  });
});

describe('classifySql: shared classifications', () => {
  it('classifies equal texts once and hands out the same frozen statements', () => {
    const first = classifySql({ parts: ['SELECT pg_advisory_lock(', ')'], holesAreValues: true });
    const second = classifySql({ parts: ['SELECT pg_advisory_lock(', ')'], holesAreValues: true });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(Object.isFrozen(first[0]!.functionCalls[0]!.args)).toBe(true);
    expect(() => {
      (first as SqlStatement[]).push(first[0]!);
    }).toThrow(TypeError);
  });

  it('keeps apart texts that differ only in what their holes are', () => {
    // A raw hole may splice any SQL (the statement is unknown); a bound value cannot change it.
    expect(details({ parts: ['SET search_path TO ', ''], holesAreValues: false })).toEqual([
      { kind: 'set', setting: 'search_path', name: undefined, withHold: undefined, onCommit: undefined, temp: undefined },
    ]);
    expect(details({ parts: ['', ' search_path TO x'], holesAreValues: false })[0]?.kind).toBe('unknown');
    expect(details({ parts: ['', ' search_path TO x'], holesAreValues: true })[0]?.kind).not.toBe('unknown');
  });

  it('does not confuse a hole with the hole character written in the text', () => {
    const withCharacter = classifySql({ parts: ['BEGIN\u0000'], holesAreValues: false });
    const withHole = classifySql({ parts: ['BEGIN', ''], holesAreValues: false });
    expect(withCharacter).not.toBe(withHole);
    expect(classifySql({ parts: ['BEGIN\u0000'], holesAreValues: false })).toEqual(withCharacter);
  });
});
