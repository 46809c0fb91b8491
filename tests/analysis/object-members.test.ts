import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { analyse, registryFor } from '../../lib/analysis/file';
import { ValueTracker } from '../../lib/analysis/values';

type Context = Parameters<typeof analyse>[0];

/** `constructor`, `toString`, `hasOwnProperty`, `__proto__`…: what every object has. */
const OBJECT_MEMBERS = Object.getOwnPropertyNames(Object.prototype);

describe("members every object has are not a model's members", () => {
  it('no shape of any model has them as a property', () => {
    const registry = registryFor(undefined, '/');
    const values = new ValueTracker(registry, () => {
      throw new Error('no scope needed');
    }, '/file.ts');
    const found: string[] = [];
    let shapes = 0;
    for (const key of registry.shapeKeys()) {
      shapes += 1;
      for (const name of OBJECT_MEMBERS) {
        const value = values.member({ key, promise: false }, name);
        if (value) found.push(`${key}.${name} → ${value.key}`);
      }
    }
    expect(shapes).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it('calling them on a pool, a client or a Prisma client is not a modelled call', () => {
    const code = `
      import { Pool } from 'pg';
      import { PrismaClient } from '@prisma/client';
      const pool = new Pool();
      const prisma = new PrismaClient();
      export async function f() {
        pool.toString();
        pool.constructor();
        prisma.hasOwnProperty('user');
        prisma.valueOf();
        const client = await pool.connect();
        client.toLocaleString();
        client.release();
        await prisma.$queryRawUnsafe('SELECT 1');
      }
    `;
    const calls: string[] = [];
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Context) {
        const analysis = analyse(context, false);
        return {
          CallExpression(node: TSESTree.CallExpression) {
            const info = analysis.values.callOf(node);
            calls.push(`${context.sourceCode.getText(node.callee)}: ${info ? (info.method ?? info.use) : 'not modelled'}`);
          },
        };
      },
    };
    const messages = new Linter({ configType: 'flat' }).verify(
      code,
      [{ files: ['**/*.ts'], plugins: { test: { rules: { probe } } as never }, rules: { 'test/probe': 'error' }, languageOptions: { parser: tseslint.parser as never } }],
      'file.ts',
    );
    expect(messages).toEqual([]);
    expect(calls).toEqual([
      'pool.toString: not modelled',
      'pool.constructor: not modelled',
      'prisma.hasOwnProperty: not modelled',
      'prisma.valueOf: not modelled',
      'pool.connect: connect',
      'client.toLocaleString: not modelled',
      'client.release: release',
      'prisma.$queryRawUnsafe: $queryRawUnsafe',
    ]);
  });

  it('no rule throws on code that reads them from a library value, or sends them in SQL', () => {
    const code = `
      import pg, { Pool } from 'pg';
      import * as pgNamespace from 'pg';
      import knex from 'knex';
      const pool = new Pool();
      const db = knex({ client: 'pg' });
      export function describe() {
        const a = pg.constructor.name.toLowerCase();
        const b = pgNamespace.toString.call(pool);
        const c = pool.constructor.name.trim() + db.__proto__.constructor.name.trim();
        return [a, b, c, pool.hasOwnProperty.call(pool, 'x')].join();
      }
      export async function sql() {
        // SQL function and setting names are looked up in the plugin's own tables too.
        await pool.query('SELECT constructor(), __proto__(), "toString"()');
        await pool.query('SET constructor TO 1; SET toString = 2');
      }
    `;
    const messages = new Linter({ configType: 'flat' }).verify(
      code,
      [{ files: ['**/*.ts'], plugins: { pgbouncer: plugin as never }, rules: plugin.configs.all.rules, languageOptions: { parser: tseslint.parser as never } }],
      'file.ts',
    );
    // Linter#verify throws when a rule throws; what remains are the two session SETs, reported.
    expect(messages.map((message) => `${message.ruleId} ${message.message.split(' changes')[0]}`)).toEqual([
      'pgbouncer/no-session-state `SET constructor`',
      'pgbouncer/no-session-state `SET tostring`',
    ]);
  });
});
