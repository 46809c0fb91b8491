import { setBounded } from '../util/bounded';
import type { CallSpec, FrameworkModel, LibraryModel, ModuleSpec, Shape, ShapeRef } from './types';

/** The model name of modules described by `settings.pgbouncer` or the facts file: the team's own code. */
export const PROJECT_MODULES = 'settings.pgbouncer';

/** A shape of the team's own code (a function or class described by settings or the facts file). */
export function isProjectShape(shape: ResolvedShape): boolean {
  return shape.libName === PROJECT_MODULES;
}

/** A shape with the model it belongs to, addressed by its key `lib:Name`. */
export interface ResolvedShape extends Shape {
  readonly key: string;
  /** Model id (`pg`, `prisma`, …, or a framework id). */
  readonly lib: string;
  /** Model display name, e.g. `node-postgres`. */
  readonly libName: string;
  /** The model documents per-request creation on serverless runtimes. */
  readonly serverless: boolean;
  /** A framework whose handlers serve requests concurrently in one process (`FrameworkModel.concurrent`). */
  readonly concurrent: boolean;
}

/** A modelled module: the shapes of its namespace and of its default export. */
export interface ModuleEntry {
  readonly exportsKey: string;
  readonly defaultKey: string;
  readonly lib: string;
}

interface PatternEntry extends ModuleEntry {
  /** `resolvedPath`: for a relative specifier, the absolute path it names, without extension. */
  readonly test: (specifier: string, resolvedPath: string | undefined) => boolean;
}

type Model = LibraryModel | FrameworkModel;

/** What a transaction callback does with its handle that names the library (`LibraryModel.recognisedBy`). */
export type HandleEvidence = NonNullable<NonNullable<LibraryModel['recognisedBy']>['handleChains']>;

/** At most this many remembered resolved paths, and answers per path, per registry (an editor lives long). */
const MATCHED_LIMIT = 50_000;

/**
 * All shapes of all models, addressable by key, and the module specifiers that lead to them.
 * Built once for the bundled models, and once more per distinct `settings.pgbouncer` (user wrappers).
 */
export class Registry {
  private readonly shapes = new Map<string, ResolvedShape>();
  private readonly exact = new Map<string, ModuleEntry>();
  private readonly patterns: PatternEntry[] = [];
  /** How many of `patterns`, at their start, the team declared (in the order declared). */
  private declaredPatterns = 0;
  /**
   * What the patterns answered per resolved path ('' for package specifiers) and specifier: every
   * file asks again for the same imports.
   */
  private readonly matched = new Map<string, Map<string, ModuleEntry | null>>();
  /** Project modules from the facts file, by absolute path without extension. */
  private readonly files = new Map<string, ModuleEntry>();
  private readonly typeIndex = new Map<string, Map<string, string>>();
  /** Per library, the first names of its type paths (`Prisma` for `Prisma.TransactionClient`). */
  private readonly typeHeads = new Map<string, ReadonlySet<string>>();
  /** Library ids whose modules count as "a database library" for the per-file early exit. */
  readonly databaseLibs = new Set<string>();
  /** Per library, the call that makes its transactions implicit (`LibraryModel.implicitTransactions`), as a text marker. */
  readonly implicitTransactionMarkers = new Map<string, RegExp>();
  /** Libraries whose transactions some module of the project makes implicit (from the facts file). */
  readonly implicitInProject = new Set<string>();
  /** Class methods that return an engine's configuration to a framework, by name: the layout (`LibraryModel.optionsFactories`). */
  readonly optionsFactories = new Map<string, string>();
  /** Per module, its decorators that inject a handle for a named connection, and which argument names it (`LibraryModel.namedInjections`). */
  readonly namedInjections = new Map<string, ReadonlyMap<string, number>>();
  /** Method names that tell what a receiver of unknown origin is, to its shape key (`LibraryModel.recognisedBy`). */
  readonly recognisedBy = new Map<string, string>();
  /**
   * Transaction methods recognised by what is done with their handle, by method name, each
   * library's evidence with the receiver's shape key (`LibraryModel.recognisedBy`).
   */
  readonly recognisedByMethod = new Map<string, Array<HandleEvidence & { readonly key: string }>>();

  /**
   * Properties a library's framework plugin adds to the framework's instance (`fastify.pg`), by
   * name: the shape key, and the modules whose import or dependency makes the file's receivers
   * named like that instance hold it (`LibraryModel.decorations`).
   */
  readonly decorations = new Map<string, { readonly key: string; readonly packages: readonly string[] }>();

  constructor(libraries: readonly LibraryModel[], frameworks: readonly FrameworkModel[]) {
    for (const model of libraries) {
      this.addModel(model, true);
    }
    for (const model of frameworks) {
      this.addModel(model, false);
    }
  }

