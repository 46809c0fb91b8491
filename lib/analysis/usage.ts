import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { keyName, memberName, nodeAt, propertyName, skipWrappers, thisOwner } from '../util/ast';
import type { HandleEvidence, Registry } from '../models/registry';
import type { Value, ValueOracle } from './values';
import { dependsOn } from '../util/package-version';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** How many member names a recognised receiver may have after its root (`ctx.db`, `this.deps.prisma`). */
const MAX_PATH = 3;

/**
 * What a file's own use of a receiver says it holds: `db.$transaction(async (tx) => …)` makes `db`
 * a Prisma client wherever the file reads it and nothing else tells (it is imported from the
 * project's `lib/db`, injected as a `PrismaService`, or `ctx.db` of a tRPC procedure);
 * `db.transaction(async (tx) => { await tx.insert(orders).values(row); })` makes it a Drizzle
 * database. Only what a model lists as its own (`LibraryModel.recognisedBy`) counts, and only
 * calls: the same variable, or the same `this.<name>` of a class, with the same member path. Asked,
 * like the type oracle, only where syntax found nothing.
 */
export class UsageOracle implements ValueOracle {
  /** Per root (a variable, or a class for `this`), per member path after it (`''`, `.db`): the shape key. */
  private readonly roots = new Map<object, Map<string, string>>();

  private constructor(
    /**
     * The receivers the file calls a recognising method on, by their text (`db`, `this.prisma`,
     * `ctx.db`), not yet looked up: most are values syntax knows already (a client the file builds),
     * about which the oracle is never asked.
     */
    private readonly pending: Map<string, Candidate[]>,
    private readonly scopeOf: Scoped,
    /** The properties a framework plugin adds to the instance that this file may read (`pg`), to their shape keys. */
    private readonly decorated: ReadonlyMap<string, string> | undefined,
  ) {}

  /**
   * The oracle for a file, or undefined when it calls none of the recognising methods: scans of the
   * text for `.$`-style names and for the transaction methods, then one descent of the tree to each.
   */
  static create(sourceCode: TSESLint.SourceCode, registry: Registry, scopeOf: Scoped, filename: string): UsageOracle | undefined {
    let pending: Map<string, Candidate[]> | undefined;
    const add = (receiver: TSESTree.Node | undefined, candidate: Omit<Candidate, 'chain'>): void => {
      const chain = receiver && !isClassLike(receiver) ? memberChain(receiver) : undefined;
      if (chain === undefined) {
        return;
      }
      pending ??= new Map();
      const written = chainText(chain);
      const list = pending.get(written);
      if (list) {
        list.push({ chain, ...candidate });
      } else {
        pending.set(written, [{ chain, ...candidate }]);
      }
    };
    const text = sourceCode.text;
    const methods = registry.recognisedBy;
    if (methods.size > 0) {
      for (let dot = text.indexOf('.$'); dot !== -1; dot = text.indexOf('.$', dot + 2)) {
        let end = dot + 2;
        while (end < text.length && isNameChar(text.charCodeAt(end))) {
          end += 1;
        }
        const key = methods.get(text.slice(dot + 1, end));
        if (key !== undefined) {
          add(calledReceiver(nodeAt(sourceCode.ast, dot + 1)), { key });
        }
      }
    }
    // One scan per method name (most libraries name theirs `transaction`), each call found then
    // offered to every library's evidence.
    for (const [method, evidences] of registry.recognisedByMethod) {
      const marker = `.${method}(`;
      for (let dot = text.indexOf(marker); dot !== -1; dot = text.indexOf(marker, dot + marker.length)) {
        const name = nodeAt(sourceCode.ast, dot + 1);
        const call = name?.parent?.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== name?.parent) {
          continue;
        }
        for (const evidence of evidences) {
          const callback = evidence.execute !== undefined ? executed(call, evidence.execute) : evidence.lastArgument ? call.arguments.at(-1) : call.arguments[0];
          if (
            (callback?.type === AST_NODE_TYPES.ArrowFunctionExpression || callback?.type === AST_NODE_TYPES.FunctionExpression) &&
            (callback.async || evidence.anyCallback === true) &&
            callback.params[0]?.type === AST_NODE_TYPES.Identifier
          ) {
            add(calledReceiver(name), { key: evidence.key, handle: callback.params[0], evidence });
          } else if (evidence.awaited && !call.arguments.some((argument) => isTableName(argument))) {
            // Given options at most (`sequelize.transaction({ isolationLevel })`), not a string
            // (`this.transaction('start', …)`: another library's own method).
            // Asked now, not when the receiver is: a file whose `await x.connect()` (MongoDB, Redis)
            // has no such use is not one to analyse for it.
            const bound = awaitedInto(call);
            if (bound && usedAsOwn(bound, evidence, scopeOf)) {
              add(calledReceiver(name), { key: evidence.key, handle: bound, evidence });
            }
          }
        }
      }
    }
    const decorated = decoratedProperties(text, registry, filename);
    return pending || decorated ? new UsageOracle(pending ?? new Map(), scopeOf, decorated) : undefined;
  }

  valueOf(node: TSESTree.Node): Value | undefined {
    if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression && node.type !== AST_NODE_TYPES.ThisExpression) {
      return undefined;
    }
    if (this.decorated) {
      const key = this.decoration(node);
      if (key !== undefined) {
        return { key, promise: false };
      }
    }
    const chain = memberChain(node);
    if (chain === undefined) {
      return undefined;
    }
    const text = chainText(chain);
    // The receivers written the same way, looked up the first time a node of that text is asked about.
    const candidates = this.pending.get(text);
    if (candidates) {
      this.pending.delete(text);
      for (const candidate of candidates) {
        this.settle(candidate);
      }
    }
    if (this.roots.size === 0) {
      return undefined;
    }
    const path = pathOf(chain, this.scopeOf);
    const key = path && this.roots.get(path.root)?.get(path.path);
    return key === undefined ? undefined : { key, promise: false };
  }

  /**
   * A plugin's decoration read from the framework's instance: `fastify.pg`, `request.server.pg`,
   * `this.pg` in a handler written as a function, or `pg` of `const { pg } = fastify`.
   */
  private decoration(node: TSESTree.Identifier | TSESTree.MemberExpression | TSESTree.ThisExpression): string | undefined {
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = node.computed ? undefined : propertyName(node);
      const key = name === undefined ? undefined : this.decorated?.get(name);
      return key !== undefined && isFrameworkInstance(node.object) ? key : undefined;
    }
    if (node.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const variable = findVariable(this.scopeOf(node), node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const declarator = def?.node;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init || !isFrameworkInstance(declarator.init)) {
      return undefined;
    }
    for (const property of declarator.id.properties) {
      if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && property.value.name === node.name) {
        const name = keyName(property.key, property.computed);
        return name === undefined ? undefined : this.decorated?.get(name);
      }
    }
    return undefined;
  }

  /** A receiver's root and path recorded, when the call it came from says what it is. */
  private settle({ chain, key, handle, evidence }: Candidate): void {
    if (handle && evidence && !usedAsOwn(handle, evidence, this.scopeOf)) {
      return;
    }
    const path = pathOf(chain, this.scopeOf);
    if (!path) {
      return;
    }
    let paths = this.roots.get(path.root);
    if (!paths) {
      paths = new Map();
      this.roots.set(path.root, paths);
    }
    if (!paths.has(path.path)) {
      paths.set(path.path, key);
    }
  }
}

