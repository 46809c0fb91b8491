import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Through ESLint's Node API, against the BUILT package (`npm test` builds it first), installed into
 * an empty project by linking, the way an editor or CI uses it.
 */
const root = path.join(__dirname, '..', '..');
let project: string;

const PER_REQUEST = `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
app.get('/users', async (req, res) => {
  const prisma = new PrismaClient();
  res.json(await prisma.user.findMany());
});
`;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'pgbouncer-consumer-'));
  mkdirSync(path.join(project, 'node_modules'));
  symlinkSync(root, path.join(project, 'node_modules', 'eslint-plugin-pgbouncer'), 'dir');
  for (const dependency of ['eslint', 'typescript-eslint', '@typescript-eslint', 'typescript']) {
    symlinkSync(path.join(root, 'node_modules', dependency), path.join(project, 'node_modules', dependency), 'dir');
  }
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the built package', () => {
  it('loads no package at run time beyond those ESLint and the parser have loaded already', () => {
    // Loading the plugin is part of every lint run (and of the bench's budget): a package it needs
    // only for types (`@typescript-eslint/utils`, 39 modules) must stay out of require().
    const script = [
      "require('eslint'); require('@typescript-eslint/parser');",
      'const before = new Set(Object.keys(require.cache));',
      "require('eslint-plugin-pgbouncer');",
      "const added = Object.keys(require.cache).filter((file) => !before.has(file)).map((file) => file.replace(/\\\\/g, '/'));",
      // The plugin's own modules load from its real path (the link's target), outside node_modules.
      "console.log(JSON.stringify(added.filter((file) => file.includes('/node_modules/'))));",
    ].join('\n');
    const added = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' })) as string[];
    expect(added).toEqual([]);
  });

  it('loads with require() and with import', () => {
    const cjs = execFileSync(process.execPath, ['-e', "const p = require('eslint-plugin-pgbouncer'); console.log(p.meta.namespace, Object.keys(p.configs).length, typeof p.rules['no-engine-per-request'].create)"], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(cjs.trim()).toBe('pgbouncer 6 function');
    const esm = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import p from 'eslint-plugin-pgbouncer'; console.log(p.meta.namespace, p.configs.recommended.name)"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(esm.trim()).toBe('pgbouncer pgbouncer/recommended');
  });

  it('lints from an eslint.config.js with each preset (lintText with a file path, as editors do)', async () => {
    const plugin = (await import(path.join(root, 'dist', 'index.js'))).default;
    for (const preset of ['recommended', 'transaction-pooling', 'all'] as const) {
      const eslint = new ESLint({
        cwd: project,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, plugin.configs[preset]],
      });
      const [result] = await eslint.lintText(PER_REQUEST, { filePath: path.join(project, 'src', 'routes.ts') });
      expect(result.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([
        ['pgbouncer/no-engine-per-request', 5, 18],
      ]);
      expect(result.messages[0].suggestions?.map((suggestion) => suggestion.desc)).toEqual([
        'Create the PrismaClient once, at module scope, as `prisma`.',
      ]);
    }
  });

  it('lints plain CommonJS with the default parser through a CommonJS eslint.config.cjs', async () => {
    writeFileSync(
      path.join(project, 'eslint.config.cjs'),
      "const pgbouncer = require('eslint-plugin-pgbouncer');\nmodule.exports = [pgbouncer.configs.recommended];\n",
    );
    const eslint = new ESLint({ cwd: project, overrideConfigFile: path.join(project, 'eslint.config.cjs') });
    const [result] = await eslint.lintText(
      "const { Pool } = require('pg');\nexports.handler = async () => {\n  const pool = new Pool();\n  return pool.query('select 1');\n};\n",
      { filePath: path.join(project, 'lambda.cjs') },
    );
    expect(result.messages.map((message) => [message.ruleId, message.messageId, message.line])).toEqual([
      ['pgbouncer/no-engine-per-request', 'perRequest', 3],
    ]);
  });

  it('fails with a clear error when a type-checked preset runs without type information', async () => {
    const plugin = (await import(path.join(root, 'dist', 'index.js'))).default;
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, plugin.configs['recommended-type-checked']],
    });
    await expect(eslint.lintText(PER_REQUEST, { filePath: path.join(project, 'src', 'routes.ts') })).rejects.toThrow(
      /typeAware: true.*parsed without type information/s,
    );
  });

  it('reports a malformed settings.pgbouncer entry by name', async () => {
    const plugin = (await import(path.join(root, 'dist', 'index.js'))).default;
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        plugin.configs.recommended,
        { settings: { pgbouncer: { modules: { '~/db': { withTx: { callbak: {} } } } } } },
      ],
    });
    await expect(eslint.lintText(PER_REQUEST, { filePath: path.join(project, 'src', 'routes.ts') })).rejects.toThrow(
      'invalid settings.pgbouncer.modules["~/db"].withTx.callbak: unknown key',
    );
  });
});

describe('npm pack', () => {
  it('installs into an empty project from the packed tarball and runs from eslint.config.js', () => {
    const consumer = mkdtempSync(path.join(tmpdir(), 'pgbouncer-tarball-'));
    try {
      const packed = JSON.parse(
        execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumer], { cwd: root, encoding: 'utf8' }),
      )[0].filename as string;
      const eslintVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'eslint', 'package.json'), 'utf8')) as { version: string }).version;
      writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
      writeFileSync(
        path.join(consumer, 'eslint.config.js'),
        "import pgbouncer from 'eslint-plugin-pgbouncer';\nexport default [pgbouncer.configs.recommended];\n",
      );
      mkdirSync(path.join(consumer, 'src'));
      writeFileSync(
        path.join(consumer, 'src', 'lambda.js'),
        "import { Pool } from 'pg';\nexport const handler = async () => { const pool = new Pool(); return pool.query('select 1'); };\n",
      );
      execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `eslint@${eslintVersion}`, `./${path.basename(packed)}`], {
        cwd: consumer,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      const run = spawnSync(process.execPath, [path.join(consumer, 'node_modules', 'eslint', 'bin', 'eslint.js'), 'src'], {
        cwd: consumer,
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('2:51  error  `new Pool()` builds a new pg Pool in the AWS Lambda handler `handler`');
      expect(run.stdout).toContain('pgbouncer/no-engine-per-request');
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });

  it('contains only what a user needs', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files: string[] = JSON.parse(output)[0].files.map((file: { path: string }) => file.path);
    const unexpected = files.filter(
      (file) => !/^(dist\/.+\.(js|d\.ts)|docs\/.+\.md|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(file),
    );
    expect(unexpected).toEqual([]);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('docs/rules/no-engine-per-request.md');
  });
});
