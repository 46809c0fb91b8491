import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { packageSpecifier } from '../models/registry';
import {
  CLASS_METHOD_CONVENTIONS,
  DECORATOR_CONVENTIONS,
  EXPORT_CONVENTIONS,
  HANDLER_WRAPPERS,
  isStartupMethod,
  MIGRATION_CALLEE,
  PROCEDURE_BUILDERS,
  PROCEDURE_CONTEXT_KEYS,
  PROCEDURE_METHODS,
  REQUEST_SCOPED_PROVIDERS,
  RESOLVER_ROOTS,
  TEST_FILE,
  TEST_FUNCTIONS,
  TEST_MODULES,
} from '../frameworks/conventions';
import { ROUTE_VERBS } from '../frameworks/http';
import type { HandlerSpec } from '../models/types';
import { commonJsExport, enclosingFunction, forEachChild, importSource, isFunctionNode, keyName, propertyName, skipWrappers, staticString, type FunctionNode } from '../util/ast';
import type { ValueTracker } from './values';
import { packageDir } from '../util/package-name';

/** A function that runs once per request, message or job. */
export interface HandlerInfo {
  /** `Express`, `NestJS`, `Next.js`…; undefined when recognised by shape only (a router of unknown origin). */
  readonly framework?: string;
  /** `route handler`, `job processor`, `resolver`… */
  readonly what: string;
  /** The route, queue, export or method name, when known. */
  readonly name?: string;
  /** The function that runs per request, or the class field of a request-scoped provider. */
  readonly node: FunctionNode | TSESTree.PropertyDefinition;
  /** The platform requires per-request clients (Cloudflare Workers). */
  readonly serverless?: boolean;
  /** Invoked by events, a deploy's among them (an AWS Lambda handler): see `ExportConvention.invokedByEvents`. */
  readonly invokedByEvents?: boolean;
  /** Runs concurrently with the other requests of one long-lived process (`FrameworkModel.concurrent`). */
  readonly concurrent?: boolean;
}

/** `the Express route handler GET /users`, `the NestJS route handler UsersController.list`. */
export function describeHandler(handler: HandlerInfo): string {
  const framework = handler.framework ? `${handler.framework} ` : '';
  const name = handler.name ? ` \`${handler.name}\`` : '';
  return `the ${framework}${handler.what}${name}`;
}

/** What one run of a handler serves: `request`, `job`, `message`, `event` or `tick`. */
export function handlerUnit(handler: HandlerInfo): string {
  if (/job|processor/.test(handler.what)) {
    return 'job';
  }
  if (/message/.test(handler.what)) {
    return 'message';
  }
  if (/event|connection|gateway/.test(handler.what) && handler.framework !== 'Nitro') {
    return 'event';
  }
  return /setInterval/.test(handler.what) ? 'tick' : 'request';
}

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

const ROUTE_METHODS = new Set<string>([...ROUTE_VERBS, 'use']);
const FASTIFY_ROUTE_KEYS = new Set(['handler', 'preHandler', 'onRequest', 'preValidation']);

/** Recognises per-request callbacks (request-context recognition, item 4 of the foundation). */
export class HandlerIndex {
  private readonly memo = new Map<FunctionNode, HandlerInfo | null>();
  private readonly fileUseServer: boolean;
  /** Is the file a test file (for conventions that skip them)? Asked when first needed. */
  private testFile: boolean | undefined;

  constructor(
    private readonly tracker: ValueTracker,
    private readonly scopeOf: Scoped,
    private readonly filename: string,
    program: TSESTree.Program,
  ) {
    this.fileUseServer = program.body.some(
      (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use server',
    );
  }

  /** Whether `fn` itself runs per request, and how it is registered. */
  handlerOf(fn: FunctionNode): HandlerInfo | undefined {
    const cached = this.memo.get(fn);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    this.memo.set(fn, null);
    const found =
      this.registered(fn, fn) ??
      this.byReference(fn) ??
      this.byDecorator(fn) ??
      this.byResolverMap(fn) ??
      this.byServerDirective(fn) ??
      this.byExport(fn);
    this.memo.set(fn, found ?? null);
    return found;
  }

  /** The nearest enclosing function (or `node` itself) that runs per request. */
  enclosingHandler(node: TSESTree.Node): HandlerInfo | undefined {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (isFunctionNode(current)) {
        const handler = this.handlerOf(current);
        if (handler) {
          return handler;
        }
      }
      if (current.type === AST_NODE_TYPES.PropertyDefinition && !current.static && current.value && current.parent.type === AST_NODE_TYPES.ClassBody) {
        const cls = current.parent.parent;
        if (this.isRequestScoped(cls)) {
          const field = keyName(current.key, current.computed);
          return { framework: 'NestJS', what: 'request-scoped provider', name: cls.id && field ? `${cls.id.name}.${field}` : field, node: current };
        }
      }
    }
    return undefined;
  }

