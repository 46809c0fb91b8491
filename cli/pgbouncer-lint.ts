#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import { AUDIT_CHECKS, auditProject, type AuditFinding } from '../lib/project/audit';
import { indexProject, PLUGIN_VERSION, writeFacts, type ProjectIndex } from '../lib/project/indexer';

const USAGE = `Usage: pgbouncer-lint <command> [options] [files…]

Commands:
  index   Analyse the whole project and write the facts file the ESLint rules read
          (settings.pgbouncer.facts), so imports of your own database modules are understood.
  audit   Index, then report the cross-module problems plain eslint cannot see.

Options:
  -p, --project <path>     tsconfig.json / jsconfig.json, or a directory holding one
                           (default: the current directory; without one, every JS/TS file in it)
  --facts <file>           Facts file to write (default: .pgbouncer/facts.json)
  --no-cache               Index from scratch, without reading or writing .pgbouncer/index-cache.json
  -f, --format <name>      audit output: stylish (default), json or sarif
  -o, --output-file <file> Write the audit report to a file instead of the terminal
  --max-findings <n>       audit: exit 1 only when there are more than n findings (default 0;
                           --max-warnings is accepted as a synonym)
  --quiet                  No progress bar or summary
  -h, --help               Show this help
  -v, --version            Show the version

File arguments are accepted and ignored (the whole project is always analysed), so the command
can run from lint-staged or pre-commit.

Exit codes: 0 no findings (or within --max-findings), 1 findings, 2 bad usage or configuration.
`;

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Runs the command line; returns the exit code (the bin wrapper exits with it). */
export async function main(argv: readonly string[], io: { cwd: string; stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream; env: NodeJS.ProcessEnv }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        project: { type: 'string', short: 'p' },
        facts: { type: 'string', default: '.pgbouncer/facts.json' },
        'no-cache': { type: 'boolean', default: false },
        format: { type: 'string', short: 'f', default: 'stylish' },
        'output-file': { type: 'string', short: 'o' },
        'max-findings': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`pgbouncer-lint: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${PLUGIN_VERSION}\n`);
    return 0;
  }
  const command = positionals[0];
  // File arguments after the command (lint-staged, pre-commit append the staged files) are
  // accepted and ignored: the facts are about the whole project.
  if (command !== 'index' && command !== 'audit') {
    io.stderr.write(`pgbouncer-lint: ${command === undefined ? 'missing command' : `unknown command "${command}"`}\n\n${USAGE}`);
    return 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`pgbouncer-lint: unknown format "${values.format}" (expected ${FORMATS.join(', ')})\n`);
    return 2;
  }
  const limitText = values['max-findings'] ?? values['max-warnings'] ?? '0';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < -1) {
    io.stderr.write(`pgbouncer-lint: --max-findings expects a whole number (-1 for no limit), got "${limitText}"\n`);
    return 2;
  }

  const progress = progressBar(io.stderr, io.env, values.quiet);
  let index: ProjectIndex;
  try {
    index = indexProject({
      cwd: io.cwd,
      project: values.project,
      cache: values['no-cache'] ? false : path.join(path.dirname(path.resolve(io.cwd, values.facts)), 'index-cache.json'),
      onProgress: progress.update,
    });
  } catch (error) {
    progress.done();
    io.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  progress.done();
  const factsFile = writeFacts(index, path.resolve(io.cwd, values.facts));
  const moduleCount = Object.keys(index.facts.modules).length;
  if (!values.quiet) {
    const { files, analysed, reused, ms } = index.stats;
    io.stderr.write(
      `pgbouncer-lint: indexed ${files} files in ${ms} ms (${analysed} analysed, ${reused} unchanged): ` +
        `${moduleCount} module${moduleCount === 1 ? '' : 's'} with facts → ${path.relative(io.cwd, factsFile) || factsFile}\n`,
    );
  }
  for (const failure of index.failures) {
    io.stderr.write(`pgbouncer-lint: could not analyse ${path.relative(io.cwd, failure.file)} (no facts for it; please report this): ${failure.message}\n`);
  }
  if (index.stats.files === 0 && !values.quiet) {
    io.stderr.write(`pgbouncer-lint: no source files in ${index.config === 'generated' ? index.root : index.config}; in a monorepo, index each package with --project\n`);
  }
  if (command === 'index') {
    return 0;
  }

  const { findings } = auditProject(index, factsFile);
  const report = await render(format, findings, index.root, io.cwd);
  if (values['output-file']) {
    const out = path.resolve(io.cwd, values['output-file']);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
  } else if (report) {
    io.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
  }
  return limit >= 0 && findings.length > limit ? 1 : 0;
}

async function render(format: Format, findings: readonly AuditFinding[], root: string, cwd: string): Promise<string> {
  if (format === 'sarif') {
    return `${JSON.stringify(sarif(findings, root), null, 2)}\n`;
  }
  // ESLint's own formatters, over results shaped like ESLint's: the output reads like `eslint`'s.
  const byFile = new Map<string, AuditFinding[]>();
  for (const finding of findings) {
    byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  }
  const results: ESLint.LintResult[] = [...byFile].map(([filePath, list]) => ({
    filePath,
    messages: list.map((finding) => ({
      ruleId: finding.ruleId,
      severity: 2 as const,
      message: finding.message,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    })),
    suppressedMessages: [],
    errorCount: list.length,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  }));
  const formatter = await new ESLint({ cwd }).loadFormatter(format);
  return formatter.format(results);
}

/** SARIF 2.1.0, for code-scanning upload: one rule per audit check, locations relative to the project root. */
export function sarif(findings: readonly AuditFinding[], root: string): object {
  const checks = Object.keys(AUDIT_CHECKS) as Array<keyof typeof AUDIT_CHECKS>;
  const docs = 'https://github.com/eslint-plugin-pgbouncer/eslint-plugin-pgbouncer/blob/main/docs';
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pgbouncer-lint',
            version: PLUGIN_VERSION,
            informationUri: `${docs}/project-analysis.md`,
            rules: checks.map((check) => ({
              id: `pgbouncer/${AUDIT_CHECKS[check].rule}`,
              name: check,
              shortDescription: { text: AUDIT_CHECKS[check].description },
              helpUri: `${docs}/rules/${AUDIT_CHECKS[check].rule}.md`,
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileUri(root)}/` } },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: checks.indexOf(finding.check),
          level: 'error',
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.relative(root, finding.file).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  ...(finding.endLine !== undefined ? { endLine: finding.endLine, endColumn: finding.endColumn } : {}),
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

function pathToFileUri(file: string): string {
  const posix = file.split(path.sep).join('/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}`;
}

/** A progress bar on a terminal for projects of more than a few hundred files; nothing in CI or when piped. */
export function progressBar(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv, quiet: boolean): { update: (done: number, total: number) => void; done: () => void } {
  const tty = (stream as NodeJS.WriteStream).isTTY === true && !env.CI && !quiet;
  let drawn = false;
  let last = 0;
  return {
    update(done, total) {
      if (!tty || total < 300) {
        return;
      }
      const now = Date.now();
      if (done < total && now - last < 100) {
        return;
      }
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} files`);
      drawn = true;
    },
    done() {
      if (drawn) {
        stream.write('\r\x1b[K');
        drawn = false;
      }
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`pgbouncer-lint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
