import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { afterAll, describe, expect, it } from 'vitest';
import { isOtherDatabaseFile, isScript, isScriptFile, isTestFile, relativePath } from '../../lib/frameworks/conventions';

describe('isTestFile', () => {
  const cwd = path.join(path.sep, 'home', 'ci', 'tests', 'billing');
  it('judges the path relative to the working directory, so a project checked out under tests/ is not all tests', () => {
    expect(isTestFile(path.join(cwd, 'src', 'db.ts'), cwd)).toBe(false);
    expect(isTestFile(path.join(cwd, 'src', 'db.test.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'test', 'db.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, '__tests__', 'db.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'src', 'auto-migration.tests.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'src', 'user.specs.js'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'src', 'latest.ts'), cwd)).toBe(false);
    expect(isTestFile(path.join(cwd, 'src', 'requests.ts'), cwd)).toBe(false);
    // Deno's convention: \`*_test.ts\`, not a name that merely ends in \`test\`.
    expect(isTestFile(path.join(cwd, 'supabase', 'functions', 'stats', 'pg_integration_test.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'src', 'db_test.js'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'src', 'ab_latest.ts'), cwd)).toBe(false);
    expect(isTestFile(path.join(cwd, 'src', 'contest.ts'), cwd)).toBe(false);
  });

  it('counts a module that imports Testcontainers as test support, wherever it is', () => {
    const file = path.join(cwd, 'packages', 'lib', 'helpers', 'containers.ts');
    const esm = parse(`import { PostgreSqlContainer } from '@testcontainers/postgresql';\nimport { Pool } from 'pg';\nexport const createPool = () => new Pool();`, { sourceType: 'module' });
    const cjs = parse(`const { GenericContainer } = require('testcontainers');\nconst { Pool } = require('pg');`, { sourceType: 'script' });
    const plain = parse(`import { Pool } from 'pg';\nimport { containers } from './testcontainers-config';\nexport const pool = new Pool();`, { sourceType: 'module' });
    expect(isTestFile(file, cwd, esm)).toBe(true);
    expect(isTestFile(file, cwd, cjs)).toBe(true);
    expect(isTestFile(file, cwd, plain)).toBe(false);
    expect(isTestFile(file, cwd)).toBe(false);
  });

  it('counts folders of test support code as tests, not names that merely contain the word', () => {
    for (const folder of ['testing', 'test-utils', 'test-helpers', 'test-tstyche', 'tests-e2e', '__fixtures__', 'type-tests', 'typetests', '_test', '_tests']) {
      expect(isTestFile(path.join(cwd, 'packages', 'core', 'src', folder, 'db.ts'), cwd)).toBe(true);
    }
    for (const folder of ['ab-testing', 'testingLibrary', 'contest', 'latest', 'attest-x', 'prototypes', 'ab_test_results']) {
      expect(isTestFile(path.join(cwd, 'src', folder, 'db.ts'), cwd)).toBe(false);
    }
  });

  it('counts the files of a package named for tests as tests', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-test-package-'));
    try {
      const names = { 'commons-test': 'pagopa-interop-commons-test', utils: '@acme/test-utils', db: 'db-testing', web: 'web-e2e', ab: 'ab-testing', api: 'api' };
      for (const [folder, name] of Object.entries(names)) {
        mkdirSync(path.join(root, 'packages', folder, 'src'), { recursive: true });
        writeFileSync(path.join(root, 'packages', folder, 'package.json'), JSON.stringify({ name }));
      }
      const judged = Object.keys(names).map((folder) => [folder, isTestFile(path.join(root, 'packages', folder, 'src', 'setup.ts'), root)]);
      expect(Object.fromEntries(judged)).toEqual({ 'commons-test': true, utils: true, db: true, web: true, ab: false, api: false });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("counts test runners' setup files and type tests as tests", () => {
    for (const file of [
      'jest.setup.ts',
      'vitest.setup.mts',
      'test-setup.ts',
      'setupTests.js',
      'setup-tests.ts',
      'index.test-d.ts',
      'esm-types.tst.ts',
      'vitest.e2e.global-setup.ts',
      'jest.global-teardown.js',
      'global-setup.ts',
      'globalSetup.ts',
      'global.teardown.mjs',
      'test-util.ts',
      'test-utils.ts',
      'testUtils.js',
      'TestUtils.js',
      'test_helpers.js',
      'testHelpers.ts',
      'test-helper.js',
      'test-support.ts',
      'test-db.ts',
      'testDatabase.ts',
      '_dbTestUtils.ts',
      'prismaTestHelpers.ts',
      'test-hooks.ts',
      'testHarness.ts',
      'test_fixtures.js',
      'test-config.ts',
      'testConfig.ts',
      'ormTestConfig.ts',
      'mikro-orm-test.config.ts',
      'mikro-orm.test.config.ts',
      'db_tests.config.js',
    ]) {
      expect(isTestFile(path.join(cwd, 'src', file), cwd)).toBe(true);
    }
    for (const file of ['setup.ts', 'db-setup.ts', 'contest-setup.ts', 'test-setup-data.ts', 'global.ts', 'global-settings.ts', 'teardown.ts', 'utils.ts', 'latest-utils.ts', 'attestUtils.ts', 'contestUtils.ts', 'latestHelpers.ts', 'latestHooks.ts', 'hooks.ts', 'test-db-connection.ts', 'db-helpers.ts', 'latest.config.ts', 'contest-config.ts', 'mikro-orm.config.ts', 'config.ts', 'attest.config.ts']) {
      expect(isTestFile(path.join(cwd, 'src', file), cwd)).toBe(false);
    }
  });

  it('counts end-to-end harnesses as tests: Cypress and Playwright folders and configs, suites named by kind', () => {
    for (const file of [
      'cypress-tests/cypress.config.js',
      'cypress.config.ts',
      'cypress-app-builder.config.js',
      'playwright.config.mts',
      'cypress/plugins/index.js',
      'cypress/support/db.ts',
      'playwright/global-setup.ts',
      'packages/api/e2e-tests/db.ts',
      'apps/web-e2e/utils/resetDB.ts',
      'apps/api_e2e/src/support/db.ts',
      'integration-tests/helpers/db.ts',
      'magda-int-test-ts/src/ServiceRunner.ts',
      'packages/api-integration-tests/db.ts',
      'perfTest/init.js',
      'load_tests/seed.ts',
    ]) {
      expect(isTestFile(path.join(cwd, file), cwd), file).toBe(true);
    }
    for (const file of ['src/cypress-report.ts', 'src/config/cypress.ts', 'src/ab-tests/db.ts', 'src/unit-testing-guide/db.ts', 'src/playwright.ts', 'src/cypress.configuration.ts', 'src/ab-int-testing/db.ts', 'apps/e2e-testing-dashboard/db.ts', 'src/e2e.ts', 'apps/web-e2eval/db.ts', 'src/reports-e2e.ts']) {
      expect(isTestFile(path.join(cwd, file), cwd), file).toBe(false);
    }
  });

  it('keeps paths outside the working directory, and relative ones, as given', () => {
    expect(relativePath(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'), cwd)).toBe(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'));
    expect(isTestFile(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'), cwd)).toBe(true);
    expect(relativePath('src/x.ts', cwd)).toBe('src/x.ts');
    expect(isTestFile('spec/x.ts', '')).toBe(true);
  });
});

describe('relativePath', () => {
  const cwd = path.join(path.sep, 'home', 'ci', 'app');
  // What path.relative would say, under the same rule (outside the working directory: as given).
  const expected = (filename: string, from: string) => {
    const relative = path.relative(from, filename);
    return relative.startsWith('..') || path.isAbsolute(relative) ? filename : relative;
  };
  const cases = [
    path.join(cwd, 'src', 'db.ts'),
    `${cwd}${path.sep}src${path.sep}${path.sep}db.ts`,
    `${cwd}${path.sep}src${path.sep}.${path.sep}db.ts`,
    `${cwd}${path.sep}src${path.sep}..${path.sep}db.ts`,
    `${cwd}${path.sep}..${path.sep}other${path.sep}db.ts`,
    `${cwd}2${path.sep}db.ts`,
    `${cwd}-db.ts`,
    `${cwd}${path.sep}.github${path.sep}build.ts`,
    `${cwd}${path.sep}`,
    cwd,
    path.join(path.sep, 'home', 'ci', 'db.ts'),
  ];

  it.each(cases)('answers what path.relative answers for %s', (filename) => {
    expect(relativePath(filename, cwd)).toBe(expected(filename, cwd));
    expect(relativePath(filename, `${cwd}${path.sep}`)).toBe(expected(filename, `${cwd}${path.sep}`));
  });
});

describe('isOtherDatabaseFile', () => {
  const cwd = path.join(path.sep, 'home', 'ci', 'mysql-tools', 'app');
  const other = (relative: string) => isOtherDatabaseFile(path.join(cwd, ...relative.split('/')), cwd);
  it("leaves another database's dialect-specific code alone, by folder or file name", () => {
    for (const file of [
      'src/database/sqlite/queries.ts',
      'nodes/memory/MySQLAgentMemory/mysqlSaver.ts',
      'nodes/memory/SQLiteAgentMemory/sqliteSaver.ts',
      'src/drivers/driver-mssql.ts',
      'src/db/mariadb.ts',
      'src/store/mongoStore.ts',
      'packages/indexer/src/common/redshift.ts',
      'src/warehouse/redshift-client.ts',
    ]) {
      expect(other(file)).toBe(true);
    }
  });
  it('keeps code that names PostgreSQL too, or no database, and judges the path inside the working directory only', () => {
    for (const file of [
      'nodes/memory/PostgresAgentMemory/pgSaver.ts',
      'src/sync/mysql-to-postgres.ts',
      'src/pg/mysqlImport.ts',
      'src/db/pg-sqlite-bridge.ts',
      'src/users/users.service.ts',
      'src/lib/commonSql.ts',
      'src/jobs/unmysqled.ts',
    ]) {
      expect(other(file)).toBe(false);
    }
  });
});

describe('isScriptFile', () => {
  const cwd = path.join(path.sep, 'work', 'app');
  it('counts scripts/ folders anywhere and tools/ folders outside a source tree', () => {
    for (const file of ['scripts/backfill.ts', 'packages/db/scripts/sync.ts', 'src/scripts/daily.ts', 'script/seed-demo.js', 'tools/smoke/check.ts', 'server/tools/report.js', 'tooling/export-import/index.ts', 'packages/cli/src/commands/memory.ts', 'src/cli/seed.ts']) {
      expect(isScriptFile(path.join(cwd, file), cwd)).toBe(true);
    }
    for (const file of ['src/ai/tools/query.ts', 'lib/tools/sql.ts', 'apps/web/app/tools/page.tsx', 'src/transcripts/store.ts', 'src/descriptions.ts', 'packages/toolsets/db.ts', 'src/tooling/db.ts', 'src/client/db.ts', 'apps/clinic/src/db.ts', 'src/commands/ping.ts']) {
      expect(isScriptFile(path.join(cwd, file), cwd)).toBe(false);
    }
  });
});

describe('isScript', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-initializer-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // One parse per file, as ESLint gives each file its own (what a file imports is remembered by its tree).
  const source = () => ({ text: `import pg from 'pg';`, ast: parse(`import pg from 'pg';`, { sourceType: 'module' }) });
  it("counts the files of an npm initializer (a package named create-*) as a command's", () => {
    for (const [folder, name] of [['create-shop-app', 'create-shop-app'], ['create-app', '@acme/create-app'], ['web', '@acme/web'], ['creator', 'creator-studio'], ['create-order', 'orders-web']]) {
      mkdirSync(path.join(root, folder, 'src', 'utils'), { recursive: true });
      writeFileSync(path.join(root, folder, 'package.json'), JSON.stringify({ name }));
    }
    const file = (folder: string) => path.join(root, folder, 'src', 'utils', 'create-db.ts');
    expect(isScript(file('create-shop-app'), root, source())).toBe(true);
    expect(isScript(file('create-app'), root, source())).toBe(true);
    expect(isScript(file('web'), root, source())).toBe(false);
    expect(isScript(file('creator'), root, source())).toBe(false);
    // A folder named so, of a package that is not an initializer.
    expect(isScript(file('create-order'), root, source())).toBe(false);
  });
});
