/**
 * Which SQL statements and function calls need session affinity, i.e. break (or leak to another
 * client) behind a pooler in transaction mode: the PgBouncer feature map
 * (https://www.pgbouncer.org/features.html) as data, over lib/analysis/sql.ts's classification.
 */
import { HOLE_CHAR, statementSource, type SqlFunctionCall, type SqlStatement, type SqlText } from './sql';
import { TRACKED_STARTUP_PARAMETERS } from '../settings';

export type SessionFeature =
  | 'set'
  | 'set-characteristics'
  | 'reset'
  | 'set-config'
  | 'set-limit'
  | 'listen'
  | 'unlisten'
  | 'advisory-lock'
  | 'advisory-unlock'
  | 'sql-prepare'
  | 'hold-cursor'
  | 'temp-table'
  | 'load';

export interface SessionUse {
  readonly feature: SessionFeature;
  readonly statement: SqlStatement;
  /** For function-call features: the call (`set_config`, `pg_advisory_lock`). */
  readonly call?: SqlFunctionCall;
  /** How messages show it: `SET search_path`, `pg_advisory_lock()`, `LISTEN`. */
  readonly label: string;
  /** The transaction-scoped replacement of a function, when there is one (`pg_advisory_xact_lock`). */
  readonly replacement?: string;
}

/** Session-level advisory lock functions and their transaction-level counterparts. */
const ADVISORY_LOCKS: ReadonlyMap<string, string> = new Map([
  ['pg_advisory_lock', 'pg_advisory_xact_lock'],
  ['pg_advisory_lock_shared', 'pg_advisory_xact_lock_shared'],
  ['pg_try_advisory_lock', 'pg_try_advisory_xact_lock'],
  ['pg_try_advisory_lock_shared', 'pg_try_advisory_xact_lock_shared'],
]);
const ADVISORY_UNLOCKS = new Set(['pg_advisory_unlock', 'pg_advisory_unlock_shared', 'pg_advisory_unlock_all']);

/** A constant SQL boolean that is false: `false`, `'false'`, `'f'`, `'off'`, `'no'`, `'0'`. */
const FALSE_LITERAL = /^(?:false|'(?:f|fa|fal|fals|false|n|no|of|off|0)'(?:::bool(?:ean)?)?)$/i;

/**
 * `SET` targets that PostgreSQL does not have, written by code that also runs on MySQL or SQL
 * Server (an ORM app with a dialect switch: `if (dialect === 'mysql') SET FOREIGN_KEY_CHECKS = 0`).
 * PostgreSQL rejects them (`unrecognized configuration parameter`), so such a statement never runs
 * on a PostgreSQL connection, pooled or not: no session state to judge.
 */
const OTHER_DIALECT_SETTINGS = new Set([
  // MySQL / MariaDB
  'foreign_key_checks', 'unique_checks', 'sql_mode', 'autocommit', 'sql_safe_updates', 'sql_log_bin',
  'sql_require_primary_key', 'group_concat_max_len', 'max_execution_time', 'innodb_lock_wait_timeout',
  'wait_timeout', 'interactive_timeout', 'net_read_timeout', 'net_write_timeout', 'time_zone',
  'character_set_client', 'character_set_connection', 'character_set_results', 'collation_connection',
  'global', 'persist', 'persist_only',
  // SQL Server
  'nocount', 'identity_insert', 'ansi_nulls', 'quoted_identifier', 'xact_abort', 'arithabort',
]);

/**
 * Parameters PgBouncer tracks per client and sets again on each server connection it lends the
 * client (its variable cache, filled from the server's ParameterStatus reports): a `SET` of one
 * is kept for this client and leaks to no other. `SET TIME ZONE` and `SET NAMES` spell two of them.
 */
const TRACKED_SETTINGS: ReadonlySet<string> = new Set([...TRACKED_STARTUP_PARAMETERS, 'time zone', 'names']);

/** Settings spelled as keywords are shown upper-case: `SET ROLE`, `RESET ALL`; parameters as written: `SET search_path`. */
const KEYWORD_SETTINGS = new Set(['role', 'session authorization', 'time zone', 'all', 'names', 'schema', 'xml option']);

function setLabel(verb: string, setting: string | undefined): string {
  if (setting === undefined) return verb;
  return `${verb} ${KEYWORD_SETTINGS.has(setting) ? setting.toUpperCase() : setting}`;
}

function systemFunction(call: SqlFunctionCall): boolean {
  return call.schema === undefined || call.schema === 'pg_catalog';
}