/** A receiver a recognising call was made on: the shape it has, and for a transaction method the callback's handle and the chains to look for. */
interface Candidate {
  readonly chain: MemberChain;
  readonly key: string;
  readonly handle?: TSESTree.Identifier;
  readonly evidence?: HandleEvidence;
}

/** A receiver's head (a name, or `this`) and the member names read from it (`.db` of `ctx.db`). */
interface MemberChain {
  readonly head: TSESTree.Identifier | TSESTree.ThisExpression;
  readonly path: string;
}

/** A receiver as text, without looking anything up (`db`, `this.prisma`, `ctx.db`): what `pathOf` would resolve. */
function chainText(chain: MemberChain): string {
  return `${chain.head.type === AST_NODE_TYPES.Identifier ? chain.head.name : 'this'}${chain.path}`;
}

/**
 * A receiver as its head and member names, at most MAX_PATH of them, none computed. Undefined for
 * any other expression (a call's result).
 */
function memberChain(node: TSESTree.Node): MemberChain | undefined {
  let path = '';
  let current = skipWrappers(node);
  for (let depth = 0; depth <= MAX_PATH; depth += 1) {
    if (current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression) {
      return { head: current, path };
    }
    const name = current.type === AST_NODE_TYPES.MemberExpression && !current.computed ? memberName(current) : undefined;
    if (current.type !== AST_NODE_TYPES.MemberExpression || name === undefined) {
      return undefined;
    }
    path = `.${name}${path}`;
    current = skipWrappers(current.object);
  }
  return undefined;
}

/**
 * Does the file use the handle as only the library does: in one of its chains
 * (`tx.insert(users).values(row)`, with a name as the table argument), called with a table name
 * and a method chained on it (`trx('users').insert(row)`), or through one of its own methods
 * (`trx.insertInto('users')`)?
 */