  /**
   * A copy to extend with a project's modules (settings, facts), cheaper than building one from
   * the models again: the bundled shapes are shared, not re-resolved.
   */
  fork(): Registry {
    const copy = new Registry([], []);
    for (const [key, shape] of this.shapes) {
      copy.shapes.set(key, shape);
    }
    for (const [name, entry] of this.exact) {
      copy.exact.set(name, entry);
    }
    copy.patterns.push(...this.patterns);
    copy.declaredPatterns = this.declaredPatterns;
    for (const [lib, index] of this.typeIndex) {
      copy.typeIndex.set(lib, index);
    }
    for (const [lib, heads] of this.typeHeads) {
      copy.typeHeads.set(lib, heads);
    }
    for (const [file, entry] of this.files) {
      copy.files.set(file, entry);
    }
    for (const lib of this.databaseLibs) {
      copy.databaseLibs.add(lib);
    }
    for (const [lib, marker] of this.implicitTransactionMarkers) {
      copy.implicitTransactionMarkers.set(lib, marker);
    }
    for (const lib of this.implicitInProject) {
      copy.implicitInProject.add(lib);
    }
    for (const [method, layout] of this.optionsFactories) {
      copy.optionsFactories.set(method, layout);
    }
    for (const [module, decorators] of this.namedInjections) {
      copy.namedInjections.set(module, decorators);
    }
    for (const [method, key] of this.recognisedBy) {
      copy.recognisedBy.set(method, key);
    }
    for (const [method, evidences] of this.recognisedByMethod) {
      copy.recognisedByMethod.set(method, [...evidences]);
    }
    for (const [property, decoration] of this.decorations) {
      copy.decorations.set(property, decoration);
    }
    return copy;
  }

  addModel(model: Model, database: boolean): void {
    const serverless = 'serverless' in model && model.serverless === true;
    const concurrent = 'concurrent' in model && model.concurrent === true;
    for (const [name, shape] of Object.entries(model.shapes)) {
      const key = `${model.id}:${name}`;
      this.shapes.set(key, { ...shape, ...ownRecords(shape), key, lib: model.id, libName: model.name, serverless, concurrent });
    }
    if (database) {
      this.databaseLibs.add(model.id);
    }
    if ('implicitTransactions' in model && model.implicitTransactions) {
      this.implicitTransactionMarkers.set(model.id, implicitMarker(model.implicitTransactions.call));
    }
    if ('namedInjections' in model && model.namedInjections) {
      for (const { module, decorator, arg } of model.namedInjections) {
        this.namedInjections.set(module, new Map([...(this.namedInjections.get(module) ?? []), [decorator, arg]]));
      }
    }
    if ('recognisedBy' in model && model.recognisedBy) {
      const key = this.resolveRef(model.id, model.recognisedBy.shape);
      for (const method of model.recognisedBy.methods ?? []) {
        this.recognisedBy.set(method, key);
      }
      const handle = model.recognisedBy.handleChains;
      if (handle) {
        this.recognisedByMethod.set(handle.method, [...(this.recognisedByMethod.get(handle.method) ?? []), { ...handle, key }]);
      }
    }
    if ('decorations' in model && model.decorations) {
      const packages = model.modules.flatMap((spec) => (spec.name === undefined ? [] : [spec.name]));
      for (const { property, shape } of model.decorations) {
        this.decorations.set(property, { key: this.resolveRef(model.id, shape), packages });
      }
    }
    if ('optionsFactories' in model && model.optionsFactories) {
      for (const factory of model.optionsFactories) {
        this.optionsFactories.set(factory.method, factory.layout);
      }
    }
    for (const spec of model.modules) {
      this.addModule(model.id, spec);
    }
    if ('types' in model && model.types) {
      const byPath = new Map<string, string>();
      const heads = new Set<string>();
      for (const [typePath, ref] of Object.entries(model.types)) {
        byPath.set(typePath, this.resolveRef(model.id, ref));
        heads.add(typePath.split('.')[0]);
      }
      this.typeIndex.set(model.id, byPath);
      this.typeHeads.set(model.id, heads);
    }
  }

  addModule(lib: string, spec: ModuleSpec, test?: PatternEntry['test']): void {
    const entry = this.entryOf(lib, spec);
    if (spec.name !== undefined && !test) {
      this.exact.set(spec.name, entry);
    } else {
      const pattern = spec.pattern;
      const matcher = test ?? ((specifier: string) => pattern?.test(specifier) === true);
      // A module the team declares (with its own test) comes before the bundled patterns.
      if (test) {
        this.patterns.splice(this.declaredPatterns++, 0, { ...entry, test: matcher });
      } else {
        this.patterns.push({ ...entry, test: matcher });
      }
      this.matched.clear();
    }
  }

