import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPlugin, eslintBin, tempProject, type TempProject } from './project';

/**
 * CI: `eslint --format @microsoft/eslint-formatter-sarif --output-file eslint.sarif`, the file
 * GitHub code scanning (github/codeql-action/upload-sarif) takes. See docs/integrations.md.
 */
interface Sarif {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; shortDescription?: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
    }>;
  }>;
}

let project: TempProject;

beforeAll(() => {
  project = tempProject(
    'sarif',
    {
      'eslint.config.mjs': `import pgbouncer from ${JSON.stringify(builtPlugin)};\nexport default [pgbouncer.configs['transaction-pooling']];\n`,
      'src/lambda.js': "import { Pool } from 'pg';\nexport const handler = async () => { const pool = new Pool(); return pool.query('select 1'); };\n",
      'src/session.js': "import { Pool } from 'pg';\nconst pool = new Pool({ host: 'pgbouncer.internal', max: 5 });\nexport const run = () => pool.query('LISTEN jobs');\n",
    },
    ['@microsoft/eslint-formatter-sarif'],
  );
});

afterAll(() => project.remove());

describe('SARIF output for code scanning', () => {
  it('formats the findings as SARIF 2.1.0 with rule metadata linking to the rule docs', () => {
    const run = spawnSync(process.execPath, [eslintBin, '--format', '@microsoft/eslint-formatter-sarif', '--output-file', 'eslint.sarif', 'src'], {
      cwd: project.dir,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(project.dir, 'eslint.sarif'), 'utf8')) as Sarif;

    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const [{ tool, results }] = sarif.runs;
    expect(tool.driver.name).toBe('ESLint');
    const ruleIds = tool.driver.rules.map((rule) => rule.id).sort();
    expect(ruleIds).toEqual(['pgbouncer/no-engine-per-request', 'pgbouncer/no-session-state', 'pgbouncer/require-application-name']);
    for (const rule of tool.driver.rules) {
      const id = rule.id.replace('pgbouncer/', '');
      expect(rule.helpUri).toBe(`https://github.com/eslint-plugin-pgbouncer/eslint-plugin-pgbouncer/blob/main/docs/rules/${id}.md`);
      expect(rule.shortDescription?.text).toMatch(/^(Disallow|Require|Enforce) /);
    }

    const summary = results.map((result) => {
      const [{ physicalLocation }] = result.locations;
      return [
        result.ruleId,
        tool.driver.rules[result.ruleIndex].id === result.ruleId,
        result.level,
        path.basename(physicalLocation.artifactLocation.uri),
        physicalLocation.region.startLine,
        physicalLocation.region.startColumn,
      ];
    });
    expect(summary).toEqual([
      ['pgbouncer/no-engine-per-request', true, 'error', 'lambda.js', 2, 51],
      ['pgbouncer/require-application-name', true, 'error', 'session.js', 2, 18],
      ['pgbouncer/no-session-state', true, 'error', 'session.js', 3, 37],
    ]);
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/.*\/src\/lambda\.js$/);
    expect(results.every((result) => result.message.text.length > 40)).toBe(true);
  });
});
