import path from 'node:path';
import type { CallSpec, CallbackSpec, Effect, HandleUse, ModuleSpec, Shape } from './models/types';

/**
 * `settings.pgbouncer`: what a team's own modules export, in the vocabulary of the library models.
 *
 * ```js
 * settings: {
 *   pgbouncer: {
 *     modules: {
 *       '~/db': { db: 'prisma:PrismaClient', pool: 'pg:Pool', default: 'engine' },
 *       'src/lib/tx': {
 *         withTx: { callback: { arg: 0, params: ['knex:Transaction'], scope: 'transaction' } },
 *         createDb: { createsEngine: true, returns: 'drizzle:Database' },
 *       },
 *     },
 *   },
 * }
 * ```
 * A string describes a value (a shape `lib:Name`, or just a role: `engine`, `connection`,
 * `transaction`); an object describes a function in the same terms as a model's call spec.
 */
export interface PgBouncerSettings {
  modules?: Record<string, Record<string, string | WrapperFunction>>;
  pooler?: Partial<PoolerSettings>;
  /**
   * The facts file `pgbouncer-lint index` writes (a path relative to ESLint's working directory):
   * the same descriptions as `modules`, computed for every module of the project.
   */
  facts?: string;
}

/**
 * `settings.pgbouncer.pooler`: what the pooler in front of the database supports. The defaults are
 * the conservative ones: PgBouncer (or Supavisor, Neon, RDS Proxy) in transaction mode, without
 * protocol-level prepared statement support, accepting only the startup parameters PgBouncer
 * tracks out of the box.
 */
export interface PoolerSettings {
  /** `transaction` (default), `session` (session state is kept; the session-state rules stand down) or `statement`. */
  mode: 'transaction' | 'session' | 'statement';
  /**
   * The pooler keeps protocol-level named prepared statements working (PgBouncer ≥ 1.21 with
   * `max_prepared_statements > 0`, the default from 1.24). Default false: Supavisor's transaction
   * mode and older PgBouncer do not.
   */
  preparedStatements: boolean;
  /**
   * Startup parameters the pooler accepts besides the ones PgBouncer always tracks: the names in
   * its `ignore_startup_parameters` or `track_extra_parameters`.
   */
  startupParameters: readonly string[];
}

/** PgBouncer tracks these startup parameters without configuration. */
export const TRACKED_STARTUP_PARAMETERS: readonly string[] = [
  'application_name',
  'client_encoding',
  'datestyle',
  'intervalstyle',
  'timezone',
  'standard_conforming_strings',
];

export const DEFAULT_POOLER: PoolerSettings = { mode: 'transaction', preparedStatements: false, startupParameters: [] };
const POOLER_KEYS = ['mode', 'preparedStatements', 'startupParameters'];
const POOLER_MODES = ['transaction', 'session', 'statement'];
const poolers = new WeakMap<object, PoolerSettings>();

/** The validated `settings.pgbouncer.pooler`, with defaults filled in. */
export function poolerSettings(raw: unknown): PoolerSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return DEFAULT_POOLER;
  }
  const cached = poolers.get(raw);
  if (cached) {
    return cached;
  }
  const pooler = parsePooler((raw as PgBouncerSettings).pooler);
  poolers.set(raw, pooler);
  return pooler;
}

function parsePooler(raw: unknown): PoolerSettings {
  if (raw === undefined) {
    return DEFAULT_POOLER;
  }
  const where = 'settings.pgbouncer.pooler';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError(where, 'expected an object such as { mode: "transaction", preparedStatements: false }');
  }
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!POOLER_KEYS.includes(key)) {
      throw new SettingsError(`${where}.${key}`, `unknown key (expected one of ${POOLER_KEYS.join(', ')})`);
    }
  }
  const mode = value.mode ?? DEFAULT_POOLER.mode;
  if (typeof mode !== 'string' || !POOLER_MODES.includes(mode)) {
    throw new SettingsError(`${where}.mode`, `expected one of ${POOLER_MODES.join(', ')}`);
  }
  const preparedStatements = value.preparedStatements ?? DEFAULT_POOLER.preparedStatements;
  if (typeof preparedStatements !== 'boolean') {
    throw new SettingsError(`${where}.preparedStatements`, 'expected a boolean');
  }
  const startupParameters = value.startupParameters ?? [];
  if (!Array.isArray(startupParameters) || startupParameters.some((name) => typeof name !== 'string' || name === '')) {
    throw new SettingsError(`${where}.startupParameters`, 'expected an array of startup parameter names');
  }
  return {
    mode: mode as PoolerSettings['mode'],
    preparedStatements,
    startupParameters: (startupParameters as string[]).map((name) => name.toLowerCase()),
  };
}

