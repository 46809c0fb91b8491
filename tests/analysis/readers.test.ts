import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../index';
import { namedByOtherSource } from '../../lib/util/readers';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A project written to a temporary directory: path → text. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-readers-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const KNEXFILE = `module.exports = {
  development: { client: 'pg', connection: 'postgres://localhost/dev' },
  production: { client: 'pg', connection: process.env.DATABASE_URL },
};
`;
const none = (): boolean => false;

describe('namedByOtherSource', () => {
  it('finds a module named by a relative path, a bare name, a path after __dirname, or an alias', () => {
    const cases: Record<string, string> = {
      'src/db.js': `const config = require('../knexfile')[process.env.NODE_ENV];`,
      'src/db.ts': `import config from '../knexfile.js';`,
      'src/paths.js': "const file = path.join(__dirname, '..', 'knexfile');",
      'src/dirname.js': "const config = require(__dirname + '/../knexfile.js');",
      'src/template.js': 'const config = require(`${__dirname}/../knexfile`);',
      'src/alias.ts': `import config from '@/knexfile';`,
      'src/base-url.ts': `import config from 'knexfile';`,
    };
    for (const [reader, text] of Object.entries(cases)) {
      const root = project({ 'knexfile.js': KNEXFILE, [reader]: text });
      expect(namedByOtherSource(path.join(root, 'knexfile.js'), root, none), reader).toBe(true);
    }
  });

  it('does not take another module of the same name, a comment-free mention, or an ignored reader', () => {
    const root = project({
      'server/config/database.js': KNEXFILE,
      'server/models/index.js': `const db = require('./database');`,
      'server/routes.js': `// reads the database config\nconst name = 'database config';\nconst kind = 'database';`,
      'server/test/setup.js': `const config = require('../config/database');`,
    });
    expect(namedByOtherSource(path.join(root, 'server/config/database.js'), root, (file) => file.includes(`${path.sep}test${path.sep}`))).toBe(false);
    expect(namedByOtherSource(path.join(root, 'server/config/database.js'), root, none)).toBe(true);
  });

  it('does not take an import of an installed package for a module of its name', () => {
    const root = project({
      'package.json': '{ "dependencies": { "sequelize": "^6.37.0" } }',
      'src/config/sequelize.js': KNEXFILE,
      'src/app.ts': `import { Op } from 'sequelize';`,
    });
    expect(namedByOtherSource(path.join(root, 'src/config/sequelize.js'), root, none)).toBe(false);
    // Not installed: a bare name can be the module under a \`baseUrl\`.
    const bare = project({ 'src/config/sequelize.js': KNEXFILE, 'src/app.ts': `import config from 'sequelize';` });
    expect(namedByOtherSource(path.join(bare, 'src/config/sequelize.js'), bare, none)).toBe(true);
  });

  it('cannot tell for a file outside the root', () => {
    const root = project({ 'knexfile.js': KNEXFILE });
    expect(namedByOtherSource(path.join(os.tmpdir(), 'knexfile.js'), root, none)).toBeUndefined();
  });
});

describe('a knexfile only the command line reads', () => {
  function lint(root: string, file: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config = {
      files: ['**/*.js'],
      languageOptions: { sourceType: 'commonjs' },
      plugins: { pgbouncer: plugin as never },
      rules: { 'pgbouncer/require-application-name': 'error' },
    };
    const filename = path.join(root, file);
    return linter.verify(KNEXFILE, [config], filename).map((message) => `${message.line}:${message.messageId ?? message.message}`);
  }

  it('is not judged when no source file names it (a test or a migration script does not count)', () => {
    const root = project({
      'knexfile.js': KNEXFILE,
      'package.json': '{ "scripts": { "migrate": "knex migrate:latest" } }',
      'src/db.js': `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL, application_name: 'api' });`,
      'test/setup.js': `const config = require('../knexfile').test;`,
      'scripts/migrate.js': `const config = require('../knexfile');`,
    });
    expect(lint(root, 'knexfile.js')).toEqual([]);
  });

  it('is judged when the application reads it', () => {
    const root = project({
      'knexfile.js': KNEXFILE,
      'src/db.js': `module.exports = require('knex')(require('../knexfile')[process.env.NODE_ENV || 'development']);`,
    });
    expect(lint(root, 'knexfile.js')).toEqual(['3:missingFromEnvironment']);
  });
});

describe('a TypeORM data source only the command line reads', () => {
  const DATA_SOURCE = `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  migrations: ['dist/migrations/*.js'],
});
`;
  function lint(root: string, file: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config = {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser, sourceType: 'module' },
      plugins: { pgbouncer: plugin as never },
      rules: { 'pgbouncer/require-application-name': 'error' },
    };
    return linter.verify(DATA_SOURCE, [config], path.join(root, file)).map((message) => `${message.line}:${message.messageId ?? message.message}`);
  }

  it('is not judged when no source file names its file', () => {
    const root = project({
      'src/config/data-source.ts': DATA_SOURCE,
      'src/app.module.ts': `import { TypeOrmModule } from '@nestjs/typeorm';\nexport const db = TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'api' });`,
    });
    expect(lint(root, 'src/config/data-source.ts')).toEqual([]);
  });

  it('is not judged when a function the top level calls builds it, in a variant of the name, read by a migration runner', () => {
    const built = `import { DataSource } from 'typeorm';
function createDataSource(): DataSource {
  const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  return new DataSource({ type: 'postgres', url, migrations: ['dist/migrations/*.js'] });
}
export default createDataSource();
`;
    const root = project({
      'src/database/datasource.ts': built,
      'src/database/migrate.ts': `import dataSource from './datasource';
await dataSource.initialize();
await dataSource.runMigrations();`,
      'ormconfig-fixed.js': DATA_SOURCE,
    });
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config = {
      files: ['**/*.ts', '**/*.js'],
      languageOptions: { parser: tseslint.parser as Linter.Parser, sourceType: 'module' },
      plugins: { pgbouncer: plugin as never },
      rules: { 'pgbouncer/require-application-name': 'error' },
    };
    expect(linter.verify(built, [config], path.join(root, 'src/database/datasource.ts'))).toEqual([]);
    expect(linter.verify(DATA_SOURCE, [config], path.join(root, 'ormconfig-fixed.js'))).toEqual([]);
    // Built by a function called elsewhere too: not the command line's alone.
    const twice = `${built}export const another = createDataSource;
`;
    expect(linter.verify(twice, [config], path.join(root, 'src/database/datasource.ts')).map((message) => message.messageId)).toEqual(['missingFromEnvironment']);
  });

  it('is judged when the application imports it, and in a file of another name', () => {
    const root = project({
      'src/data-source.ts': DATA_SOURCE,
      'src/main.ts': `import { AppDataSource } from './data-source';\nawait AppDataSource.initialize();`,
      'src/db.ts': DATA_SOURCE,
    });
    expect(lint(root, 'src/data-source.ts')).toEqual(['2:missingFromEnvironment']);
    expect(lint(root, 'src/db.ts')).toEqual(['2:missingFromEnvironment']);
  });
});