function usedAsOwn(handle: TSESTree.Identifier, evidence: HandleEvidence, scopeOf: Scoped): boolean {
  const variable = findVariable(scopeOf(handle), handle);
  for (const reference of variable?.references ?? []) {
    const id = reference.identifier;
    const parent = id.parent;
    if (evidence.called && parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === id && isTableName(parent.arguments[0]) && parent.parent?.type === AST_NODE_TYPES.MemberExpression && parent.parent.object === parent) {
      return true;
    }
    if (evidence.chains && id.type === AST_NODE_TYPES.Identifier && buildsChain(id, evidence.chains)) {
      return true;
    }
    if (evidence.option !== undefined && givenAsOption(id, evidence.option)) {
      return true;
    }
    if (
      evidence.argumentOf !== undefined &&
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments[0] === id &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(parent.callee) === evidence.argumentOf
    ) {
      return true;
    }
    if (
      evidence.methods &&
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === id &&
      parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.callee === parent &&
      evidence.methods.includes(propertyName(parent) ?? '')
    ) {
      return true;
    }
  }
  return false;
}

/** The variable an awaited call's result is put in: `t` of `const t = await db.transaction()`, `t = await …`. */
function awaitedInto(call: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  const awaited = call.parent;
  const holder = awaited?.type === AST_NODE_TYPES.AwaitExpression ? awaited.parent : undefined;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === awaited && holder.id.type === AST_NODE_TYPES.Identifier) {
    return holder.id;
  }
  return holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === awaited && holder.left.type === AST_NODE_TYPES.Identifier ? holder.left : undefined;
}

/** The name written as the value of this option in an object given to a call: `t` in `Order.create(row, { transaction: t })`. */
function givenAsOption(id: TSESTree.Node, option: string): boolean {
  const property = id.parent;
  const object = property?.parent;
  const call = object?.parent;
  return (
    property?.type === AST_NODE_TYPES.Property &&
    property.value === id &&
    keyName(property.key, property.computed) === option &&
    object?.type === AST_NODE_TYPES.ObjectExpression &&
    (call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression) &&
    call.arguments.includes(object)
  );
}

/** The first argument of `method` called on the call's result: the callback of `db.transaction().execute(cb)`. */
function executed(call: TSESTree.CallExpression, method: string): TSESTree.CallExpressionArgument | undefined {
  const member = call.parent;
  const next = member?.parent;
  return member?.type === AST_NODE_TYPES.MemberExpression && member.object === call && propertyName(member) === method && next?.type === AST_NODE_TYPES.CallExpression && next.callee === member
    ? next.arguments[0]
    : undefined;
}

/** A string written out: `'users'`, `` `users` ``. */
function isTableName(node: TSESTree.Node | undefined): boolean {
  return (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || (node?.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0);
}

/** `tx.<first>(…).<then>(…)` for one of the chains, with a name (not a string or an object) as its table argument. */
function buildsChain(id: TSESTree.Identifier, chains: ReadonlyArray<readonly [string, string, 0 | 1]>): boolean {
  const member = id.parent;
  const first = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== id || first?.type !== AST_NODE_TYPES.CallExpression || first.callee !== member) {
    return false;
  }
  const then = first.parent;
  const second = then?.parent;
  if (then?.type !== AST_NODE_TYPES.MemberExpression || then.object !== first || second?.type !== AST_NODE_TYPES.CallExpression || second.callee !== then) {
    return false;
  }
  const firstName = propertyName(member);
  const thenName = propertyName(then);
  for (const [name, next, at] of chains) {
    const table = (at === 0 ? first : second).arguments[0];
    const inner = table && skipWrappers(table);
    if (name === firstName && next === thenName && (inner?.type === AST_NODE_TYPES.Identifier || inner?.type === AST_NODE_TYPES.MemberExpression)) {
      return true;
    }
  }
  return false;
}

/**
 * A receiver named like a class (`HarvestJobsService.$transaction(…)`, `Orders.$queryRaw`): the
 * project's own class with a static method of that name (a service that runs its work in a
 * transaction and hands it an instance of itself), not a client, which is an instance named
 * `prisma`, `db`, `this.prisma` or `DB`.
 */
function isClassLike(receiver: TSESTree.Node): boolean {
  const node = skipWrappers(receiver);
  const name = node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node) : undefined;
  return name !== undefined && /^[A-Z][A-Z0-9_]*[a-z]/.test(name);
}

/**
 * The decorations (`LibraryModel.decorations`) this file may read, by property: those of a library
 * its package depends on (known once per directory) whose name the text has as a word (`.pg`, `{ pg }`).
 */