export interface WrapperFunction {
  returns?: string;
  resolves?: string;
  createsEngine?: boolean;
  effect?: Effect;
  callback?: { arg: number | 'last'; params?: Array<string | null>; scope?: CallbackSpec['scope'] };
  /** A class: `new C()` is a value of this shape, and so is a value annotated with the type `C`. */
  instance?: string;
  /** Begins and ends its own transaction on an engine it does not receive. */
  transacts?: boolean;
  /** What it does with the handle passed at each argument index (`null`: not a handle, or unknown). */
  handles?: Array<HandleUse | null>;
  /** Waits for slow work that is not the database, e.g. `an HTTP request`. */
  slow?: string;
  /** Queries through an engine it does not receive, named so for messages. */
  outer?: string;
  /**
   * Called without the argument at `arg` (its parameter `param`), it queries through `engine`
   * instead (`executor = db`, `(trx ?? db)`): outside a transaction the caller has open.
   */
  fallback?: { arg: number; param: string; engine: string; option?: boolean };
  /** Sends the SQL at argument `arg` through a pool, each query on whichever connection is free; `via` names it for messages. */
  pooledSql?: { arg: number; via: string };
  /**
   * A class of the project's own (a NestJS service): what its instance methods do, read when a
   * value annotated with the class calls them (`this.mailService.send()`).
   */
  methods?: Record<string, WrapperFunction>;
}

/** A module described by settings (or the facts file), ready for the registry. */
export interface SettingsModule {
  lib: string;
  shapes: Record<string, Shape>;
  /** Type names (`PrismaService`) to the shape of their instances. */
  types: Record<string, string>;
  spec: ModuleSpec;
  /** Declared modules: does an import (its specifier, and the path a relative one names) name this module? */
  test?: (specifier: string, resolvedPath: string | undefined) => boolean;
  /** Facts-file modules: the absolute path it names (without extension) and the other specifiers naming it. */
  file?: { path: string; specifiers: readonly string[] };
}

/** The exports of one module, validated: shapes for its functions and classes, refs for its values. */
export interface ParsedExports {
  shapes: Record<string, Shape>;
  types: Record<string, string>;
  props: Record<string, string>;
  defaultRef: string | undefined;
}

const ROLES: ReadonlyMap<string, string> = new Map([
  ['engine', 'generic:engine'],
  ['connection', 'generic:connection'],
  ['transaction', 'generic:transaction'],
]);
const EFFECTS: readonly Effect[] = ['acquire', 'release', 'begin', 'commit', 'rollback', 'close'];
const FUNCTION_KEYS = ['returns', 'resolves', 'createsEngine', 'effect', 'callback', 'instance', 'transacts', 'handles', 'slow', 'outer', 'fallback', 'pooledSql', 'methods'];
const FALLBACK_KEYS = ['arg', 'param', 'engine', 'option'];
const HANDLE_KINDS = ['connection', 'transaction'];
const HANDLE_USES = ['closes', 'uses'];
const CALLBACK_KEYS = ['arg', 'params', 'scope'];
const SCOPES = ['transaction', 'connection', 'task'];

/** A clear configuration error naming the offending key. */
export class SettingsError extends Error {
  constructor(where: string, problem: string) {
    super(`eslint-plugin-pgbouncer: invalid ${where}: ${problem}. See docs/settings.md.`);
    this.name = 'SettingsError';
  }
}

function isShapeRef(value: string): boolean {
  return ROLES.has(value) || /^[\w.@/-]+:[\w$]+$/.test(value);
}

function refOf(value: string): string {
  return ROLES.get(value) ?? value;
}