  /** `@Injectable({ scope: Scope.REQUEST })`: built by the container for every request. */
  private isRequestScoped(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    return cls.decorators.some((decorator) => {
      const source = this.decoratorSource(decorator);
      const convention =
        source && REQUEST_SCOPED_PROVIDERS.find((entry) => entry.modules.includes(source.module) && entry.decorators.includes(source.name));
      const options = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.arguments[0] : undefined;
      if (!convention || options?.type !== AST_NODE_TYPES.ObjectExpression) {
        return false;
      }
      return options.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          keyName(property.key, property.computed) === 'scope' &&
          property.value.type === AST_NODE_TYPES.MemberExpression &&
          propertyName(property.value) === convention.scope,
      );
    });
  }

  /** A callback of a test framework (`it('…', async () => …)`, `beforeAll(…)`). */
  isTestCallback(fn: FunctionNode): boolean {
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((arg) => arg === fn)) {
      return false;
    }
    let callee: TSESTree.Node = call.callee;
    // it.each(table)(name, fn), test.concurrent(name, fn), describe.skip(name, fn)
    for (;;) {
      if (callee.type === AST_NODE_TYPES.CallExpression) {
        callee = callee.callee;
      } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
        callee = callee.object;
      } else {
        break;
      }
    }
    if (callee.type !== AST_NODE_TYPES.Identifier || !TEST_FUNCTIONS.includes(callee.name)) {
      return false;
    }
    const source = this.importSource(callee);
    return source === null || (source !== undefined && TEST_MODULES.includes(source.module));
  }

  /** See `importSource` in lib/util/ast.ts. */
  private importSource(id: TSESTree.Identifier): { module: string; name: string } | null | undefined {
    return importSource(id, this.scopeOf);
  }

  /**
   * `node` (the function, or an identifier naming it) is passed to a registration call: directly,
   * wrapped (`asyncHandler(fn)`), or as a property of an options object (`route({ handler })`).
   */
  private registered(node: TSESTree.Node, fn: FunctionNode): HandlerInfo | undefined {
    let arg: TSESTree.Node = node;
    let parent = arg.parent;
    while (parent && isTransparent(parent, arg)) {
      arg = parent;
      parent = parent.parent;
    }
    if (!parent) {
      return undefined;
    }
    if (parent.type === AST_NODE_TYPES.Property && parent.value === arg) {
      let object: TSESTree.Node = parent.parent;
      const key = keyName(parent.key, parent.computed);
      // The keys of the objects around it, up to the call's argument: `{ server: { handlers: { GET } } }`.
      const path: string[] = [];
      while (
        object.type === AST_NODE_TYPES.ObjectExpression &&
        object.parent.type === AST_NODE_TYPES.Property &&
        object.parent.value === object &&
        object.parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
        path.length < MAX_PROP_PATH
      ) {
        const outerKey = keyName(object.parent.key, object.parent.computed);
        if (outerKey === undefined) {
          return undefined;
        }
        path.unshift(outerKey);
        object = object.parent.parent;
      }
      const call = object.parent;
      if (
        key !== undefined &&
        object.type === AST_NODE_TYPES.ObjectExpression &&
        call &&
        (call.type === AST_NODE_TYPES.CallExpression || call.type === AST_NODE_TYPES.NewExpression)
      ) {
        return this.registrationProp(call, call.arguments.indexOf(object as TSESTree.CallExpressionArgument), key, fn, path);
      }
      return undefined;
    }
    if (parent.type !== AST_NODE_TYPES.CallExpression && parent.type !== AST_NODE_TYPES.NewExpression) {
      return undefined;
    }
    const index = parent.arguments.indexOf(arg as TSESTree.CallExpressionArgument);
    if (index < 0) {
      return undefined;
    }
    const direct = this.registrationArg(parent, index, fn);
    if (direct) {
      return direct;
    }
    // One level of wrapping: router.get('/x', asyncHandler(async (req, res) => …)).
    const outer = parent.parent;
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      outer &&
      (outer.type === AST_NODE_TYPES.CallExpression || outer.type === AST_NODE_TYPES.NewExpression)
    ) {
      const outerIndex = outer.arguments.indexOf(parent);
      if (outerIndex >= 0) {
        return this.registrationArg(outer, outerIndex, fn);
      }
    }
    return undefined;
  }

  private registrationArg(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    fn: FunctionNode,
  ): HandlerInfo | undefined {
    const info = this.tracker.callOf(call);
    const spec = info?.spec.handlers;
    if (info && spec && (spec.args === 'functions' || spec.args?.includes(index))) {
      return { framework: info.shape.libName, what: spec.what, concurrent: info.shape.concurrent, name: this.registrationName(call, spec), node: fn };
    }
    if (info) {
      return undefined;
    }
    return this.untrackedRoute(call, index, fn) ?? this.untrackedWrapper(call, fn) ?? this.untrackedProcedure(call, index, fn);
  }

  private registrationProp(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    key: string,
    fn: FunctionNode,
    path: readonly string[],
  ): HandlerInfo | undefined {
    const info = this.tracker.callOf(call);
    const spec = info?.spec.handlers;
    if (info && spec?.props && spec.props.arg === index && spec.props.names.includes(key) && samePath(spec.props.path ?? [], path)) {
      if (path.length === 0) {
        return { framework: info.shape.libName, what: spec.what, concurrent: info.shape.concurrent, name: this.registrationName(call, spec), node: fn };
      }
      // `createFileRoute('/api/users')({ server: { handlers: { GET } } })`: `GET /api/users`.
      const route = call.callee.type === AST_NODE_TYPES.CallExpression ? staticString(call.callee.arguments[0]) : undefined;
      return { framework: info.shape.libName, what: spec.what, concurrent: info.shape.concurrent, name: route === undefined ? key : `${key} ${route}`, node: fn };
    }
    // Fastify-style `app.route({ method, url, handler })` on an app we cannot trace.
    const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee : undefined;
    const object = call.arguments[0];
    if (
      !info &&
      path.length === 0 &&
      index === 0 &&
      callee &&
      propertyName(callee) === 'route' &&
      FASTIFY_ROUTE_KEYS.has(key) &&
      object.type === AST_NODE_TYPES.ObjectExpression
    ) {
      const url = objectString(object, 'url') ?? objectString(object, 'path');
      const method = objectString(object, 'method');
      if (url !== undefined) {
        return { what: 'route handler', name: method ? `${method.toUpperCase()} ${url}` : url, node: fn };
      }
    }
    return undefined;
  }

  private registrationName(call: TSESTree.CallExpression | TSESTree.NewExpression, spec: HandlerSpec): string | undefined {
    let name = spec.nameArg === undefined ? undefined : staticString(call.arguments[spec.nameArg]);
    const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee : undefined;
    const verb = callee && propertyName(callee);
    if (!callee || verb === undefined || !(ROUTE_VERBS as readonly string[]).includes(verb)) {
      return name;
    }
    // `router.route('/users').get(fn)`: the path is on the route() call.
    const receiver = callee.object;
    if (
      name === undefined &&
      receiver.type === AST_NODE_TYPES.CallExpression &&
      receiver.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(receiver.callee) === 'route'
    ) {
      name = staticString(receiver.arguments[0]);
    }
    const method = verb === 'del' ? 'DELETE' : verb.toUpperCase();
    return name === undefined ? method : `${method} ${name}`;
  }

  /** `anything.get('/path', …fns)`: a router we cannot trace, recognised by its path argument. */
  private untrackedRoute(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, fn: FunctionNode): HandlerInfo | undefined {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || index === 0) {
      return undefined;
    }
    const method = propertyName(call.callee);
    const path = staticString(call.arguments[0]) ?? templateHead(call.arguments[0]);
    if (
      method === undefined ||
      !ROUTE_METHODS.has(method) ||
      path === undefined ||
      !/^[/*]/.test(path) ||
      this.isLocalNonRouter(call.callee.object)
    ) {
      return undefined;
    }
    const verb = method === 'use' ? undefined : method === 'del' ? 'DELETE' : method.toUpperCase();
    return { what: method === 'use' ? 'middleware' : 'route handler', name: verb ? `${verb} ${path}` : path, node: fn };
  }

  /**
   * A receiver built in this file from something that is not a router: `new Map()`, an object or
   * array literal, a local class. (Routers come from imports, parameters or factory calls.)
   */
  private isLocalNonRouter(receiver: TSESTree.Node): boolean {
    if (receiver.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const def = findVariable(this.scopeOf(receiver), receiver)?.defs[0];
    if (def?.type !== 'Variable' || !def.node.init) {
      return def?.type === 'ClassName' || def?.type === 'FunctionName';
    }
    const init = skipWrappers(def.node.init);
    if (init.type === AST_NODE_TYPES.NewExpression) {
      // `new Map()`, `new EventEmitter()` from a global; an imported class may well be a router.
      return init.callee.type === AST_NODE_TYPES.Identifier && this.importSource(init.callee) === null;
    }
    return (
      init.type === AST_NODE_TYPES.ObjectExpression ||
      init.type === AST_NODE_TYPES.ArrayExpression ||
      init.type === AST_NODE_TYPES.Literal ||
      init.type === AST_NODE_TYPES.TemplateLiteral
    );
  }

  /** `defineEventHandler(async (event) => …)` (Nitro / h3), global or imported; `Deno.serve(fn)` of a global. */
  private untrackedWrapper(call: TSESTree.CallExpression | TSESTree.NewExpression, fn: FunctionNode): HandlerInfo | undefined {
    const callee = skipWrappers(call.callee);
    const root = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
    const member = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    if (root.type !== AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && member === undefined)) {
      return undefined;
    }
    const name = member === undefined ? root.name : `${root.name}.${member}`;
    const wrapper = HANDLER_WRAPPERS.find((entry) => entry.names.includes(name));
    if (!wrapper) {
      return undefined;
    }
    const source = this.importSource(root);
    return (source === null && !wrapper.importedOnly) || (source && (wrapper.modules.includes(source.module) || wrapper.modules.includes(packageSpecifier(source.module) ?? '')))
      ? { framework: wrapper.framework, what: wrapper.what, node: fn }
      : undefined;
  }

  /** `publicProcedure.input(schema).query(async ({ ctx, input }) => …)` from a tRPC builder we cannot trace. */
  private untrackedProcedure(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, fn: FunctionNode): HandlerInfo | undefined {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || index !== 0) {
      return undefined;
    }
    const method = propertyName(call.callee);
    if (method === undefined || !PROCEDURE_METHODS.includes(method) || call.arguments.length !== 1) {
      return undefined;
    }
    const builder = call.callee.object;
    const chained =
      builder.type === AST_NODE_TYPES.CallExpression &&
      builder.callee.type === AST_NODE_TYPES.MemberExpression &&
      PROCEDURE_BUILDERS.includes(propertyName(builder.callee) ?? '');
    const named = builder.type === AST_NODE_TYPES.Identifier && /procedure$/i.test(builder.name);
    const first = fn.params[0];
    const destructured =
      first?.type === AST_NODE_TYPES.ObjectPattern &&
      first.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          PROCEDURE_CONTEXT_KEYS.includes(keyName(property.key, property.computed) ?? ''),
      );
    return chained || named || destructured ? { framework: 'tRPC', what: 'procedure', name: method, node: fn } : undefined;
  }

  /** A named function registered elsewhere in the file: `router.get('/x', listUsers)`. */
  private byReference(fn: FunctionNode): HandlerInfo | undefined {
    const id = functionBinding(fn);
    if (!id) {
      return undefined;
    }
    const variable = findVariable(this.scopeOf(id), id);
    for (const reference of variable?.references ?? []) {
      if (reference.identifier === id || reference.isWrite()) {
        continue;
      }
      const found = this.registered(reference.identifier as TSESTree.Identifier, fn);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /** NestJS / type-graphql / routing-controllers decorated methods. */
  private byDecorator(fn: FunctionNode): HandlerInfo | undefined {
    const method = fn.parent;
    if (method.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) {
      return undefined;
    }
    const methodName = keyName(method.key, method.computed);
    const cls = method.parent.parent;
    const name = cls.id && methodName ? `${cls.id.name}.${methodName}` : methodName;
    for (const decorator of method.decorators) {
      const source = this.decoratorSource(decorator);
      const convention =
        source && DECORATOR_CONVENTIONS.find((entry) => entry.modules.includes(source.module) && entry.names.includes(source.name));
      if (convention) {
        return { framework: convention.framework, what: convention.what, name, node: fn, concurrent: convention.concurrent === true };
      }
    }
    const markers = [
      ...cls.decorators.map((decorator) => ({ via: 'decorator', source: this.decoratorSource(decorator) })),
      ...(cls.implements ?? []).map((clause) => ({
        via: 'implements',
        source: clause.expression.type === AST_NODE_TYPES.Identifier ? (this.importSource(clause.expression) ?? undefined) : undefined,
      })),
    ];
    for (const { via, source } of markers) {
      const convention =
        source &&
        CLASS_METHOD_CONVENTIONS.find(
          (entry) =>
            entry.via === via &&
            entry.modules.includes(source.module) &&
            entry.names.includes(source.name) &&
            methodName !== undefined &&
            entry.methods.includes(methodName),
        );
      if (convention) {
        return { framework: convention.framework, what: convention.what, name, node: fn, concurrent: convention.concurrent === true };
      }
    }
    if (method.kind === 'constructor' && this.isRequestScoped(cls)) {
      return { framework: 'NestJS', what: 'request-scoped provider', name: cls.id ? `${cls.id.name}.constructor` : undefined, node: fn };
    }
    return undefined;
  }

  private decoratorSource(decorator: TSESTree.Decorator): { module: string; name: string } | undefined {
    const expression: TSESTree.Node =
      decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
    if (expression.type === AST_NODE_TYPES.Identifier) {
      return this.importSource(expression) ?? undefined;
    }
    if (expression.type === AST_NODE_TYPES.MemberExpression && expression.object.type === AST_NODE_TYPES.Identifier) {
      const namespace = this.importSource(expression.object);
      const name = propertyName(expression);
      return namespace && name !== undefined ? { module: namespace.module, name } : undefined;
    }
    return undefined;
  }

  /** `{ Query: { user: (parent, args, ctx) => … }, User: { posts: … } }`. */
  private byResolverMap(fn: FunctionNode): HandlerInfo | undefined {
    const property = fn.parent;
    if (property.type !== AST_NODE_TYPES.Property || property.value !== fn) {
      return undefined;
    }
    const typeObject = property.parent;
    const typeProperty = typeObject.parent;
    if (typeObject.type !== AST_NODE_TYPES.ObjectExpression || typeProperty?.type !== AST_NODE_TYPES.Property) {
      return undefined;
    }
    const resolverMap = typeProperty.parent;
    if (resolverMap.type !== AST_NODE_TYPES.ObjectExpression) {
      return undefined;
    }
    const isResolverMap = resolverMap.properties.some(
      (entry) =>
        entry.type === AST_NODE_TYPES.Property &&
        RESOLVER_ROOTS.includes(keyName(entry.key, entry.computed) ?? '') &&
        skipWrappers(entry.value).type === AST_NODE_TYPES.ObjectExpression,
    );
    const typeName = keyName(typeProperty.key, typeProperty.computed);
    const field = keyName(property.key, property.computed);
    return isResolverMap && typeName && field
      ? { framework: 'GraphQL', what: 'resolver', name: `${typeName}.${field}`, node: fn }
      : undefined;
  }

  /** Next.js server actions: `'use server'` in the function, or exported from a `'use server'` file. */
  private byServerDirective(fn: FunctionNode): HandlerInfo | undefined {
    const body = fn.body;
    const own =
      body.type === AST_NODE_TYPES.BlockStatement &&
      body.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use server');
    if (own || (this.fileUseServer && this.exportNames(fn).length > 0)) {
      return { framework: 'Next.js', what: 'server action', name: functionBinding(fn)?.name, node: fn };
    }
    return undefined;
  }

  /** File and export-name conventions: Next.js, SvelteKit, Remix, Lambda, Cloudflare Workers… */
  private byExport(fn: FunctionNode): HandlerInfo | undefined {
    const names = this.exportNames(fn);
    if (names.length === 0) {
      return undefined;
    }
    const file = this.filename.replace(/\\/g, '/');
    for (const convention of EXPORT_CONVENTIONS) {
      if ((convention.file && !convention.file.test(file)) || (convention.notInTests && (this.testFile ??= TEST_FILE.test(file)))) {
        continue;
      }
      if (convention.folderNotAPackage && folderIsAPackage(this.tracker.filename, convention.folderNotAPackage)) {
        continue;
      }
      const name = names.find((exported) =>
        convention.exports.some((pattern) =>
          pattern.endsWith('.*') ? exported.startsWith(pattern.slice(0, -1)) : pattern === exported,
        ),
      );
      if (name !== undefined) {
        return {
          framework: convention.framework,
          what: convention.what,
          name,
          node: fn,
          serverless: convention.serverless === true,
          invokedByEvents: convention.invokedByEvents === true,
        };
      }
    }
    return undefined;
  }

  /**
   * The names under which a function is exported: `GET`, `default`, `handler`, and `obj.key` for a
   * function in an exported object literal. ESM and CommonJS; through a wrapper call such as
   * `export const handler = middy(fn)`.
   */
  exportNames(fn: FunctionNode): string[] {
    const names: string[] = [];
    const holder = exportHolder(fn);
    if (holder.kind === 'property') {
      const objectNames = this.exportNamesOfExpression(holder.object);
      for (const objectName of objectNames) {
        names.push(objectName === '' ? holder.key : `${objectName}.${holder.key}`);
      }
      return names;
    }
    names.push(...this.exportNamesOfExpression(holder.node));
    const id = functionBinding(fn);
    const variable = id && findVariable(this.scopeOf(id), id);
    for (const reference of variable ? variable.references : []) {
      if (reference.identifier !== id && !reference.isWrite()) {
        names.push(...this.exportNamesOfExpression(reference.identifier as TSESTree.Node));
      }
    }
    return names;
  }

  /**
   * Export names of an expression (a function, or an object literal holding functions). The empty
   * string stands for `module.exports = {…}` itself, whose keys are the export names.
   */
  private exportNamesOfExpression(node: TSESTree.Node): string[] {
    let current = node;
    // Through wrappers: `export const handler = middy(fn).use(x)`, `export default withAuth(fn)`.
    for (let parent = current.parent; parent; parent = current.parent) {
      if (isTransparent(parent, current)) {
        current = parent;
      } else if (
        (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) ||
        (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) ||
        (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current)
      ) {
        current = parent;
      } else {
        break;
      }
    }
    const parent = current.parent;
    if (!parent) {
      return [];
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        return ['default'];
      case AST_NODE_TYPES.ExportNamedDeclaration:
        return isFunctionNode(current) && current.id ? [current.id.name] : [];
      case AST_NODE_TYPES.ExportSpecifier: {
        const exported = parent.exported;
        return [exported.type === AST_NODE_TYPES.Identifier ? exported.name : exported.value];
      }
      case AST_NODE_TYPES.VariableDeclarator: {
        const declaration = parent.parent;
        if (parent.id.type === AST_NODE_TYPES.Identifier && declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
          return [parent.id.name];
        }
        return [];
      }
      case AST_NODE_TYPES.Property: {
        const object = parent.parent;
        const key = keyName(parent.key, parent.computed);
        if (object.type !== AST_NODE_TYPES.ObjectExpression || key === undefined || parent.value !== current) {
          return [];
        }
        return this.exportNamesOfExpression(object).map((name) => (name === '' ? key : `${name}.${key}`));
      }
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== current) {
          return [];
        }
        const target = commonJsExport(parent.left);
        if (target === 'module.exports') {
          return current.type === AST_NODE_TYPES.ObjectExpression ? [''] : ['default'];
        }
        return target === undefined ? [] : [target];
      }
      default:
        return [];
    }
  }
}