function decoratedProperties(text: string, registry: Registry, filename: string): ReadonlyMap<string, string> | undefined {
  let found: Map<string, string> | undefined;
  for (const [property, { key, packages }] of registry.decorations) {
    // The text first: cheaper than the package look-up, and most files never name the property.
    if (hasWord(text, property) && packages.some((pkg) => dependsOn(filename, pkg))) {
      found ??= new Map();
      found.set(property, key);
    }
  }
  return found;
}

/** Does `word` occur in the text as a name of its own (not inside a longer name, a path, or a module specifier such as `'pg'`)? */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = at + word.length < text.length ? text.charCodeAt(at + word.length) : 32;
    // Not a name character either side; not after a quote, `/`, `-` or `@` (a specifier, a path).
    if (!isNameChar(before) && !isNameChar(after) && before !== 39 && before !== 34 && before !== 96 && before !== 47 && before !== 45 && before !== 64) {
      return true;
    }
  }
  return false;
}

/** Names a Fastify-like instance goes by: `fastify`, `app`, `server`, `instance`, `fastifyInstance`, `mainApp`. */
const INSTANCE_NAME = /^(?:fastify[A-Za-z]*|[a-z][A-Za-z]*(?:Fastify|App|Server)|app|server|instance|f)$/;

/**
 * A receiver that is the framework's instance by how code names it: `fastify`, `app`, `server`;
 * `request.server`, `this.fastify`; `this` in a function (not a class member or an arrow), which
 * Fastify binds to the instance in route handlers and hooks.
 */
function isFrameworkInstance(receiver: TSESTree.Node): boolean {
  const node = skipWrappers(receiver);
  if (node.type === AST_NODE_TYPES.Identifier) {
    return INSTANCE_NAME.test(node.name);
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = node.computed ? undefined : propertyName(node);
    return name === 'server' || name === 'fastify' || name === 'app' || name === 'instance';
  }
  if (node.type === AST_NODE_TYPES.ThisExpression) {
    for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
        const owner = current.parent;
        return owner?.type !== AST_NODE_TYPES.MethodDefinition && owner?.type !== AST_NODE_TYPES.PropertyDefinition;
      }
      if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) {
        return false;
      }
    }
  }
  return false;
}

/** `$`, `_`, digits and ASCII letters: the rest of a method name after `.$`. */
function isNameChar(code: number): boolean {
  return code === 36 || code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The receiver of a method called or used as a tag, from the node of its name: `db` for the
 * `$transaction` of `db.$transaction(…)`, `` db.$queryRaw`…` ``, `db.$queryRaw(sql)`. Not a name
 * read without a call (`jest.spyOn(db, '$transaction')`, `db.$transaction.mockResolvedValue(…)`).
 */
function calledReceiver(name: TSESTree.Node | undefined): TSESTree.Node | undefined {
  const member = name?.parent;
  if (name?.type !== AST_NODE_TYPES.Identifier || member?.type !== AST_NODE_TYPES.MemberExpression || member.property !== name || member.computed) {
    return undefined;
  }
  let use: TSESTree.Node = member;
  while (use.parent && (use.parent.type === AST_NODE_TYPES.TSNonNullExpression || use.parent.type === AST_NODE_TYPES.ChainExpression)) {
    use = use.parent;
  }
  const parent = use.parent;
  const called =
    (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === use) ||
    (parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === use);
  return called ? member.object : undefined;
}

/**
 * A variable whose value the file does not write out itself: an import, a parameter, or a variable
 * set from a call, a member or another variable (`const db = getDb()`, `const { prisma } =
 * require('../db')`). Not one the file declares as an object, a function or a class (`const prisma
 * = { $transaction: (fn) => fn(tx) }`: a stand-in whose methods are the file's own).
 */
function comesFromElsewhere(variable: TSESLint.Scope.Variable): boolean {
  if (variable.defs.length !== 1) {
    return false;
  }
  const def = variable.defs[0];
  if (def.type === 'ImportBinding' || def.type === 'Parameter') {
    return true;
  }
  if (def.type !== 'Variable') {
    return false;
  }
  const init = def.node.init && skipWrappers(def.node.init);
  switch (init?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ConditionalExpression:
      return true;
    default:
      return false;
  }
}

/**
 * A receiver as a root and member path: a variable from elsewhere (`db`, `ctx` of `ctx.db`) or, for
 * `this`, the class whose method reads it (static and instance sides apart). Undefined for a
 * variable the file writes out itself, or a `this` outside a class.
 */
function pathOf({ head, path }: MemberChain, scopeOf: Scoped): { root: object; path: string } | undefined {
  if (head.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(scopeOf(head), head);
    return variable && comesFromElsewhere(variable) ? { root: variable, path } : undefined;
  }
  const owner = thisOwner(head);
  return owner ? { root: owner.cls, path: owner.isStatic ? `static${path}` : path } : undefined;
}