/** Validates `settings.pgbouncer` and turns each module entry into a synthetic model. */
export function parseSettings(raw: unknown, cwd: string, knownShape: (key: string) => boolean): SettingsModule[] {
  if (raw === undefined) {
    return [];
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError('settings.pgbouncer', 'expected an object');
  }
  for (const key of Object.keys(raw)) {
    if (!SETTINGS_KEYS.includes(key)) {
      throw new SettingsError(`settings.pgbouncer.${key}`, 'unknown key (expected "modules", "pooler" or "facts")');
    }
  }
  parsePooler((raw as PgBouncerSettings).pooler);
  const facts = (raw as PgBouncerSettings).facts;
  if (facts !== undefined && (typeof facts !== 'string' || facts === '')) {
    throw new SettingsError('settings.pgbouncer.facts', 'expected the path of the facts file written by `pgbouncer-lint index`');
  }
  const modules = (raw as PgBouncerSettings).modules;
  if (modules === undefined) {
    return [];
  }
  if (typeof modules !== 'object' || modules === null || Array.isArray(modules)) {
    throw new SettingsError('settings.pgbouncer.modules', 'expected an object mapping module specifiers to their exports');
  }
  const checkRef = shapeChecker(knownShape);
  return Object.entries(modules).map(([specifier, exportsMap], index) => {
    const where = `settings.pgbouncer.modules[${JSON.stringify(specifier)}]`;
    const lib = `settings${index}`;
    const parsed = parseExports(where, lib, exportsMap, checkRef);
    const glob = specifier.includes('*') ? globToRegExp(specifier) : undefined;
    const absolute = stripExtension(path.resolve(cwd, specifier));
    return {
      lib,
      shapes: { ...parsed.shapes, exports: { props: parsed.props } },
      types: parsed.types,
      spec: { name: specifier, exports: 'exports', default: parsed.defaultRef ?? 'exports' },
      test: (candidate: string, resolvedPath: string | undefined) =>
        candidate === specifier || glob?.test(candidate) === true || (resolvedPath !== undefined && resolvedPath === absolute),
    };
  });
}

const SETTINGS_KEYS = ['modules', 'pooler', 'facts'];

/** Validates a shape reference (`pg:Pool`, or a role) against the known shapes; returns its key. */
export function shapeChecker(knownShape: (key: string) => boolean): (where: string, value: unknown) => string {
  return (where, value) => {
    if (typeof value !== 'string' || !isShapeRef(value)) {
      throw new SettingsError(where, `expected a shape such as "pg:Pool" or a role ("engine", "connection", "transaction"), got ${JSON.stringify(value)}`);
    }
    const ref = refOf(value);
    if (!knownShape(ref)) {
      throw new SettingsError(where, `unknown shape "${value}"`);
    }
    return ref;
  };
}

/** Validates one module's export descriptions (settings `modules` entry, or a facts-file module). */
export function parseExports(where: string, lib: string, exportsMap: unknown, checkRef: (where: string, value: unknown) => string): ParsedExports {
  if (typeof exportsMap !== 'object' || exportsMap === null || Array.isArray(exportsMap)) {
    throw new SettingsError(where, 'expected an object mapping export names to descriptions');
  }
  const shapes: Record<string, Shape> = {};
  const types: Record<string, string> = {};
  const props: Record<string, string> = {};
  let defaultRef: string | undefined;
  for (const [name, description] of Object.entries(exportsMap)) {
    const at = `${where}.${name}`;
    let ref: string;
    if (typeof description === 'string') {
      ref = checkRef(at, description);
    } else {
      ref = `${lib}:fn_${name}`;
      const parsed = parseFunction(at, description, checkRef);
      const call = parsed.call;
      let instance = parsed.instance;
      const methods = (description as WrapperFunction).methods;
      if (methods !== undefined && instance === undefined) {
        // The class's instances: a shape of the module holding the methods' descriptions.
        shapes[`inst_${name}`] = { label: name === 'default' ? 'instance' : `${name} instance`, methods: parseMethods(`${at}.methods`, methods, checkRef) };
        instance = `${lib}:inst_${name}`;
      }
      shapes[`fn_${name}`] = instance ? { construct: { ...call, returns: instance } } : { call };
      if (instance && name !== 'default') {
        types[name] = instance;
      }
    }
    if (name === 'default') {
      defaultRef = ref;
    } else {
      props[name] = ref;
    }
  }
  return { shapes, types, props, defaultRef };
}

