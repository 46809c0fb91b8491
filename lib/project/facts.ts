import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SettingsError, stripExtension, type WrapperFunction } from '../settings';

/**
 * The facts file `pgbouncer-lint index` writes and the rules read through `settings.pgbouncer.facts`.
 *
 * ```json
 * {
 *   "version": 1,
 *   "generator": "eslint-plugin-pgbouncer 0.1.0",
 *   "root": "..",
 *   "modules": {
 *     "src/db.ts": {
 *       "hash": "…",
 *       "specifiers": ["~/db"],
 *       "exports": { "db": "prisma:PrismaClient", "withTx": { "callback": { "arg": 0, "params": ["prisma:TransactionClient"] } } }
 *     }
 *   }
 * }
 * ```
 * Module paths are relative to `root`, itself relative to the facts file's directory. Each module's
 * exports use the vocabulary of `settings.pgbouncer.modules`, so a fact means the same wherever it
 * comes from. Keys are sorted, so the file diffs well.
 */
export interface FactsFile {
  version: typeof FACTS_VERSION;
  generator: string;
  root: string;
  modules: Record<string, FactsModule>;
  /**
   * Libraries whose transactions some module of the project makes implicit (`Sequelize.useCLS(ns)`,
   * see `LibraryModel.implicitTransactions`), wherever that module is: it need not export anything.
   */
  implicitTransactions?: string[];
}

export interface FactsModule {
  /** SHA-1 of the module's text when it was indexed: a module edited since is ignored until the next `index`. */
  hash: string;
  /** Non-relative specifiers the project imports it by (`~/db`, a `paths` alias, a workspace package). */
  specifiers?: string[];
  exports: Record<string, ExportFact>;
}

export type ExportFact = string | WrapperFunction;

export const FACTS_VERSION = 1;

/** A facts-file module ready for the registry: its absolute path (no extension) and descriptions. */
export interface LoadedFactsModule {
  /** Absolute path of the module file. */
  file: string;
  /** The same, without extension (`/p/src/db`, `/p/src/db/index.ts` → `/p/src/db`), as imports name it. */
  path: string;
  specifiers: readonly string[];
  exports: Record<string, ExportFact>;
  hash: string;
}

/** The facts in force: the modules whose text has not changed since they were indexed. */
export interface FactsState {
  readonly modules: readonly LoadedFactsModule[];
  /** `FactsFile.implicitTransactions`, whatever the freshness of the modules: a project-wide setting at the last index. */
  readonly implicitTransactions: readonly string[];
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Sorted keys, two-space indentation, final newline: byte-identical for identical facts. */
export function serializeFacts(facts: FactsFile): string {
  return `${JSON.stringify(sortKeys(facts), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * Validates the file's structure (not the descriptions: `parseExports` does, naming the key).
 * Throws a SettingsError naming what is wrong.
 */
export function parseFactsFile(text: string, where: string): FactsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(where, `not valid JSON (${(error as Error).message}); run \`pgbouncer-lint index\` again`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError(where, 'expected a facts object written by `pgbouncer-lint index`');
  }
  const file = raw as Partial<FactsFile>;
  if (file.version !== FACTS_VERSION) {
    throw new SettingsError(
      `${where} version`,
      `this version of eslint-plugin-pgbouncer reads facts version ${FACTS_VERSION}, the file has ${JSON.stringify(file.version)}; run \`pgbouncer-lint index\` again`,
    );
  }
  if (typeof file.root !== 'string') {
    throw new SettingsError(`${where} root`, 'expected the project root, relative to the facts file');
  }
  if (typeof file.modules !== 'object' || file.modules === null || Array.isArray(file.modules)) {
    throw new SettingsError(`${where} modules`, 'expected an object mapping module paths to their facts');
  }
  if (
    file.implicitTransactions !== undefined &&
    (!Array.isArray(file.implicitTransactions) || file.implicitTransactions.some((lib) => typeof lib !== 'string'))
  ) {
    throw new SettingsError(`${where} implicitTransactions`, 'expected an array of library ids');
  }
  for (const [name, module] of Object.entries(file.modules)) {
    const at = `${where} modules[${JSON.stringify(name)}]`;
    if (typeof module !== 'object' || module === null || Array.isArray(module)) {
      throw new SettingsError(at, 'expected { hash, exports }');
    }
    if (typeof module.hash !== 'string') {
      throw new SettingsError(`${at}.hash`, 'expected the SHA-1 of the module text');
    }
    if (module.specifiers !== undefined && (!Array.isArray(module.specifiers) || module.specifiers.some((s) => typeof s !== 'string'))) {
      throw new SettingsError(`${at}.specifiers`, 'expected an array of module specifiers');
    }
    if (typeof module.exports !== 'object' || module.exports === null || Array.isArray(module.exports)) {
      throw new SettingsError(`${at}.exports`, 'expected an object mapping export names to descriptions');
    }
  }
  return file as FactsFile;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  /** Every module of the file, with its stat at the last check. */
  modules: Array<LoadedFactsModule & { stat: string; fresh: boolean }>;
  state: FactsState;
  implicitTransactions: readonly string[];
  checkedAt: number;
}

