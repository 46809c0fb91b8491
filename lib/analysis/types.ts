import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
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

  private constructor(
    private readonly services: ParserServicesWithTypeInformation,
    private readonly registry: Registry,
    private readonly checker: ts.TypeChecker,
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
    return new TypeOracle(services as ParserServicesWithTypeInformation, registry, services.program.getTypeChecker());
  }

  valueOf(node: TSESTree.Node): Value | undefined {
    if (
      node.type !== AST_NODE_TYPES.Identifier &&
      node.type !== AST_NODE_TYPES.MemberExpression &&
      node.type !== AST_NODE_TYPES.ThisExpression
    ) {
      return undefined;
    }
    const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
    if (!tsNode) {
      return undefined;
    }
    const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(tsNode));
    const instance = this.shapeOfType(type, 0);
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
