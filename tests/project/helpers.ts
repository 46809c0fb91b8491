import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../index';
import { indexProject, writeFacts, type ProjectIndex } from '../../lib/project/indexer';
import type { ExportFact } from '../../lib/project/facts';
import { tempProject, type TempProject } from '../integration/project';

export interface IndexedProject extends TempProject {
  index: ProjectIndex;
  /** The facts of a module, by its path relative to the project. */
  exportsOf(file: string): Record<string, ExportFact> | undefined;
}

/** A temporary project of these files, indexed (no cache unless asked). */
export function indexed(files: Record<string, string>, options: { cache?: boolean } = {}): IndexedProject {
  const project = tempProject('index', files);
  const index = indexProject({ cwd: project.dir, cache: options.cache ? '.pgbouncer/index-cache.json' : false });
  return {
    ...project,
    index,
    exportsOf: (file) => index.facts.modules[file]?.exports,
  };
}

/** Indexes the project and writes its facts file at `.pgbouncer/facts.json`. */
export function writeProjectFacts(project: TempProject): ProjectIndex {
  const index = indexProject({ cwd: project.dir, cache: false });
  writeFacts(index, path.join(project.dir, '.pgbouncer', 'facts.json'));
  return index;
}

export interface Finding {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
}

/** Lints the project's sources with every rule of the plugin (from source) and these settings. */
export async function lintProject(dir: string, settings: Record<string, unknown>, patterns: string[] = ['src']): Promise<Finding[]> {
  const results = await lintProjectResults(dir, settings, patterns);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(dir, result.filePath).split(path.sep).join('/'),
      ruleId: message.ruleId,
      line: message.line,
      column: message.column,
      message: message.message,
    })),
  );
}

/** ESLint's own results for {@link lintProject} (suggestions included). */
export async function lintProjectResults(dir: string, settings: Record<string, unknown>, patterns: string[] = ['src']): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,ts,tsx}'], languageOptions: { parser: tsParser } },
      plugin.configs.all,
      { settings: { pgbouncer: settings } },
    ],
  });
  return eslint.lintFiles(patterns);
}

/** A copy of a fixture project under tests/fixtures in a temporary directory, so that indexing writes nothing into the repository. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pgbouncer-${name}-`));
  cpSync(path.join(__dirname, '..', 'fixtures', name), dir, { recursive: true });
  return dir;
}