/** Nodes that pass a value through unchanged for the purpose of registration. */
function isTransparent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return parent.expression === child;
    default:
      return false;
  }
}

/** Where a function is held: directly (declaration, variable, argument), or as an object literal property. */
function exportHolder(
  fn: FunctionNode,
): { kind: 'node'; node: TSESTree.Node } | { kind: 'property'; object: TSESTree.ObjectExpression; key: string } {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.Property && parent.value === fn && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    const key = keyName(parent.key, parent.computed);
    if (key !== undefined) {
      return { kind: 'property', object: parent.parent, key };
    }
  }
  return { kind: 'node', node: fn };
}

/**
 * `main()`, `bootstrap().catch(…)`, an IIFE: functions whose every use in the file is a call at
 * module top level (or from another such function) run once per process, and so do the methods a
 * framework calls once (NestJS's `onModuleInit()`, a dynamic module's `static forRoot()`). An
 * engine built there is built once; a connection leaked there when a call throws is leaked once,
 * not per request.
 */
export function calledOnlyAtStartup(fn: FunctionNode, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope, depth = 0): boolean {
  if (depth > 3) {
    return false;
  }
  if (isStartupMethod(fn)) {
    return true;
  }
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === fn) {
    const outer = enclosingFunction(parent);
    return !outer || calledOnlyAtStartup(outer, scopeOf, depth + 1);
  }
  const id = functionBinding(fn);
  const variable = id && findVariable(scopeOf(id), id);
  const uses = variable?.references.filter((reference) => reference.identifier !== id && !reference.init) ?? [];
  if (uses.length === 0) {
    return false;
  }
  return uses.every((reference) => {
    const identifier = reference.identifier as TSESTree.Identifier;
    const call = identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) {
      return false;
    }
    const caller = enclosingFunction(call);
    return !caller || (caller !== fn && calledOnlyAtStartup(caller, scopeOf, depth + 1));
  });
}