const cache = new Map<string, CacheEntry>();
/** How long module freshness is trusted before the files are looked at again (editor sessions). */
const RECHECK_MS = 1000;
const NO_FACTS: FactsState = { modules: [], implicitTransactions: [] };

/**
 * The facts in force for `settings.pgbouncer.facts` (relative to `cwd`). A missing file means no
 * facts (today's behaviour, no error); a malformed one is a SettingsError. The result is the same
 * object while neither the facts file nor any module it describes has changed, so callers can
 * cache on it.
 */
export function loadFacts(factsPath: string, cwd: string, now = Date.now()): FactsState {
  const file = path.resolve(cwd, factsPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    cache.delete(file);
    return NO_FACTS;
  }
  let entry = cache.get(file);
  if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
    const parsed = parseFactsFile(fs.readFileSync(file, 'utf8'), `settings.pgbouncer.facts (${factsPath})`);
    const root = path.resolve(path.dirname(file), parsed.root);
    const modules = Object.entries(parsed.modules).map(([relative, module]) => {
      const absolute = path.resolve(root, relative);
      return {
        file: absolute,
        path: stripExtension(absolute),
        specifiers: module.specifiers ?? [],
        exports: module.exports,
        hash: module.hash,
        stat: '',
        fresh: false,
      };
    });
    const implicitTransactions = parsed.implicitTransactions ?? [];
    entry = { mtimeMs: stat.mtimeMs, size: stat.size, modules, state: NO_FACTS, implicitTransactions, checkedAt: -Infinity };
    cache.set(file, entry);
  }
  if (now - entry.checkedAt >= RECHECK_MS) {
    entry.checkedAt = now;
    let changed = entry.state === NO_FACTS && (entry.modules.length > 0 || entry.implicitTransactions.length > 0);
    for (const module of entry.modules) {
      const fresh = freshness(module);
      if (fresh.stat !== module.stat) {
        module.stat = fresh.stat;
        changed ||= fresh.fresh !== module.fresh;
        module.fresh = fresh.fresh;
      }
    }
    if (changed) {
      entry.state = { modules: entry.modules.filter((module) => module.fresh), implicitTransactions: entry.implicitTransactions };
    }
  }
  return entry.state;
}

/** A module is fresh when its text still has the indexed hash (re-hashed only when its stat changed). */
function freshness(module: LoadedFactsModule & { stat: string; fresh: boolean }): { stat: string; fresh: boolean } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(module.file);
  } catch {
    return { stat: 'missing', fresh: false };
  }
  const key = `${stat.mtimeMs}:${stat.size}`;
  if (key === module.stat) {
    return { stat: key, fresh: module.fresh };
  }
  try {
    return { stat: key, fresh: hashText(fs.readFileSync(module.file, 'utf8')) === module.hash };
  } catch {
    return { stat: 'missing', fresh: false };
  }
}
