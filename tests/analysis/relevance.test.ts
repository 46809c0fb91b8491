import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { probe, valuesOfIdentifier } from '../helpers/probe';

const relevant = (code: string): boolean => probe(code, (analysis) => analysis.relevant);

describe('per-file early exit: which files the rules analyse', () => {
  it('leaves alone a file whose database imports bind only names the models do not know', () => {
    // The enums and row types of a Prisma schema: most files of a Prisma app import some.
    expect(relevant(`import { Role, DocumentStatus } from '@prisma/client';\nexport const roles = [Role.ADMIN, DocumentStatus.DRAFT];`)).toBe(false);
    expect(relevant(`import type { User } from '@prisma/client';\nexport const name = (user: User) => user.name;`)).toBe(false);
    expect(relevant(`import { type User, Role } from '@prisma/client';\nexport const isAdmin = (user: User) => user.role === Role.ADMIN;`)).toBe(false);
    expect(relevant(`import '@prisma/client';\nexport {};`)).toBe(false);
    expect(relevant(`import { "Role" as R } from '@prisma/client';\nexport const admin = R.ADMIN;`)).toBe(false);
    expect(relevant(`export const a = 1;`)).toBe(false);
  });

  it('analyses a file whose database import binds a modelled value or the head of a modelled type', () => {
    expect(relevant(`import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();`)).toBe(true);
    expect(relevant(`import { Role, Prisma } from '@prisma/client';\nexport async function f(tx: Prisma.TransactionClient) { return tx; }`)).toBe(true);
    expect(relevant(`import type { PoolClient } from 'pg';\nexport async function f(client: PoolClient) { return client; }`)).toBe(true);
    expect(relevant(`import pg from 'pg';\nexport default pg;`)).toBe(true);
    expect(relevant(`import * as prisma from '@prisma/client';\nexport default prisma;`)).toBe(true);
    expect(relevant(`import { default as pg } from 'pg';\nexport default pg;`)).toBe(true);
    expect(relevant(`import { "PrismaClient" as Client } from '@prisma/client';\nexport const prisma = new Client();`)).toBe(true);
    expect(relevant(`import prismaPkg, { Role } from '@prisma/client';\nexport default [prismaPkg, Role];`)).toBe(true);
  });

  it('analyses a file that reaches a database module any other way, beside a declaration that binds nothing', () => {
    expect(relevant(`import { Role } from '@prisma/client';\nconst { Pool } = require('pg');\nexport const pool = new Pool();`)).toBe(true);
    expect(relevant(`import { Role } from '@prisma/client';\nexport async function load() { return import('pg'); }`)).toBe(true);
    expect(relevant(`import { Role } from '@prisma/client';\nexport { PrismaClient } from '@prisma/client';`)).toBe(true);
    expect(relevant(`export * from 'pg';`)).toBe(true);
    expect(relevant(`import pg = require('pg');\nexport = pg;`)).toBe(true);
    // a load in a comment errs towards analysing; a sentence that happens to read like an import does not
    expect(relevant(`/** @param {import('pg').Pool} pool */\nexport const use = (pool) => pool;`)).toBe(true);
    expect(relevant(`// rows come from 'pg' through the repository\nexport const a = 1;`)).toBe(false);
    // a second declaration of the same module that does bind one
    expect(relevant(`import { Role } from '@prisma/client';\nimport { PrismaClient } from '@prisma/client';\nexport const p = new PrismaClient();`)).toBe(true);
  });

  it('still follows the modelled type of a file that also imports enums', () => {
    const code = `import { Role, Prisma } from '@prisma/client';
export async function promote(tx: Prisma.TransactionClient, id: string) {
  return tx.user.update({ where: { id }, data: { role: Role.ADMIN } });
}`;
    expect(valuesOfIdentifier(code, 'tx')).toEqual(['prisma:TransactionClient', 'prisma:TransactionClient']);
  });

  it('reports in a file whose only database import is the head of a type', () => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      `import type { PoolClient } from 'pg';
export async function archive(client: PoolClient) {
  await client.query('BEGIN');
  await client.query('insert into archive select * from events');
  await client.query('COMMIT');
}`,
      [{ files: ['**/*.ts'], plugins: { pgbouncer: plugin as never }, rules: { 'pgbouncer/balanced-transaction': 'error' }, languageOptions: { parser: tseslint.parser as never } }],
      'src/archive.ts',
    );
    expect(messages.map((message) => [message.messageId, message.line])).toEqual([['notEndedOnThrow', 3]]);
  });
});