/** The instance methods of a class description: each a function description of its own. */
function parseMethods(where: string, methods: unknown, checkRef: (where: string, value: unknown) => string): Record<string, CallSpec> {
  if (typeof methods !== 'object' || methods === null || Array.isArray(methods)) {
    throw new SettingsError(where, 'expected an object mapping method names to function descriptions');
  }
  const specs: Record<string, CallSpec> = {};
  for (const [method, description] of Object.entries(methods)) {
    const at = `${where}.${method}`;
    if (typeof description === 'object' && description !== null && ('methods' in description || 'instance' in description)) {
      throw new SettingsError(at, 'a method describes a call: `methods` and `instance` belong to the class');
    }
    specs[method] = parseFunction(at, description, checkRef).call;
  }
  return specs;
}

function parseFunction(
  where: string,
  description: unknown,
  checkRef: (where: string, value: unknown) => string,
): { call: CallSpec; instance: string | undefined } {
  if (typeof description !== 'object' || description === null || Array.isArray(description)) {
    throw new SettingsError(where, 'expected a shape string or a function description object');
  }
  const spec = description as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!FUNCTION_KEYS.includes(key)) {
      throw new SettingsError(`${where}.${key}`, `unknown key (expected one of ${FUNCTION_KEYS.join(', ')})`);
    }
  }
  const result: { -readonly [K in keyof CallSpec]: CallSpec[K] } = {};
  if (spec.returns !== undefined) {
    result.returns = checkRef(`${where}.returns`, spec.returns);
  }
  if (spec.resolves !== undefined) {
    result.resolves = checkRef(`${where}.resolves`, spec.resolves);
  }
  if (spec.createsEngine !== undefined) {
    if (typeof spec.createsEngine !== 'boolean') {
      throw new SettingsError(`${where}.createsEngine`, 'expected a boolean');
    }
    if (spec.createsEngine) {
      result.createsEngine = true;
    }
  }
  if (spec.effect !== undefined) {
    if (!EFFECTS.includes(spec.effect as Effect)) {
      throw new SettingsError(`${where}.effect`, `expected one of ${EFFECTS.join(', ')}`);
    }
    result.effect = spec.effect as Effect;
  }
  if (spec.callback !== undefined) {
    const callback = spec.callback as Record<string, unknown>;
    if (typeof callback !== 'object' || callback === null || Array.isArray(callback)) {
      throw new SettingsError(`${where}.callback`, 'expected an object { arg, params, scope }');
    }
    for (const key of Object.keys(callback)) {
      if (!CALLBACK_KEYS.includes(key)) {
        throw new SettingsError(`${where}.callback.${key}`, `unknown key (expected one of ${CALLBACK_KEYS.join(', ')})`);
      }
    }
    const arg = callback.arg;
    if (arg !== 'last' && !(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) {
      throw new SettingsError(`${where}.callback.arg`, 'expected an argument index or "last"');
    }
    const params = callback.params ?? ['transaction'];
    if (!Array.isArray(params)) {
      throw new SettingsError(`${where}.callback.params`, 'expected an array of shapes (null for a parameter that is not a handle)');
    }
    const scope = callback.scope ?? 'transaction';
    if (typeof scope !== 'string' || !SCOPES.includes(scope)) {
      throw new SettingsError(`${where}.callback.scope`, `expected one of ${SCOPES.join(', ')}`);
    }
    result.callback = {
      arg,
      params: params.map((param: unknown, i: number) => (param === null ? null : checkRef(`${where}.callback.params[${i}]`, param))),
      scope: scope as CallbackSpec['scope'],
    };
  }
  if (spec.transacts !== undefined) {
    if (typeof spec.transacts !== 'boolean') {
      throw new SettingsError(`${where}.transacts`, 'expected a boolean');
    }
    if (spec.transacts) {
      result.transacts = true;
    }
  }
  if (spec.handles !== undefined) {
    result.handles = parseHandles(`${where}.handles`, spec.handles);
  }
  for (const key of ['slow', 'outer'] as const) {
    const value = spec[key];
    if (value !== undefined) {
      if (typeof value !== 'string' || value === '') {
        throw new SettingsError(`${where}.${key}`, key === 'slow' ? 'expected what it waits for, e.g. "an HTTP request"' : 'expected the name of the engine it queries through');
      }
      result[key] = value;
    }
  }
  if (spec.fallback !== undefined) {
    result.fallback = parseFallback(`${where}.fallback`, spec.fallback);
  }
  if (spec.pooledSql !== undefined) {
    const raw = spec.pooledSql as Record<string, unknown>;
    const expected = 'expected { arg: <argument index of the SQL>, via: "<what it sends it through, for messages>" }';
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.keys(raw).some((key) => key !== 'arg' && key !== 'via')) {
      throw new SettingsError(`${where}.pooledSql`, expected);
    }
    if (!(typeof raw.arg === 'number' && Number.isInteger(raw.arg) && raw.arg >= 0) || (raw.via !== undefined && (typeof raw.via !== 'string' || raw.via === ''))) {
      throw new SettingsError(`${where}.pooledSql`, expected);
    }
    result.pooledSql = { arg: raw.arg, via: typeof raw.via === 'string' ? raw.via : 'a wrapper of a pool' };
  }
  const instance = spec.instance === undefined ? undefined : checkRef(`${where}.instance`, spec.instance);
  return { call: result, instance };
}

