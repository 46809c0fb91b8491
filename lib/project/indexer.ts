import fs from 'node:fs';
import path from 'node:path';
import { SourceCode, type AST, type Scope } from 'eslint';
import type { TSESTree } from '@typescript-eslint/utils';
import { Project, ts } from 'ts-morph';
import { analyse, registryWithFacts } from '../analysis/file';
import { FRAMEWORKS, LIBRARIES } from '../models/index';
import { Registry } from '../models/registry';
import { stripExtension } from '../settings';
import { packageInfo } from '../util/package-info';
import { collectModule, type CollectedModule } from './collect';
import { moduleParser, type ModuleParser, type Parsed } from './parse';
import { FACTS_VERSION, hashText, serializeFacts, type ExportFact, type FactsFile, type FactsModule, type LoadedFactsModule } from './facts';

export const PLUGIN_VERSION = packageInfo().version;
const CACHE_VERSION = 2;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const BASE = new Registry(LIBRARIES, FRAMEWORKS);

export interface IndexOptions {
  /** The directory the project lives in (default: the working directory). */
  cwd: string;
  /** A `tsconfig.json` / `jsconfig.json`, or a directory holding one. Without one, every JS/TS file under `cwd`. */
  project?: string;
  /** The cache file for incremental indexing; `false` for none. */
  cache?: string | false;
  /** `espree`: ESLint's default parser, as in a JavaScript project without `typescript` (default: typescript-eslint's when installed). */
  parser?: 'auto' | 'espree';
  /** Called after each module, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** One module of the project as the indexer saw it. */
export interface IndexedFile {
  /** Absolute path. */
  readonly file: string;
  readonly hash: string;
  /** Project modules it imports, resolved, with the specifiers it uses for them. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Its exports' facts (after re-exports), empty when it exports nothing the rules care about. */
  readonly exports: Record<string, ExportFact>;
}

export interface ProjectIndex {
  /** The project root: the directory of the configuration, or `cwd`. */
  readonly root: string;
  /** How the project was loaded: a config path, or `generated` (every source file under the root). */
  readonly config: string;
  readonly files: ReadonlyMap<string, IndexedFile>;
  readonly facts: FactsFile;
  readonly stats: { files: number; analysed: number; reused: number; ms: number };
  /** Modules whose analysis threw (a bug to report): they have no facts; the index goes on. */
  readonly failures: ReadonlyArray<{ file: string; message: string }>;
}

interface CacheEntry {
  hash: string;
  imports: string[];
  /** Hash of the dependencies' facts the module was analysed against. */
  depsKey?: string;
  collected?: CollectedModule | null;
}

interface CacheFile {
  version: number;
  plugin: string;
  files: Record<string, CacheEntry>;
}

/**
 * Loads the project through ts-morph (its `tsconfig.json` or `jsconfig.json`: files, compiler
 * options, `paths`), resolves every import the way TypeScript does, and computes the facts of each
 * module in dependency order, so a module's facts build on those of the modules it imports
 * (`export const db = drizzle(pool)` over an imported pool; `getUsers()` calling an imported
 * `createDb()`; `export * from './db'`). Modules are analysed with the rules' own models and value
 * tracking; a module whose text and dependencies' facts are unchanged is taken from the cache.
 */
export function indexProject(options: IndexOptions): ProjectIndex {
  const started = performance.now();
  const loaded = loadProject(options);
  const { root, files: fileNames } = loaded;
  const cachePath = options.cache === false ? undefined : path.resolve(options.cwd, options.cache ?? '.pgbouncer/index-cache.json');
  const cache = readCache(cachePath);
  const nextCache: CacheFile = { version: CACHE_VERSION, plugin: PLUGIN_VERSION, files: {} };

  const fileSet = new Set(fileNames);
  const texts = new Map<string, string>();
  const entries = new Map<string, CacheEntry>();
  const dependencies = new Map<string, Map<string, string[]>>();

  for (const file of fileNames) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    texts.set(file, text);
    const relative = toPosix(path.relative(root, file));
    const hash = hashText(text);
    const previous = cache?.files[relative];
    const entry: CacheEntry =
      previous && previous.hash === hash ? { ...previous } : { hash, imports: ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName) };
    entries.set(file, entry);
    nextCache.files[relative] = entry;
    const deps = new Map<string, string[]>();
    for (const specifier of new Set(entry.imports)) {
      const target = resolve(specifier, file, loaded.unitOf(file));
      if (target && fileSet.has(target) && target !== file) {
        deps.set(target, [...(deps.get(target) ?? []), specifier]);
      }
    }
    dependencies.set(file, deps);
  }

  const exportsOf = new Map<string, Record<string, ExportFact>>();
  const failures: Array<{ file: string; message: string }> = [];
  const parser = moduleParser(options.parser);
  let analysed = 0;
  let reused = 0;
  let done = 0;
  const order = stronglyConnected([...texts.keys()], (file) => [...(dependencies.get(file)?.keys() ?? [])]);
  for (const component of order) {
    // A cycle is analysed until its facts stop changing (bounded: facts only grow).
    for (let round = 0; round < (component.length > 1 ? 3 : 1); round++) {
      let changed = false;
      for (const file of component) {
        const deps = dependencies.get(file)!;
        const depFacts = [...deps.keys()]
          .filter((dep) => Object.keys(exportsOf.get(dep) ?? {}).length > 0)
          .sort()
          .map((dep) => ({ dep, exports: exportsOf.get(dep)! }));
        const entry = entries.get(file)!;
        const depsKey = hashText(JSON.stringify(depFacts.map(({ dep, exports }) => [toPosix(path.relative(root, dep)), exports])));
        let collected: CollectedModule | null;
        if (entry.depsKey === depsKey && entry.collected !== undefined && round === 0) {
          collected = entry.collected;
          reused++;
        } else if (!mayHaveFacts(texts.get(file)!, entry.imports, depFacts.length > 0)) {
          collected = null;
        } else {
          collected = analyseModule(parser, failures, root, file, texts.get(file)!, depFacts, deps);
          analysed++;
        }
        entry.depsKey = depsKey;
        entry.collected = collected;
        const exports = resolveExports(file, collected, deps, exportsOf, loaded.unitOf(file));
        if (JSON.stringify(exports) !== JSON.stringify(exportsOf.get(file) ?? {})) {
          changed = true;
        }
        exportsOf.set(file, exports);
      }
      if (!changed) {
        break;
      }
    }
    done += component.length;
    options.onProgress?.(done, texts.size);
  }

  // Non-relative specifiers by which modules are imported (tsconfig `paths`, workspace packages).
  const aliases = new Map<string, Set<string>>();
  for (const deps of dependencies.values()) {
    for (const [target, specifiers] of deps) {
      for (const specifier of specifiers) {
        if (!specifier.startsWith('.')) {
          let set = aliases.get(target);
          if (!set) {
            set = new Set();
            aliases.set(target, set);
          }
          set.add(specifier);
        }
      }
    }
  }

  const modules: Record<string, FactsModule> = {};
  const files = new Map<string, IndexedFile>();
  for (const file of texts.keys()) {
    const exports = exportsOf.get(file) ?? {};
    const entry = entries.get(file)!;
    files.set(file, { file, hash: entry.hash, dependencies: dependencies.get(file)!, exports });
    if (Object.keys(exports).length === 0) {
      continue;
    }
    const specifiers = [...(aliases.get(file) ?? [])].sort();
    modules[toPosix(path.relative(root, file))] = { hash: entry.hash, ...(specifiers.length > 0 ? { specifiers } : {}), exports };
  }
  writeCache(cachePath, nextCache);
  const implicitTransactions = implicitTransactionLibs(texts.values());
  const facts: FactsFile = {
    version: FACTS_VERSION,
    generator: `eslint-plugin-pgbouncer ${PLUGIN_VERSION}`,
    root: '.',
    modules,
    ...(implicitTransactions.length > 0 ? { implicitTransactions } : {}),
  };
  return {
    root,
    config: loaded.config,
    files,
    facts,
    stats: { files: texts.size, analysed, reused, ms: Math.round(performance.now() - started) },
    failures,
  };
}

