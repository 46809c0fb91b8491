import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { moduleParser } from './parse';
import { rules } from '../../rules/index';
import type { ProjectIndex } from './indexer';

/** The checks that need the project's call graph, and the rule that carries each one out. */
export const AUDIT_CHECKS = {
  'engine-factory-in-handler': {
    rule: 'no-engine-per-request',
    description: 'A function that builds an engine on every call, reached from a request handler in another module',
  },
  'transaction-in-transaction': {
    rule: 'no-nested-transaction',
    description: 'A function that begins its own transaction, called while another transaction is open, across modules',
  },
  'outer-engine-in-transaction': {
    rule: 'no-outer-client-in-transaction',
    description:
      'A transaction handle passed to a function (in another module) that also queries through the outer engine, or one called in a transaction without the handle it falls back from',
  },
  'unreleased-connection': {
    rule: 'release-connection',
    description: 'A connection acquired through another module and released on no path through its callers',
  },
  'slow-call-in-transaction': {
    rule: 'no-idle-in-transaction',
    description: 'A function of another module that waits for slow work (an HTTP call, a queue, a sleep), awaited while a transaction is open',
  },
} as const;

export type AuditCheck = keyof typeof AUDIT_CHECKS;

export interface AuditFinding {
  readonly check: AuditCheck;
  /** `pgbouncer/<rule>`. */
  readonly ruleId: string;
  /** Absolute path. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message: string;
}

export interface AuditResult {
  readonly findings: AuditFinding[];
  /** Modules linted (those importing a module with facts). */
  readonly linted: number;
}

/**
 * Lints every module that imports a module with facts with the four cross-module rules, once with
 * the facts file and once without, and keeps what only the facts reveal: the findings plain
 * `eslint` cannot make.
 */
export function auditProject(index: ProjectIndex, factsFile: string): AuditResult {
  const withFacts = new Set(Object.keys(index.facts.modules).map((relative) => path.resolve(index.root, relative)));
  const linter = new Linter({ configType: 'flat', cwd: index.root });
  const plugin = { rules: Object.fromEntries(Object.values(AUDIT_CHECKS).map(({ rule }) => [rule, rules[rule]])) };
  const relativeFacts = path.relative(index.root, factsFile);
  const findings: AuditFinding[] = [];
  const parser = moduleParser().forLinter;
  let linted = 0;
  for (const file of [...index.files.keys()].sort()) {
    const indexed = index.files.get(file)!;
    if (![...indexed.dependencies.keys()].some((dep) => withFacts.has(dep))) {
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    linted++;
    const lint = (settings: Record<string, unknown>) =>
      linter.verify(
        text,
        [
          {
            files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
            languageOptions: {
              ...(parser ? { parser } : {}),
              parserOptions: { ecmaFeatures: { jsx: !/\.[cm]?ts$/.test(file) } },
              sourceType: /\.cjs$/.test(file) ? 'commonjs' : 'module',
            },
            plugins: { pgbouncer: plugin as never },
            rules: Object.fromEntries(Object.values(AUDIT_CHECKS).map(({ rule }) => [`pgbouncer/${rule}`, 'error'])),
            settings: { pgbouncer: settings },
          },
        ],
        { filename: file },
      );
    const key = (m: Linter.LintMessage) => `${m.ruleId}:${m.line}:${m.column}:${m.messageId ?? m.message}`;
    const plain = new Set(lint({}).map(key));
    for (const message of lint({ facts: relativeFacts })) {
      if (message.fatal || !message.ruleId || plain.has(key(message))) {
        continue;
      }
      const rule = message.ruleId.replace(/^pgbouncer\//, '');
      const check = (Object.keys(AUDIT_CHECKS) as AuditCheck[]).find((name) => AUDIT_CHECKS[name].rule === rule);
      if (!check) {
        continue;
      }
      findings.push({
        check,
        ruleId: message.ruleId,
        file,
        line: message.line,
        column: message.column,
        ...(message.endLine !== undefined ? { endLine: message.endLine, endColumn: message.endColumn } : {}),
        message: message.message,
      });
    }
  }
  return { findings, linted };
}