/** The session features one statement uses. */
export function sessionUses(statement: SqlStatement): SessionUse[] {
  const uses: SessionUse[] = [];
  const keyword = statement.keyword;
  switch (statement.kind) {
    case 'set':
      if (statement.setting !== undefined && (OTHER_DIALECT_SETTINGS.has(statement.setting) || TRACKED_SETTINGS.has(statement.setting))) {
        break;
      }
      uses.push(
        statement.setting === 'session characteristics'
          ? { feature: 'set-characteristics', statement, label: 'SET SESSION CHARACTERISTICS' }
          : { feature: 'set', statement, label: setLabel('SET', statement.setting) },
      );
      break;
    case 'reset':
      if (statement.setting !== undefined && TRACKED_SETTINGS.has(statement.setting)) {
        break;
      }
      uses.push({ feature: 'reset', statement, label: setLabel('RESET', statement.setting) });
      break;
    case 'listen':
      uses.push({ feature: 'listen', statement, label: 'LISTEN' });
      break;
    case 'unlisten':
      uses.push({ feature: 'unlisten', statement, label: 'UNLISTEN' });
      break;
    case 'prepare':
      uses.push({ feature: 'sql-prepare', statement, label: 'PREPARE' });
      break;
    case 'execute':
      uses.push({ feature: 'sql-prepare', statement, label: 'EXECUTE' });
      break;
    case 'deallocate':
      // DEALLOCATE ALL only drops statements, whatever session it reaches (PgBouncer ≥ 1.22 handles it).
      if (!/^DEALLOCATE (?:PREPARE )?ALL\b/.test(keyword)) {
        uses.push({ feature: 'sql-prepare', statement, label: 'DEALLOCATE' });
      }
      break;
    case 'declare-cursor':
      if (statement.withHold === true) {
        uses.push({ feature: 'hold-cursor', statement, label: 'DECLARE … WITH HOLD' });
      }
      break;
    case 'create-temp-table':
      if (statement.onCommit !== 'drop') {
        uses.push({ feature: 'temp-table', statement, label: 'CREATE TEMP TABLE' });
      }
      break;
    case 'other':
      if (statement.temp === true) {
        uses.push({ feature: 'temp-table', statement, label: keyword.split(' ').slice(0, 3).join(' ') || 'CREATE TEMP' });
      }
      break;
    case 'load':
      uses.push({ feature: 'load', statement, label: 'LOAD' });
      break;
    default:
      break;
  }
  for (const call of statement.functionCalls) {
    // pg_trgm's, in whichever schema the extension went (`extensions.set_limit` on Supabase): the
    // similarity threshold of `%`, set for the session (`pg_trgm.similarity_threshold`).
    if (call.name === 'set_limit' && call.args.length === 1) {
      uses.push({ feature: 'set-limit', statement, call, label: 'set_limit()' });
      continue;
    }
    if (!systemFunction(call)) {
      continue;
    }
    if (
      call.name === 'set_config' &&
      call.args.length === 3 &&
      call.args[2] !== null &&
      FALSE_LITERAL.test(call.args[2]!) &&
      !TRACKED_SETTINGS.has((call.args[0] ?? '').replace(/^'(.*)'$/, '$1').toLowerCase())
    ) {
      uses.push({ feature: 'set-config', statement, call, label: 'set_config(…, false)' });
    } else if (ADVISORY_LOCKS.has(call.name)) {
      uses.push({ feature: 'advisory-lock', statement, call, label: `${call.name}()`, replacement: ADVISORY_LOCKS.get(call.name) });
    } else if (ADVISORY_UNLOCKS.has(call.name)) {
      uses.push({ feature: 'advisory-unlock', statement, call, label: `${call.name}()` });
    }
  }
  return uses;
}

/** A table name: quoted (as written), or unquoted (lower-cased), schema-qualified or not; `HOLE_CHAR` for a dynamic one. */
const TABLE = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?|` + HOLE_CHAR;
const CREATES_TEMP_TABLE = new RegExp(String.raw`^create\s+(?:(?:global|local)\s+)?temp(?:orary)?\s+table\s+(?:if\s+not\s+exists\s+)?(${TABLE})`, 'i');
const DROPS_TABLES = new RegExp(String.raw`^drop\s+table\s+(?:if\s+exists\s+)?((?:${TABLE})(?:\s*,\s*(?:${TABLE}))*)`, 'i');
const ONE_TABLE = new RegExp(TABLE, 'gi');

function tableKey(name: string): string {
  return name.startsWith('"') ? name : name.toLowerCase();
}

/**
 * The table a `CREATE TEMP TABLE` statement creates (`HOLE_CHAR` when its name is spliced in), when it
 * can be read.
 */
export function createdTempTable(text: SqlText, statement: SqlStatement): string | undefined {
  const match = CREATES_TEMP_TABLE.exec(statementSource(text, statement));
  return match ? tableKey(match[1]) : undefined;
}

/** The tables a `DROP TABLE` statement drops (`HOLE_CHAR` for a name spliced in). */
export function droppedTables(text: SqlText, statement: SqlStatement): string[] {
  if (statement.kind !== 'other') {
    return [];
  }
  const match = DROPS_TABLES.exec(statementSource(text, statement));
  return match ? (match[1].match(ONE_TABLE) ?? []).map(tableKey) : [];
}
