import { type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import type * as ts from 'typescript';
import type { Registry } from '../models/registry';
import type { Value, ValueOracle } from './values';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Where a declaration file lives → which package declared the type. */
const PACKAGE_IN_PATH = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/g;

/**
 * Type-aware mode: finds library values that syntax cannot see (an imported `db` whose type is
 * `PrismaClient`, a NestJS service extending `PrismaClient`). Asked only where syntax found nothing.
 */
export class TypeOracle implements ValueOracle {
  private readonly classOf = new Map<string, string>();
  /**
   * Per variable (and per variable or class and property name): every reference has the declared
   * type (narrowing aside), so the checker is asked once.
   */
  private readonly byOwner = new WeakMap<object, Map<string, Value | null>>();
  /** Per TypeScript type object: the shape it maps to. */
  private readonly byType = new Map<ts.Type, string | null>();

  private constructor(
    private readonly services: ParserServicesWithTypeInformation,
    private readonly registry: Registry,
    private readonly checker: ts.TypeChecker,
    private readonly scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  ) {}

  /** Throws a configuration error when the file has no type information. */
  static create(context: Context, registry: Registry): TypeOracle {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) {
      throw new Error(
        `eslint-plugin-pgbouncer: the rule ${context.id} has "typeAware: true" but ${context.filename} was parsed without type information. ` +
          'Use the type-checked preset with @typescript-eslint/parser and `parserOptions.projectService: true` (or `project`), ' +
          'or turn typeAware off for files outside the TypeScript project.',
      );
    }
    const sourceCode = context.sourceCode;
    return new TypeOracle(services as ParserServicesWithTypeInformation, registry, services.program.getTypeChecker(), (node) => sourceCode.getScope(node));
  }

  valueOf(node: TSESTree.Node): Value | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.ThisExpression:
        return this.typeValue(node);
      case AST_NODE_TYPES.Identifier: {
        const variable = this.candidate(node);
        return variable && this.cached(variable, '', node);
      }
      case AST_NODE_TYPES.MemberExpression: {
        // One level only: `this.prisma`, `ctx.db`, `deps.pool` (a field or a typed context). Deeper
        // chains are reached through the shapes' props from a root the oracle found.
        if (node.computed || node.property.type !== AST_NODE_TYPES.Identifier) {
          return undefined;
        }
        const object = node.object;
        if (object.type === AST_NODE_TYPES.ThisExpression) {
          const owner = thisOwner(object);
          return owner ? this.cached(owner, node.property.name, node) : this.typeValue(node);
        }
        const variable = object.type === AST_NODE_TYPES.Identifier ? this.candidate(object) : undefined;
        return variable && this.cached(variable, node.property.name, node);
      }
      default:
        return undefined;
    }
  }

  /** The value of a variable (`key` ''), a variable's property, or a class's `this.key`, asked once. */
  private cached(owner: object, key: string, node: TSESTree.Node): Value | undefined {
    let byKey = this.byOwner.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.byOwner.set(owner, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = this.typeValue(node) ?? null;
      byKey.set(key, value);
    }
    return value ?? undefined;
  }

  /**
   * The variable an identifier names, unless cheap syntax rules it out before asking the checker:
   * built-in globals (`Math`, `JSON`, `console`, `process`, and chains rooted at them), and
   * variables initialised with a literal, an array, an object, a function or a class, or declared as
   * a function, an enum or a type — none of which is a library handle.
   */
  private candidate(node: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    const variable = findVariable(this.scopeOf(node), node);
    if (!variable || variable.defs.length === 0) {
      return undefined; // an implicit global
    }
    const def = variable.defs[0]!;
    if (def.type === 'Variable' && def.node.init && variable.defs.length === 1 && def.node.id.type === AST_NODE_TYPES.Identifier) {
      const init = def.node.init;
      const literal =
        init.type === AST_NODE_TYPES.Literal ||
        init.type === AST_NODE_TYPES.TemplateLiteral ||
        init.type === AST_NODE_TYPES.ArrayExpression ||
        init.type === AST_NODE_TYPES.ObjectExpression ||
        init.type === AST_NODE_TYPES.ArrowFunctionExpression ||
        init.type === AST_NODE_TYPES.FunctionExpression ||
        init.type === AST_NODE_TYPES.ClassExpression ||
        init.type === AST_NODE_TYPES.BinaryExpression ||
        init.type === AST_NODE_TYPES.UnaryExpression;
      return literal ? undefined : variable;
    }
    return def.type === 'FunctionName' || def.type === 'TSEnumName' || def.type === 'Type' ? undefined : variable;
  }

  private typeValue(node: TSESTree.Node): Value | undefined {
    const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
    if (!tsNode) {
      return undefined;
    }
    let type: ts.Type;
    try {
      type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(tsNode));
    } catch (error) {
      // TypeScript's checker recurses through a variable's initialiser: thousands of aliases in a
      // row (`const a2 = a1; …`) overflow its stack. No type, then, rather than a crashed lint.
      if (error instanceof RangeError) {
        return undefined;
      }
      throw error;
    }
    const instance = this.cachedShapeOfType(type);
    if (instance) {
      return { key: instance, promise: false };
    }
    // A class used as a constructor: `new PrismaService()` where PrismaService extends PrismaClient.
    for (const signature of type.getConstructSignatures()) {
      const constructed = this.shapeOfType(signature.getReturnType(), 0);
      const cls = constructed && this.classShape(constructed);
      if (cls) {
        return { key: cls, promise: false };
      }
    }
    return undefined;
  }

  private cachedShapeOfType(type: ts.Type): string | undefined {
    let shape = this.byType.get(type);
    if (shape === undefined) {
      shape = this.shapeOfType(type, 0) ?? null;
      this.byType.set(type, shape);
    }
    return shape ?? undefined;
  }

  private shapeOfType(type: ts.Type, depth: number): string | undefined {
    if (depth > 4) {
      return undefined;
    }
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const found = symbol && this.shapeOfSymbol(symbol);
    if (found) {
      return found;
    }
    if (type.isUnionOrIntersection()) {
      for (const member of type.types) {
        const inner = this.shapeOfType(member, depth + 1);
        if (inner) {
          return inner;
        }
      }
    }
    if (type.isClassOrInterface()) {
      for (const base of this.checker.getBaseTypes(type)) {
        const inner = this.shapeOfType(base, depth + 1);
        if (inner) {
          return inner;
        }
      }
    }
    return undefined;
  }

  private shapeOfSymbol(symbol: ts.Symbol): string | undefined {
    const declaration = symbol.declarations?.[0];
    const file = declaration?.getSourceFile().fileName;
    if (!file) {
      return undefined;
    }
    const packageName = packageOf(file);
    const lib = packageName && this.registry.module(packageName)?.lib;
    if (!lib) {
      return undefined;
    }
    // `"/…/node_modules/knex/types/index".Knex.Transaction` → `Knex.Transaction`
    const qualified = this.checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, '');
    return this.registry.typeShapeInLibrary(lib, qualified) ?? this.registry.typeShapeInLibrary(lib, symbol.getName());
  }

  /** The class shape whose construction returns an instance shape. */
  private classShape(instance: string): string | undefined {
    if (this.classOf.size === 0) {
      for (const key of this.registry.shapeKeys()) {
        const returns = this.registry.shape(key)?.construct?.returns;
        if (returns) {
          this.classOf.set(this.registry.resolveRef(key.slice(0, key.indexOf(':')), returns), key);
        }
      }
    }
    return this.classOf.get(instance);
  }
}

/** The class (or object literal's enclosing function) `this` refers to, for caching `this.x`. */
function thisOwner(node: TSESTree.ThisExpression): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      return current;
    }
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
      // A method's `this` is its class; a plain function's is its own.
      if (current.parent.type !== AST_NODE_TYPES.MethodDefinition && current.parent.type !== AST_NODE_TYPES.PropertyDefinition) {
        return current;
      }
    }
  }
  return undefined;
}

/** `…/node_modules/@types/pg/index.d.ts` → `pg`; `…/node_modules/.prisma/client/…` → `@prisma/client`. */
export function packageOf(file: string): string | undefined {
  let last: string | undefined;
  for (const match of file.matchAll(PACKAGE_IN_PATH)) {
    last = match[1].replace(/\\/g, '/');
  }
  if (last === undefined) {
    return /[\\/]generated[\\/]prisma[\\/]/.test(file) ? '@prisma/client' : undefined;
  }
  if (last === '.prisma') {
    return '@prisma/client';
  }
  if (last.startsWith('@types/')) {
    const name = last.slice('@types/'.length);
    return name.includes('__') ? `@${name.replace('__', '/')}` : name;
  }
  return last;
}