  /**
   * A project module (from the facts file): found by the absolute path a relative import names, and
   * by the other specifiers the project uses for it (`~/db`, `@acme/db`).
   */
  addFileModule(lib: string, spec: ModuleSpec, file: { path: string; specifiers: readonly string[] }): void {
    const entry = this.entryOf(lib, spec);
    this.files.set(file.path, entry);
    this.matched.clear();
    for (const specifier of file.specifiers) {
      if (!this.exact.has(specifier)) {
        this.exact.set(specifier, entry);
      }
    }
  }

  private entryOf(lib: string, spec: ModuleSpec): ModuleEntry {
    return { lib, exportsKey: this.resolveRef(lib, spec.exports), defaultKey: this.resolveRef(lib, spec.default ?? spec.exports) };
  }

  /** `Name` within `lib`, or `other:Name`, to a shape key. */
  resolveRef(lib: string, ref: ShapeRef): string {
    return ref.includes(':') ? ref : `${lib}:${ref}`;
  }

  shape(key: string): ResolvedShape | undefined {
    return this.shapes.get(key);
  }

  /** The shape a reference within `lib` names, if any. */
  shapeAt(lib: string, ref: ShapeRef | null | undefined): ResolvedShape | undefined {
    return ref === undefined || ref === null ? undefined : this.shapes.get(this.resolveRef(lib, ref));
  }

  /** The shape of what a modelled call returns or resolves to (`PoolClient` for `pool.connect()`). */
  resultShape(call: { readonly shape: { readonly lib: string }; readonly spec: CallSpec }): ResolvedShape | undefined {
    return this.shapeAt(call.shape.lib, call.spec.returns ?? call.spec.resolves);
  }

  /** The module a specifier names, if it is a modelled one. */
  module(specifier: string, resolvedPath?: string): ModuleEntry | undefined {
    const exact = this.exact.get(specifier);
    if (exact) {
      return exact;
    }
    // Deno's and the CDNs' names for an npm package (`npm:postgres@3.4.4`, `https://esm.sh/pg@8`).
    if (specifier.startsWith('npm:') || specifier.startsWith('jsr:') || specifier.startsWith('http')) {
      const canonical = packageSpecifier(specifier);
      return canonical === undefined ? undefined : this.module(canonical);
    }
    const file = resolvedPath === undefined ? undefined : this.files.get(resolvedPath);
    if (file) {
      return file;
    }
    // Keyed by the resolved path first: its string is shared by every file of a directory (see
    // ValueTracker.resolved), so the look-up hashes it once.
    const key = resolvedPath ?? '';
    let bySpecifier = this.matched.get(key);
    if (bySpecifier === undefined) {
      bySpecifier = new Map();
      setBounded(this.matched, key, bySpecifier, MATCHED_LIMIT);
    }
    let matched = bySpecifier.get(specifier);
    if (matched === undefined) {
      matched = this.patterns.find((entry) => entry.test(specifier, resolvedPath)) ?? null;
      setBounded(bySpecifier, specifier, matched, MATCHED_LIMIT);
    }
    return matched ?? undefined;
  }

  /** Does some type path of a model begin with `name` (`PoolClient`, `Prisma` for `Prisma.TransactionClient`)? */
  typeBeginsWith(lib: string, name: string): boolean {
    return this.typeHeads.get(lib)?.has(name) === true;
  }

  /** The shape a type path denotes in a model (type-aware mode, where the declaring package is known). */
  typeShapeInLibrary(lib: string, typePath: string): string | undefined {
    return this.typeIndex.get(lib)?.get(typePath);
  }

  shapeKeys(): IterableIterator<string> {
    return this.shapes.keys();
  }

  /** Every exact module name (for the per-file early exit). */
  moduleNames(): IterableIterator<string> {
    return this.exact.keys();
  }

  hasPatterns(): boolean {
    return this.patterns.length > 0;
  }
}

/** Modules of deno.land/x that publish an npm package under another name, to that package. */
const DENO_LAND_PACKAGES: Readonly<Record<string, string>> = { postgresjs: 'postgres', postgres: '@db/postgres' };

/**
 * The npm specifier an import through Deno or a CDN names: `npm:postgres@3.4.4` → `postgres`,
 * `npm:@neondatabase/serverless@0.10/x` → `@neondatabase/serverless/x`, `https://esm.sh/pg@8.11.3`
 * → `pg`, `https://deno.land/x/postgresjs@v3.4.4/mod.js` → `postgres`, `jsr:@db/postgres@0.19` and
 * `https://deno.land/x/postgres@v0.17.0/mod.ts` → `@db/postgres`. Undefined for anything else.
 */
