import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPlugin, eslintBin, finding, tempProject, type TempProject } from './project';

/**
 * Editors lint unsaved buffers: the VS Code ESLint extension and most language servers call
 * `ESLint#lintText(text, { filePath })`; others (Vim ALE, Emacs flymake/flycheck, Sublime) pipe the
 * buffer to `eslint --stdin --stdin-filename <path>`. Both must report exactly what linting the
 * saved file reports, and quick fixes (suggestions) must edit the right text.
 */
const SOURCE = `import express from 'express';
import { Pool } from 'pg';

const app = express();
const shared = new Pool({ application_name: 'api' });

app.get('/users', async (req, res) => {
  const pool = new Pool({ application_name: 'api' });
  const client = await shared.connect();
  await client.query('BEGIN');
  await client.query("SET search_path TO tenant");
  res.json((await pool.query('select * from users')).rows);
});
`;

const EXPECTED = [
  ['pgbouncer/no-engine-per-request', 8, 16],
  ['pgbouncer/release-connection', 9, 24],
  ['pgbouncer/balanced-transaction', 10, 9],
  ['pgbouncer/no-session-state', 11, 22],
  ['pgbouncer/no-outer-client-in-transaction', 12, 19],
];

let project: TempProject;
let file: string;

beforeAll(() => {
  project = tempProject('editors', {
    'eslint.config.mjs': `import pgbouncer from ${JSON.stringify(builtPlugin)};\nexport default [pgbouncer.configs['transaction-pooling']];\n`,
  });
  file = project.write('src/routes/users.js', SOURCE);
});

afterAll(() => project.remove());

function cli(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', ...args], { cwd: project.dir, input, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  const results = JSON.parse(run.stdout) as ESLint.LintResult[];
  expect(results).toHaveLength(1);
  return results[0];
}

describe('editor integrations', () => {
  it('lintText with a filePath, eslint --stdin --stdin-filename and linting the file on disk agree', async () => {
    const eslint = new ESLint({ cwd: project.dir });
    const [onDisk] = await eslint.lintFiles(['src/routes/users.js']);
    const [fromText] = await eslint.lintText(SOURCE, { filePath: file });
    const fromStdin = cli(['--stdin', '--stdin-filename', 'src/routes/users.js'], SOURCE);
    const fromCliOnDisk = cli(['src/routes/users.js']);

    expect(onDisk.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual(EXPECTED);
    const reference = onDisk.messages.map(finding);
    expect(fromText.messages.map(finding)).toEqual(reference);
    expect(fromStdin.messages.map(finding)).toEqual(reference);
    expect(fromCliOnDisk.messages.map(finding)).toEqual(reference);
    for (const result of [fromText, fromStdin, fromCliOnDisk]) {
      expect(path.resolve(project.dir, result.filePath)).toBe(file);
    }
  });

  it('returns suggestions whose fix range and text produce the intended edit', async () => {
    const eslint = new ESLint({ cwd: project.dir });
    const [result] = await eslint.lintText(SOURCE, { filePath: file });
    const apply = (ruleId: string) => {
      const message = result.messages.find((candidate) => candidate.ruleId === ruleId);
      expect(message?.suggestions, `${ruleId} offers a suggestion`).toHaveLength(1);
      const { range, text } = message!.suggestions![0].fix;
      return SOURCE.slice(0, range[0]) + text + SOURCE.slice(range[1]);
    };

    const setLocal = apply('pgbouncer/no-session-state');
    expect(setLocal).toBe(SOURCE.replace('SET search_path', 'SET LOCAL search_path'));

    const hoisted = apply('pgbouncer/no-engine-per-request');
    expect(hoisted).toBe(
      SOURCE.replace("  const pool = new Pool({ application_name: 'api' });\n", '').replace(
        "app.get('/users'",
        "const pool = new Pool({ application_name: 'api' });\n\napp.get('/users'",
      ),
    );

    // what the editor shows after applying each edit: the finding is gone and nothing else changed
    for (const [edited, ruleId] of [
      [setLocal, 'pgbouncer/no-session-state'],
      [hoisted, 'pgbouncer/no-engine-per-request'],
    ] as const) {
      const [after] = await eslint.lintText(edited, { filePath: file });
      expect(after.messages.map((message) => message.ruleId)).toEqual(EXPECTED.map(([id]) => id).filter((id) => id !== ruleId));
    }
    // the buffer, not the file on disk, was linted
    expect(readFileSync(file, 'utf8')).toBe(SOURCE);
  });
});
