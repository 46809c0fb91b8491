import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, tempProject, type TempProject } from './project';

/**
 * The pre-commit hook in .pre-commit-hooks.yaml, run the way pre-commit runs a `language: node`
 * hook: in an environment where the hook repository and its additional_dependencies are installed
 * globally (`bin/` on PATH, `lib/node_modules` as NODE_PATH), with `entry` + `args` + the staged
 * files that match `types_or`, from the root of the user's repository.
 *
 * Installing the environment itself (nodeenv, `npm install -g git+file://…`) needs pre-commit and
 * is not run here: see docs/integrations.md#pre-commit.
 */

type Hook = Record<string, string | string[]>;

/** Enough YAML for .pre-commit-hooks.yaml: a list of maps of scalars and flow sequences. */
function parseHooks(text: string): Hook[] {
  const scalar = (raw: string): string => {
    const value = raw.trim();
    return /^'.*'$/.test(value) ? value.slice(1, -1).replace(/''/g, "'") : /^".*"$/.test(value) ? JSON.parse(value) : value;
  };
  const hooks: Hook[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) {
      continue;
    }
    const entry = /^(- | {2})([a-z_]+):\s*(.*)$/.exec(line);
    if (!entry) {
      throw new Error(`unexpected line in .pre-commit-hooks.yaml: ${line}`);
    }
    if (entry[1] === '- ') {
      hooks.push({});
    }
    const value = entry[3];
    hooks[hooks.length - 1][entry[2]] = value.startsWith('[')
      ? value
          .slice(1, -1)
          .split(',')
          .map(scalar)
          .filter((item) => item !== '')
      : scalar(value);
  }
  return hooks;
}

/** pre-commit's file type tags (from `identify`) for the extensions the hook cares about. */
const TAGS: Record<string, string> = { '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'jsx', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx' };

const hooks = parseHooks(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
const hook = hooks.find((candidate) => candidate.id === 'eslint-pgbouncer')!;

let env: TempProject;
let repo: TempProject;

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8' });

/** What pre-commit does for one hook at commit time. */
function runHook() {
  const staged = git('diff', '--staged', '--name-only', '--diff-filter=ACMRTUXB', '-z').split('\0').filter(Boolean);
  const files = staged.filter((file) => (hook.types_or as string[]).includes(TAGS[path.extname(file)]));
  const [command, ...entryArgs] = (hook.entry as string).split(' ');
  const run = spawnSync(command, [...entryArgs, ...(hook.args as string[]), ...files], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(env.dir, 'bin')}${path.delimiter}${process.env.PATH}`,
      NODE_PATH: path.join(env.dir, 'lib', 'node_modules'),
      PRE_COMMIT: '1',
    },
  });
  return { files, ...run };
}

beforeAll(() => {
  // the hook environment: this package and the additional dependency `eslint`, "installed globally"
  env = tempProject('pre-commit-env');
  mkdirSync(path.join(env.dir, 'lib', 'node_modules'), { recursive: true });
  symlinkSync(root, path.join(env.dir, 'lib', 'node_modules', 'eslint-plugin-pgbouncer'), 'dir');
  symlinkSync(path.join(root, 'node_modules', 'eslint'), path.join(env.dir, 'lib', 'node_modules', 'eslint'), 'dir');
  mkdirSync(path.join(env.dir, 'bin'));
  symlinkSync(path.join(env.dir, 'lib', 'node_modules', 'eslint', 'bin', 'eslint.js'), path.join(env.dir, 'bin', 'eslint'));

  // the user's repository: no node_modules of its own, a CommonJS config that requires the plugin
  repo = tempProject('pre-commit-repo', {
    'eslint.config.cjs': "const pgbouncer = require('eslint-plugin-pgbouncer');\nmodule.exports = [pgbouncer.configs.recommended];\n",
    'src/lambda.js': "import { Pool } from 'pg';\nexport const handler = async () => { const pool = new Pool({ application_name: 'x' }); return pool.query('select 1'); };\n",
    'src/worker.mjs': "import { Pool } from 'pg';\nconst pool = new Pool({ application_name: 'worker' });\nexport const handler = async () => pool.query('select 1');\n",
    'src/legacy.js': "import { Pool } from 'pg';\nexport const handler = async () => new Pool({ application_name: 'x' }).query('select 1');\n",
    'notes.md': '# notes\n',
  });
  git('init', '-q');
  git('add', 'eslint.config.cjs', 'package.json', 'src/lambda.js', 'src/worker.mjs', 'notes.md');
});

afterAll(() => {
  env.remove();
  repo.remove();
});

describe('.pre-commit-hooks.yaml', () => {
  it('defines the eslint-pgbouncer hook in the format pre-commit expects', () => {
    expect(hooks.map((candidate) => candidate.id)).toEqual(['eslint-pgbouncer']);
    for (const key of Object.keys(hook)) {
      // the keys pre-commit's manifest schema (clientlib.MANIFEST_HOOK_DICT) accepts
      expect([
        'id', 'name', 'entry', 'language', 'alias', 'files', 'exclude', 'types', 'types_or', 'exclude_types', 'additional_dependencies', 'args',
        'always_run', 'fail_fast', 'pass_filenames', 'description', 'language_version', 'log_file', 'require_serial', 'stages', 'verbose',
        'minimum_pre_commit_version',
      ]).toContain(key);
    }
    expect(hook).toMatchObject({ name: expect.any(String), entry: 'eslint', language: 'node', types_or: ['javascript', 'jsx', 'ts', 'tsx'] });
    expect(hook.additional_dependencies).toEqual([expect.stringMatching(/^eslint@/)]);
  });

  it('fails the commit on findings in staged files, and only in staged files', () => {
    const run = runHook();
    expect(run.files).toEqual(['eslint.config.cjs', 'src/lambda.js', 'src/worker.mjs']); // notes.md is not a type_or match
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('src/lambda.js');
    expect(run.stdout).toMatch(/2:51 +error +`new Pool\(\)` builds a new pg Pool in the AWS Lambda handler `handler`.*pgbouncer\/no-engine-per-request/);
    expect(run.stdout).not.toContain('worker.mjs');
    expect(run.stdout).not.toContain('legacy.js'); // has a finding, but is not staged
    expect(run.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('passes once the staged files are clean', () => {
    repo.write('src/lambda.js', "import { Pool } from 'pg';\nconst pool = new Pool({ application_name: 'x' });\nexport const handler = async () => pool.query('select 1');\n");
    git('add', 'src/lambda.js');
    const run = runHook();
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });
});