export function packageSpecifier(specifier: string): string | undefined {
  let rest: string;
  if (specifier.startsWith('npm:') || specifier.startsWith('jsr:')) {
    // JSR names its packages as npm does (`jsr:@db/postgres@0.19.5` → `@db/postgres`).
    rest = specifier.slice(4);
  } else {
    const cdn = /^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/(?:v\d+\/)?([^?#]*)/.exec(specifier);
    if (!cdn) {
      const denoLand = /^https?:\/\/deno\.land\/x\/([\w-]+)(?:@[^/]*)?\/mod\.[jt]s$/.exec(specifier);
      if (denoLand) {
        return DENO_LAND_PACKAGES[denoLand[1]!];
      }
      // Deno's standard library, now on JSR as `@std/*`: `https://deno.land/std@0.168.0/http/server.ts` → `@std/http/server`.
      const std = /^https?:\/\/deno\.land\/std(?:@[^/]*)?\/([\w/-]+)\.[jt]s$/.exec(specifier);
      return std ? `@std/${std[1]!.replace(/\/mod$/, '')}` : undefined;
    }
    rest = cdn[1]!;
  }
  const match = /^((?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(\/[^?#]*)?/.exec(rest.startsWith('/') ? rest.slice(1) : rest);
  // jsDelivr's `/+esm` asks for an ES module build of the same entry.
  return match ? `${match[1]}${(match[2] ?? '').replace(/\/\+esm$/, '')}` : undefined;
}

/** The call spec a shape gives for a kind of use. */
export function specOf(shape: Shape, use: 'call' | 'new' | 'tag'): CallSpec | undefined {
  return use === 'call' ? shape.call : use === 'new' ? shape.construct : shape.tag;
}

/**
 * A shape's records looked up by names read from the linted code (`pool.constructor`,
 * `client.toString()`), copied without a prototype: a name is a member only when the model lists
 * it, never one of `Object.prototype`'s.
 */
function ownRecords(shape: Shape): Pick<Shape, 'props' | 'methods' | 'stateChecks' | 'optionsArg' | 'handleArg'> {
  const records: { -readonly [K in 'props' | 'methods' | 'stateChecks' | 'optionsArg' | 'handleArg']?: Shape[K] } = {};
  if (shape.props) records.props = withoutPrototype(shape.props);
  if (shape.methods) records.methods = withoutPrototype(shape.methods);
  if (shape.stateChecks) records.stateChecks = withoutPrototype(shape.stateChecks);
  if (shape.optionsArg) records.optionsArg = withoutPrototype(shape.optionsArg);
  if (shape.handleArg) records.handleArg = withoutPrototype(shape.handleArg);
  return records;
}

function withoutPrototype<T>(record: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The shape a property of a value holds, per its model: a listed prop, or else the catch-all
 * (`anyProp`: every Prisma model delegate) unless the name is a listed method or a member every
 * object has (`toString`, `constructor`, `hasOwnProperty`…), which no catch-all stands for.
 */
export function propRef(shape: Shape, name: string): ShapeRef | undefined {
  return shape.props?.[name] ?? (shape.methods?.[name] || OBJECT_MEMBERS.has(name) ? undefined : shape.anyProp);
}

/**
 * What calling a method of a value does, per its model: a listed method, or else the catch-all
 * (`anyMethod`: every method of an SDK client) unless the name is a listed prop or a member every
 * object has.
 */
export function methodSpec(shape: Shape, name: string): CallSpec | undefined {
  return shape.methods?.[name] ?? (shape.props?.[name] || OBJECT_MEMBERS.has(name) ? undefined : shape.anyMethod);
}

/**
 * Does calling this method of a value send no query, per its model: a method listed as `local`
 * (`repository.create(dto)`), or, on a shape whose `optionsArg` lists its queries (a Sequelize
 * model), one not listed there (`Model.build`, a model's own static such as `Event.schedule`).
 */
export function sendsNoQuery(shape: Shape, method: string): boolean {
  if (shape.local?.includes(method) === true) {
    return true;
  }
  const listed = shape.optionsArg !== undefined || shape.handleArg !== undefined;
  return listed && !Object.hasOwn(shape.optionsArg ?? {}, method) && !Object.hasOwn(shape.handleArg ?? {}, method);
}

/**
 * Does reading this property of a value reach nothing that queries, per its model (`inert`): a data
 * source's metadata (`dataSource.entityMetadatas`), a pool's counters (`pool.totalCount`), Knex's
 * function helpers (`knex.fn.now()`).
 */
export function readsNoQuery(shape: Shape, prop: string): boolean {
  return shape.inert?.includes(prop) === true;
}

/** `useCLS` → a test for a call of it anywhere in a text (`Sequelize.useCLS(ns)`, `useCLS (ns)`). */
function implicitMarker(call: string): RegExp {
  return new RegExp(`\\b${call.replace(/[$]/g, '\\$&')}\\s*\\(`);
}
