import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main, progressBar } from '../../cli/pgbouncer-lint';
import { root } from '../integration/project';
import { copyFixture } from './helpers';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function fixture(name: string): string {
  const dir = copyFixture(name);
  cleanup.push(dir);
  return dir;
}

function collect(): PassThrough & { text(): string } {
  const stream = new PassThrough() as PassThrough & { text(): string };
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collect();
  const stderr = collect();
  const code = await main(argv, { cwd, stdout, stderr, env: { CI: 'true' } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('pgbouncer-lint index', () => {
  it('writes the facts file and says what it did; exit 0', async () => {
    const dir = fixture('project-ts');
    const { code, stdout, stderr } = await run(dir, 'index');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^pgbouncer-lint: indexed 6 files in \d+ ms \(6 analysed, 0 unchanged\): 6 modules with facts → \.pgbouncer\/facts\.json\n$/);
    const facts = JSON.parse(readFileSync(path.join(dir, '.pgbouncer', 'facts.json'), 'utf8'));
    expect(facts).toMatchObject({ version: 1, root: '..', modules: { 'src/db.ts': { specifiers: ['~/db'] } } });
    expect(existsSync(path.join(dir, '.pgbouncer', 'index-cache.json'))).toBe(true);
    // Again: everything from the cache.
    expect((await run(dir, 'index')).stderr).toMatch(/\(0 analysed, 6 unchanged\)/);
    expect((await run(dir, 'index', '--quiet')).stderr).toBe('');
  });

  it('accepts and ignores the file arguments lint-staged and pre-commit append', async () => {
    const dir = fixture('project-ts');
    const { code } = await run(dir, 'index', '--quiet', 'src/db.ts', 'src/pg.ts');
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, '.pgbouncer', 'facts.json'), 'utf8')).modules)).toHaveLength(6);
  });

  it('--facts and --project choose where to write and what to load', async () => {
    const dir = fixture('project-ts');
    const { code } = await run(path.dirname(dir), 'index', '--project', path.basename(dir), '--facts', `${path.basename(dir)}/out/facts.json`, '--no-cache');
    expect(code).toBe(0);
    const facts = JSON.parse(readFileSync(path.join(dir, 'out', 'facts.json'), 'utf8'));
    expect(facts.root).toBe('..');
    expect(Object.keys(facts.modules)).toContain('src/pg.ts');
    expect(existsSync(path.join(dir, 'out', 'index-cache.json'))).toBe(false);
  });
});

