import path from 'node:path';
import type { CallSpec, CallbackSpec, Effect, ModuleSpec, Shape } from './models/types';

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
}

export interface WrapperFunction {
  returns?: string;
  resolves?: string;
  createsEngine?: boolean;
  effect?: Effect;
  callback?: { arg: number | 'last'; params?: string[]; scope?: CallbackSpec['scope'] };
}

/** A module described by settings, ready for the registry. */
export interface SettingsModule {
  lib: string;
  shapes: Record<string, Shape>;
  spec: ModuleSpec;
  test: (specifier: string, resolvedPath: string | undefined) => boolean;
}

const ROLES: Record<string, string> = {
  engine: 'generic:engine',
  connection: 'generic:connection',
  transaction: 'generic:transaction',
};
const EFFECTS: readonly Effect[] = ['acquire', 'release', 'begin', 'commit', 'rollback', 'close'];
const FUNCTION_KEYS = ['returns', 'resolves', 'createsEngine', 'effect', 'callback'];
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
  return value in ROLES || /^[\w.@/-]+:[\w$]+$/.test(value);
}

function refOf(value: string): string {
  return ROLES[value] ?? value;
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
    if (key !== 'modules') {
      throw new SettingsError(`settings.pgbouncer.${key}`, 'unknown key (expected "modules")');
    }
  }
  const modules = (raw as PgBouncerSettings).modules;
  if (modules === undefined) {
    return [];
  }
  if (typeof modules !== 'object' || modules === null || Array.isArray(modules)) {
    throw new SettingsError('settings.pgbouncer.modules', 'expected an object mapping module specifiers to their exports');
  }
  const checkRef = (where: string, value: unknown): string => {
    if (typeof value !== 'string' || !isShapeRef(value)) {
      throw new SettingsError(where, `expected a shape such as "pg:Pool" or a role ("engine", "connection", "transaction"), got ${JSON.stringify(value)}`);
    }
    const ref = refOf(value);
    if (!knownShape(ref)) {
      throw new SettingsError(where, `unknown shape "${value}"`);
    }
    return ref;
  };
  return Object.entries(modules).map(([specifier, exportsMap], index) => {
    const where = `settings.pgbouncer.modules[${JSON.stringify(specifier)}]`;
    if (typeof exportsMap !== 'object' || exportsMap === null || Array.isArray(exportsMap)) {
      throw new SettingsError(where, 'expected an object mapping export names to descriptions');
    }
    const lib = `settings${index}`;
    const shapes: Record<string, Shape> = {};
    const props: Record<string, string> = {};
    let defaultRef: string | undefined;
    for (const [name, description] of Object.entries(exportsMap)) {
      const at = `${where}.${name}`;
      let ref: string;
      if (typeof description === 'string') {
        ref = checkRef(at, description);
      } else {
        ref = `${lib}:fn_${name}`;
        shapes[`fn_${name}`] = { call: parseFunction(at, description, checkRef) };
      }
      if (name === 'default') {
        defaultRef = ref;
      } else {
        props[name] = ref;
      }
    }
    shapes.exports = { props };
    const glob = specifier.includes('*') ? globToRegExp(specifier) : undefined;
    const absolute = stripExtension(path.resolve(cwd, specifier));
    return {
      lib,
      shapes,
      spec: { name: specifier, exports: 'exports', default: defaultRef ?? 'exports' },
      test: (candidate: string, resolvedPath: string | undefined) =>
        candidate === specifier || glob?.test(candidate) === true || (resolvedPath !== undefined && resolvedPath === absolute),
    };
  });
}

function parseFunction(where: string, description: unknown, checkRef: (where: string, value: unknown) => string): CallSpec {
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
  return result;
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
