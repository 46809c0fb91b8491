import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root; the built package is `dist/` under it (`npm test` builds it first). */
export const root = path.join(__dirname, '..', '..');

/** The built plugin's entry, imported by absolute path from a temporary project's config file. */
export const builtPlugin = path.join(root, 'dist', 'index.js');

/** The repository's ESLint 9 command line, as `node_modules/.bin/eslint` runs it. */
export const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

export interface TempProject {
  dir: string;
  write(file: string, text: string): string;
  remove(): void;
}

/**
 * An empty project in a temporary directory: `files` written (paths relative to it), and each of
 * `links` (package names) symlinked from the repository's node_modules into its own. Nothing is
 * installed.
 */
export function tempProject(prefix: string, files: Record<string, string> = {}, links: string[] = []): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), `pgbouncer-${prefix}-`));
  const write = (file: string, text: string): string => {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  };
  write('package.json', JSON.stringify({ name: prefix, private: true, type: 'module' }));
  for (const [file, text] of Object.entries(files)) {
    write(file, text);
  }
  for (const name of links) {
    const target = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(name === 'eslint-plugin-pgbouncer' ? root : path.join(root, 'node_modules', name), target, 'dir');
  }
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A message reduced to what a user sees, for comparing one way of linting with another. */
export function finding(message: {
  ruleId: string | null;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  suggestions?: Array<{ desc: string; fix: { range: [number, number] | readonly [number, number]; text: string } }>;
}) {
  return {
    ruleId: message.ruleId,
    messageId: message.messageId,
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
    message: message.message,
    suggestions: message.suggestions?.map((suggestion) => ({ desc: suggestion.desc, range: [...suggestion.fix.range], text: suggestion.fix.text })),
  };
}

/** The typed fixture project (tsconfig.json, db.ts with a pg Pool subclass, file.ts). */
export const typedFixture = path.join(root, 'tests', 'fixtures', 'typed');

/** Code whose only finding needs types: `AppPool` is a pg Pool only according to db.ts. */
export const TYPED_CODE = `import { AppPool } from './db';
export const handler = async () => { const pool = new AppPool(); return pool.query('select 1'); };
`;

/**
 * A Node.js script that lints TYPED_CODE as tests/fixtures/typed/file.ts with a preset and
 * `parserOptions.projectService: true`, and prints the TypeScript version that was loaded and the
 * messages as JSON. With `typescript` set, every `require('typescript')` (typescript-eslint's
 * parser included) is redirected to that package, e.g. the `typescript-v6` npm alias.
 */
export function typedLintScript(preset: string, typescript?: string): string {
  return `
const Module = require('node:module');
const path = require('node:path');
const typescript = ${JSON.stringify(typescript ?? null)};
if (typescript) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const redirected = request === 'typescript' || request.startsWith('typescript/') ? typescript + request.slice('typescript'.length) : request;
    return resolve.call(this, redirected, ...rest);
  };
}
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const plugin = require(${JSON.stringify(builtPlugin)});
const fixture = ${JSON.stringify(typedFixture)};
(async () => {
  const eslint = new ESLint({
    cwd: fixture,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: fixture } } },
      plugin.configs[${JSON.stringify(preset)}],
    ],
  });
  const [result] = await eslint.lintText(${JSON.stringify(TYPED_CODE)}, { filePath: path.join(fixture, 'file.ts') });
  const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]lib[\\\\/]typescript\\.js$/.test(file));
  console.log(JSON.stringify({ version: require('typescript').version, loaded, messages: result.messages }));
})().catch((error) => { console.error(error); process.exit(2); });
`;
}