describe('pgbouncer-lint audit', () => {
  it('stylish: ESLint-style findings, exit 1', async () => {
    const dir = fixture('project-ts');
    const { code, stdout } = await run(dir, 'audit', '--quiet');
    expect(code).toBe(1);
    expect(stdout).toContain(`${path.join(dir, 'src', 'routes', 'users.ts')}\n`);
    expect(stdout).toMatch(/ {2}11:14 {2}error {2}`createClient\(\)` builds a new PrismaClient/);
    expect(stdout).toMatch(/pgbouncer\/no-engine-per-request\n/);
    expect(stdout).toContain('✖ 5 problems (5 errors, 0 warnings)');
  });

  it('json: the shape of `eslint --format json`', async () => {
    const dir = fixture('project-js');
    const { code, stdout } = await run(dir, 'audit', '--quiet', '--format', 'json');
    expect(code).toBe(1);
    const results = JSON.parse(stdout);
    expect(results).toHaveLength(1);
    expect(results[0].filePath).toBe(path.join(dir, 'src', 'routes.js'));
    expect(results[0].messages.map((m: { line: number; ruleId: string }) => `${m.line} ${m.ruleId}`)).toEqual([
      '10 pgbouncer/no-engine-per-request',
      '17 pgbouncer/no-idle-in-transaction',
      '32 pgbouncer/no-nested-transaction',
      '40 pgbouncer/no-outer-client-in-transaction',
      '46 pgbouncer/release-connection',
    ]);
  });

  it('sarif: a SARIF 2.1.0 log with one rule per check and results located relative to the project', async () => {
    const dir = fixture('project-ts');
    const { code, stdout } = await run(dir, 'audit', '--quiet', '--format', 'sarif', '--output-file', 'reports/audit.sarif');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const log = JSON.parse(readFileSync(path.join(dir, 'reports', 'audit.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('pgbouncer-lint');
    expect(run0.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'pgbouncer/no-engine-per-request',
      'pgbouncer/no-nested-transaction',
      'pgbouncer/no-outer-client-in-transaction',
      'pgbouncer/release-connection',
      'pgbouncer/no-idle-in-transaction',
    ]);
    expect(run0.tool.driver.rules[0].helpUri).toMatch(/docs\/rules\/no-engine-per-request\.md$/);
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(run0.results).toHaveLength(5);
    for (const result of run0.results) {
      expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      expect(result.message.text.length).toBeGreaterThan(20);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation).toEqual({ uri: 'src/routes/users.ts', uriBaseId: '%SRCROOT%' });
      expect(location.region.startLine).toBeGreaterThan(0);
      expect(location.region.startColumn).toBeGreaterThan(0);
    }
  });

  it('--max-findings raises the threshold; a clean project exits 0', async () => {
    const dir = fixture('project-ts');
    expect((await run(dir, 'audit', '--quiet', '--max-findings', '5')).code).toBe(0);
    expect((await run(dir, 'audit', '--quiet', '--max-warnings', '4')).code).toBe(1);
    expect((await run(dir, 'audit', '--quiet', '--max-findings=-1')).code).toBe(0);
    const clean = mkdtempSync(path.join(tmpdir(), 'pgbouncer-cli-clean-'));
    cleanup.push(clean);
    const { code, stdout } = await run(clean, 'audit', '--quiet');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it.each([
    [['lint'], /unknown command "lint"/],
    [[], /missing command/],
    [['audit', '--format', 'xml'], /unknown format "xml" \(expected stylish, json, sarif\)/],
    [['audit', '--max-findings', 'many'], /--max-findings expects a whole number/],
    [['index', '--bogus'], /Unknown option '--bogus'/],
    [['index', '--project', 'nowhere'], /no tsconfig\.json or jsconfig\.json at /],
  ])('bad usage %j: exit 2 and a message', async (argv, message) => {
    const dir = fixture('project-js');
    const { code, stderr } = await run(dir, ...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--help and --version', async () => {
    const help = await run(root, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pgbouncer-lint <command> \[options\] \[files…\]/);
    const version = await run(root, '--version');
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  });

  it('the built bin runs as a command', () => {
    const dir = fixture('project-js');
    const bin = path.join(root, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).bin['pgbouncer-lint']);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const result = spawnSync(process.execPath, [bin, 'audit', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)[0].messages).toHaveLength(5);
  });
});

describe('progress bar', () => {
  function tty(): PassThrough & { isTTY: boolean; text(): string } {
    const stream = collect() as PassThrough & { isTTY: boolean; text(): string };
    stream.isTTY = true;
    return stream;
  }

  it('drawn on a terminal for more than a few hundred files, and cleared', () => {
    const stream = tty();
    const bar = progressBar(stream, {}, false);
    bar.update(400, 400);
    bar.done();
    expect(stream.text()).toBe(`\r[${'#'.repeat(30)}] 400/400 files\r\x1b[K`);
  });

  it('quiet in CI, when piped, with --quiet, and for small projects', () => {
    for (const [stream, env, quiet, total] of [
      [tty(), { CI: 'true' }, false, 400],
      [collect(), {}, false, 400],
      [tty(), {}, true, 400],
      [tty(), {}, false, 50],
    ] as const) {
      const bar = progressBar(stream, env, quiet);
      bar.update(total, total);
      bar.done();
      expect(stream.text()).toBe('');
    }
  });
});