/** Writes the facts file, with `root` relative to the file's own directory. */
export function writeFacts(index: ProjectIndex, out: string): string {
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const root = toPosix(path.relative(path.dirname(target), index.root)) || '.';
  const text = serializeFacts({ ...index.facts, root });
  fs.writeFileSync(target, text);
  return target;
}

/** The facts of the project's modules as the registry's in-memory form (the audit lints with them). */
export function loadedModules(index: ProjectIndex): LoadedFactsModule[] {
  return Object.entries(index.facts.modules).map(([relative, module]) => {
    const file = path.resolve(index.root, relative);
    return { file, path: stripExtension(file), specifiers: module.specifiers ?? [], exports: module.exports, hash: module.hash };
  });
}

interface LoadedProject {
  root: string;
  config: string;
  files: string[];
  /** How imports in a file are resolved (its project's compiler options). */
  unitOf(file: string): ResolutionUnit;
}

function loadProject(options: IndexOptions): LoadedProject {
  const cwd = path.resolve(options.cwd);
  let configPath: string | undefined;
  if (options.project) {
    const given = path.resolve(cwd, options.project);
    configPath = fs.existsSync(given) && fs.statSync(given).isDirectory() ? findConfig(given) : given;
    if (!configPath || !fs.existsSync(configPath)) {
      throw new Error(`pgbouncer-lint: no tsconfig.json or jsconfig.json at ${given}`);
    }
  } else {
    configPath = findConfig(cwd);
  }
  if (configPath) {
    const project = new Project({ tsConfigFilePath: configPath, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    const root = path.dirname(configPath);
    const files: string[] = [];
    const units = new Map<string, ResolutionUnit>();
    // The configuration and, in a monorepo, the projects it references (`references`), each with
    // its own compiler options for resolving its files' imports.
    const visit = (config: string, options: ts.CompilerOptions | undefined, depth: number): void => {
      const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(`pgbouncer-lint: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
        },
      });
      if (!parsed) {
        return;
      }
      const unit = resolutionUnit({ ...(options ?? parsed.options), allowJs: true }, path.dirname(config));
      for (const file of parsed.fileNames.map((name) => path.resolve(name))) {
        if (!units.has(file) && isSource(root, file)) {
          units.set(file, unit);
          files.push(file);
        }
      }
      for (const reference of parsed.projectReferences ?? []) {
        const referenced = ts.resolveProjectReferencePath(reference);
        if (depth < 8 && fs.existsSync(referenced) && !seen.has(referenced)) {
          seen.add(referenced);
          visit(referenced, undefined, depth + 1);
        }
      }
    };
    const seen = new Set([configPath]);
    visit(configPath, project.getCompilerOptions(), 0);
    return { root, config: configPath, files, unitOf: (file) => units.get(file)! };
  }
  // A JavaScript project without a config: every source file under the directory, as `allowJs` would.
  const compilerOptions: ts.CompilerOptions = { allowJs: true, checkJs: false, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.Preserve };
  const project = new Project({ compilerOptions, skipLoadingLibFiles: true });
  const files = ts.sys
    .readDirectory(cwd, SOURCE_EXTENSIONS, ['**/node_modules', '**/dist', '**/build', '**/coverage', '**/.*'], ['**/*'])
    .map((file) => path.resolve(file))
    .filter((file) => isSource(cwd, file));
  const unit = resolutionUnit(project.getCompilerOptions(), cwd);
  return { root: cwd, config: 'generated', files, unitOf: () => unit };
}

/** Compiler options and the module resolution cache that goes with them. */
interface ResolutionUnit {
  readonly options: ts.CompilerOptions;
  readonly cache: ts.ModuleResolutionCache;
}

function resolutionUnit(options: ts.CompilerOptions, dir: string): ResolutionUnit {
  return { options, cache: ts.createModuleResolutionCache(dir, (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), options) };
}

function resolve(specifier: string, file: string, unit: ResolutionUnit): string | undefined {
  const resolved = ts.resolveModuleName(specifier, file, unit.options, ts.sys, unit.cache).resolvedModule;
  return resolved && !resolved.isExternalLibraryImport ? path.resolve(resolved.resolvedFileName) : undefined;
}

function findConfig(dir: string): string | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** A source file of the project: not a declaration file, not a dependency (below the root's own path). */
function isSource(root: string, file: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(file) && !/(^|[/\\])node_modules[/\\]/.test(path.relative(root, file));
}

/**
 * Only modules that import something modelled (a database library, a framework, an HTTP or cloud
 * client) or a project module with facts, or that call `fetch`, can have facts of their own; the
 * rest are not parsed at all.
 */
function mayHaveFacts(text: string, specifiers: readonly string[], importsFacts: boolean): boolean {
  return importsFacts || specifiers.some((specifier) => BASE.module(specifier) !== undefined) || /\bfetch\s*\(/.test(text);
}

/** Lints one module with the collecting rule, against the facts of the modules it imports. */
function analyseModule(
  parser: ModuleParser,
  failures: Array<{ file: string; message: string }>,
  root: string,
  file: string,
  text: string,
  depFacts: ReadonlyArray<{ dep: string; exports: Record<string, ExportFact> }>,
  deps: ReadonlyMap<string, readonly string[]>,
): CollectedModule | null {
  const modules: LoadedFactsModule[] = depFacts.map(({ dep, exports }) => ({
    file: dep,
    path: stripExtension(dep),
    specifiers: (deps.get(dep) ?? []).filter((specifier) => !specifier.startsWith('.')),
    exports,
    hash: '',
  }));
  const registry = modules.length > 0 ? registryWithFacts(modules) : BASE;
  const describe = (key: string): ExportFact | undefined => {
    const match = /^facts(\d+):fn_(.+)$/.exec(key);
    if (match) {
      return modules[Number(match[1])]?.exports[match[2]!];
    }
    if (/^facts\d+:/.test(key)) {
      return undefined;
    }
    return registry.shape(key) ? key : undefined;
  };
  let parsed: Parsed;
  try {
    parsed = parser.parse(text, file);
  } catch {
    return null; // a syntax error: no facts, as ESLint would say nothing about it either
  }
  const { ast, scopeManager, visitorKeys, services } = parsed;
  setParents(ast as TSESTree.Node, visitorKeys);
  const sourceCode = new SourceCode({
    text,
    ast: ast as AST.Program,
    parserServices: services,
    scopeManager: scopeManager as unknown as Scope.ScopeManager,
    visitorKeys: visitorKeys as unknown as SourceCode.VisitorKeys,
  });
  // The shared per-file analysis needs only what a rule context gives it.
  const context = { sourceCode, settings: {}, cwd: root, filename: file } as unknown as Parameters<typeof analyse>[0];
  try {
    return collectModule(analyse(context, false, registry), context.sourceCode, describe);
  } catch (error) {
    failures.push({ file, message: (error as Error).message });
    return null; // never let one module stop the index: it just has no facts
  }
}

/** ESLint sets `parent` while it traverses; the indexer parses without ESLint, so it does it here. */
function setParents(root: TSESTree.Node, keys: Record<string, readonly string[]>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') {
          (item as { parent: TSESTree.Node }).parent = node;
          stack.push(item as TSESTree.Node);
        }
      }
    }
  }
}

/** A module's exports after its re-exports (`export * from`, `export { a as b } from`) are followed. */
function resolveExports(
  file: string,
  collected: CollectedModule | null,
  deps: ReadonlyMap<string, readonly string[]>,
  exportsOf: ReadonlyMap<string, Record<string, ExportFact>>,
  unit: ResolutionUnit,
): Record<string, ExportFact> {
  if (!collected) {
    return {};
  }
  const result: Record<string, ExportFact> = {};
  for (const reexport of collected.reexports) {
    const target = [...deps.entries()].find(([, specifiers]) => specifiers.includes(reexport.specifier))?.[0] ?? resolve(reexport.specifier, file, unit);
    const facts = target ? exportsOf.get(target) : undefined;
    if (!facts) {
      continue;
    }
    if (reexport.names === 'all') {
      for (const [name, fact] of Object.entries(facts)) {
        if (name !== 'default' && !(name in result)) {
          result[name] = fact;
        }
      }
    } else {
      for (const { imported, exported } of reexport.names) {
        const fact = facts[imported];
        if (fact !== undefined) {
          result[exported] = fact;
        }
      }
    }
  }
  return { ...result, ...collected.exports };
}

/** Tarjan's strongly connected components, dependencies before dependents. */
function stronglyConnected(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  const known = new Set(nodes);
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) {
      continue;
    }
    // Iterative, so deep import chains cannot overflow the call stack.
    const work: Array<{ node: string; next: number; targets: readonly string[] }> = [];
    const push = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, targets: edges(node).filter((target) => known.has(target)) });
    };
    push(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (!index.has(target)) {
          push(target);
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) {
        low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        result.push(component);
      }
    }
  }
  return result;
}

function readCache(file: string | undefined): CacheFile | undefined {
  if (!file) {
    return undefined;
  }
  try {
    const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    return cache.version === CACHE_VERSION && cache.plugin === PLUGIN_VERSION && typeof cache.files === 'object' ? cache : undefined;
  } catch {
    return undefined; // no cache, or an unreadable one: index from scratch
  }
}

function writeCache(file: string | undefined, cache: CacheFile): void {
  if (!file) {
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(cache));
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** The libraries whose transactions some module makes implicit (`Sequelize.useCLS(ns)`), sorted. */
function implicitTransactionLibs(texts: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const [lib, marker] of BASE.implicitTransactionMarkers) {
      if (!found.has(lib) && marker.test(text)) {
        found.add(lib);
      }
    }
  }
  return [...found].sort();
}