/**
 * Does `fn` (or a callback inside it) run migrations or seeds (see MIGRATION_CALLEE)? An engine it
 * builds and drops serves a deploy step, run once, not a request.
 */
export function runsMigrations(fn: FunctionNode): boolean {
  let found = false;
  let budget = 20_000; // nodes: a pathological function is not worth more
  const visit = (node: TSESTree.Node): void => {
    if (found || --budget < 0) {
      return;
    }
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && calleeNamesMigration(node.callee)) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

function calleeNamesMigration(callee: TSESTree.Node): boolean {
  let current = skipWrappers(callee);
  for (let depth = 0; depth < 12; depth++) {
    if (current.type === AST_NODE_TYPES.Identifier) {
      return MIGRATION_CALLEE.test(current.name);
    }
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(current);
      if (name !== undefined && MIGRATION_CALLEE.test(name)) {
        return true;
      }
      current = skipWrappers(current.object);
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      current = skipWrappers(current.callee);
    } else if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = skipWrappers(current.argument);
    } else {
      return false;
    }
  }
  return false;
}

/** The identifier that names a function: its declaration id or the variable it initialises. */
export function functionBinding(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    return fn.id;
  }
  let current: TSESTree.Node = fn;
  while (current.parent && isTransparent(current.parent, current)) {
    current = current.parent;
  }
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier
    ? parent.id
    : undefined;
}

function objectString(object: TSESTree.ObjectExpression, key: string): string | undefined {
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === key) {
      return staticString(property.value);
    }
  }
  return undefined;
}

function templateHead(node: TSESTree.Node | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.TemplateLiteral ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
}

/** How many objects deep a handler may sit inside a registration's argument (see HandlerSpec.props.path). */
const MAX_PROP_PATH = 3;

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/**
 * Is the folder a file sits in (`api/`) a package of its own, or inside one: is the nearest
 * package.json above the file at or below that folder? Unknown (a virtual file, no package.json):
 * no.
 */
function folderIsAPackage(filename: string, folder: string): boolean {
  const root = packageDir(filename);
  if (root === undefined) {
    return false;
  }
  const inside = path.relative(root, filename).split(path.sep);
  return !inside.slice(0, -1).includes(folder);
}