function parseFallback(where: string, raw: unknown): NonNullable<CallSpec['fallback']> {
  const expected = 'expected { arg: <argument index>, param: "<parameter name>", engine: "<engine it queries through without it>", option?: true }';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError(where, expected);
  }
  const { arg, param, engine, option } = raw as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!FALLBACK_KEYS.includes(key)) {
      throw new SettingsError(`${where}.${key}`, `unknown key (expected one of ${FALLBACK_KEYS.join(', ')})`);
    }
  }
  if (!(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) {
    throw new SettingsError(`${where}.arg`, 'expected an argument index');
  }
  if (typeof param !== 'string' || param === '') {
    throw new SettingsError(`${where}.param`, 'expected the name of the parameter, for messages');
  }
  if (typeof engine !== 'string' || engine === '') {
    throw new SettingsError(`${where}.engine`, 'expected the name of the engine it queries through without the argument, for messages');
  }
  if (option !== undefined && typeof option !== 'boolean') {
    throw new SettingsError(`${where}.option`, 'expected true when `param` is a property of the options object passed at `arg`');
  }
  return option ? { arg, param, engine, option } : { arg, param, engine };
}

function parseHandles(where: string, raw: unknown): Array<HandleUse | null> {
  if (!Array.isArray(raw)) {
    throw new SettingsError(where, 'expected an array, by argument index, of { connection, transaction } or null');
  }
  return raw.map((entry: unknown, index) => {
    if (entry === null) {
      return null;
    }
    if (typeof entry !== 'object' || Array.isArray(entry)) {
      throw new SettingsError(`${where}[${index}]`, 'expected { connection?: "closes" | "uses", transaction?: "closes" | "uses" } or null');
    }
    const use: { -readonly [K in keyof HandleUse]: HandleUse[K] } = {};
    for (const [kind, value] of Object.entries(entry as Record<string, unknown>)) {
      if (!HANDLE_KINDS.includes(kind)) {
        throw new SettingsError(`${where}[${index}].${kind}`, `unknown key (expected one of ${HANDLE_KINDS.join(', ')})`);
      }
      if (typeof value !== 'string' || !HANDLE_USES.includes(value)) {
        throw new SettingsError(`${where}[${index}].${kind}`, `expected one of ${HANDLE_USES.join(', ')}`);
      }
      use[kind as keyof HandleUse] = value as 'closes' | 'uses';
    }
    return use;
  });
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** `/a/b/db.ts` → `/a/b/db`, `/a/b/db/index.js` → `/a/b/db`. */
export function stripExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, '').replace(/[/\\]index$/, '');
}
