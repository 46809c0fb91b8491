// Accuracy evaluation of the plugin against the labelled corpus in tests/corpus/.
//
// Every corpus file is realistic application code. A line that a rule should report carries a
// trailing marker comment:
//
//   const pool = new Pool(); // expect: pgbouncer/no-engine-per-request
//   ...                      // expect: pgbouncer/rule-a, pgbouncer/rule-b
//
// evaluate() lints every file with the `all` preset of the plugin it is given and compares the
// reports with the markers by (file, line, rule). Several reports of one rule on one line count
// once. Used by scripts/eval.mjs (against dist/) and tests/meta/corpus.test.ts (against the
// sources).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

export const defaultCorpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'corpus');

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}';
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
const MARKER = /\/\/\s*expect:\s*(.+)$/;
const RULE_ID = /^pgbouncer\/[a-z][a-z-]*$/;

/** Corpus source files, relative to the corpus directory, with `/` separators, sorted. */
export function corpusFiles(corpusDir = defaultCorpusDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (SOURCE.test(entry.name)) {
        found.push(path.relative(corpusDir, full).split(path.sep).join('/'));
      }
    }
  };
  walk(corpusDir);
  return found.sort();
}

/** The `expect:` markers of one file: `{ line, rule }[]`. Throws on a malformed marker. */
export function expectationsOf(file, text) {
  const expected = [];
  text.split(/\r?\n/).forEach((content, index) => {
    const match = MARKER.exec(content);
    if (!match) {
      return;
    }
    for (const raw of match[1].split(',')) {
      const rule = raw.trim();
      if (!RULE_ID.test(rule)) {
        throw new Error(`${file}:${index + 1}: malformed expect marker "${rule}" (want pgbouncer/<rule-id>)`);
      }
      expected.push({ line: index + 1, rule });
    }
  });
  return expected;
}

function languageOptionsFor(file) {
  if (/\.[cm]?tsx?$/.test(file)) {
    return { parser: tseslint.parser, sourceType: 'module', ecmaVersion: 'latest' };
  }
  return { ecmaVersion: 'latest', sourceType: /\.cjs$/.test(file) ? 'commonjs' : 'module' };
}

const ratio = (num, den) => (den === 0 ? null : num / den);

/**
 * Lints the corpus with `plugin.configs.all` and scores it.
 *
 * @param {{ plugin: any, corpusDir?: string, files?: string[] }} options
 */
export function evaluate({ plugin, corpusDir = defaultCorpusDir, files } = {}) {
  if (!plugin?.configs?.all?.rules) {
    throw new Error('evaluate(): pass the plugin object (with configs.all)');
  }
  const ruleIds = Object.keys(plugin.configs.all.rules).sort();
  const linter = new Linter({ configType: 'flat', cwd: corpusDir });
  const list = files ?? corpusFiles(corpusDir);
  const perRule = Object.fromEntries(ruleIds.map((rule) => [rule, { expected: 0, tp: 0, fp: 0, fn: 0 }]));
  const falsePositives = [];
  const falseNegatives = [];
  const problems = [];

  for (const file of list) {
    const text = readFileSync(path.join(corpusDir, file), 'utf8');
    const expected = expectationsOf(file, text);
    for (const { line, rule } of expected) {
      if (!perRule[rule]) {
        problems.push(`${file}:${line}: marker names unknown rule ${rule}`);
      }
    }
    // The filename is relative to the corpus directory, which is ESLint's cwd: the rules skip
    // test sources by their path relative to cwd, and the corpus lives under tests/.
    const messages = linter.verify(
      text,
      [
        { files: [SOURCE_GLOB], languageOptions: languageOptionsFor(file), linterOptions: { reportUnusedDisableDirectives: 'off' } },
        { ...plugin.configs.all, files: [SOURCE_GLOB], plugins: { pgbouncer: plugin } },
      ],
      { filename: file },
    );
    for (const message of messages) {
      if (message.fatal || !message.ruleId) {
        problems.push(`${file}:${message.line}: ${message.message}`);
      }
    }
    const reported = new Map();
    for (const message of messages) {
      if (message.ruleId && message.ruleId.startsWith('pgbouncer/')) {
        const key = `${message.line}\u0000${message.ruleId}`;
        if (!reported.has(key)) {
          reported.set(key, { file, line: message.line, rule: message.ruleId, message: message.message });
        }
      }
    }
    const wanted = new Map(expected.map((entry) => [`${entry.line}\u0000${entry.rule}`, { file, ...entry }]));
    for (const [key, entry] of wanted) {
      const stats = perRule[entry.rule];
      if (!stats) {
        continue;
      }
      stats.expected++;
      if (reported.has(key)) {
        stats.tp++;
      } else {
        stats.fn++;
        falseNegatives.push({ ...entry, message: 'expected a report, got none' });
      }
    }
    for (const [key, entry] of reported) {
      if (!wanted.has(key)) {
        perRule[entry.rule] ??= { expected: 0, tp: 0, fp: 0, fn: 0 };
        perRule[entry.rule].fp++;
        falsePositives.push(entry);
      }
    }
  }

  const totals = { expected: 0, tp: 0, fp: 0, fn: 0 };
  const rules = {};
  for (const [rule, stats] of Object.entries(perRule)) {
    for (const key of Object.keys(totals)) {
      totals[key] += stats[key];
    }
    rules[rule] = { ...stats, precision: ratio(stats.tp, stats.tp + stats.fp), recall: ratio(stats.tp, stats.tp + stats.fn) };
  }
  const order = (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
  return {
    corpusDir,
    files: list.length,
    rules,
    totals: { ...totals, precision: ratio(totals.tp, totals.tp + totals.fp), recall: ratio(totals.tp, totals.tp + totals.fn) },
    falsePositives: falsePositives.sort(order),
    falseNegatives: falseNegatives.sort(order),
    problems,
  };
}

/**
 * Compares a result with a baseline `{ rules: { [rule]: { tp, fp, fn } } }`: the list of
 * regressions (TP dropped, FP or FN risen), each an actionable sentence.
 */
export function regressionsAgainst(result, baseline) {
  const regressions = [];
  for (const [rule, base] of Object.entries(baseline.rules)) {
    const now = result.rules[rule] ?? { tp: 0, fp: 0, fn: 0 };
    const where = (list) =>
      list
        .filter((entry) => entry.rule === rule)
        .map((entry) => `    ${entry.file}:${entry.line} ${entry.message}`)
        .join('\n');
    if (now.tp < base.tp) {
      regressions.push(`${rule}: true positives dropped from ${base.tp} to ${now.tp}; current misses:\n${where(result.falseNegatives)}`);
    }
    if (now.fp > base.fp) {
      regressions.push(`${rule}: false positives rose from ${base.fp} to ${now.fp}; current false positives:\n${where(result.falsePositives)}`);
    }
    if (now.fn > base.fn && now.tp >= base.tp) {
      regressions.push(`${rule}: false negatives rose from ${base.fn} to ${now.fn}; current misses:\n${where(result.falseNegatives)}`);
    }
  }
  for (const rule of Object.keys(result.rules)) {
    if (!baseline.rules[rule]) {
      regressions.push(`${rule}: not in the baseline; add it (node scripts/eval.mjs --write-baseline)`);
    }
  }
  return regressions;
}

/** The baseline figures of a result: per rule `{ tp, fp, fn }`. */
export function baselineOf(result) {
  return {
    files: result.files,
    rules: Object.fromEntries(Object.entries(result.rules).map(([rule, { tp, fp, fn }]) => [rule, { tp, fp, fn }])),
  };
}

/** A plain-text table of a result, with every false positive and false negative listed. */
export function formatReport(result) {
  const pct = (value) => (value === null ? '   -  ' : `${(value * 100).toFixed(1).padStart(5)}%`);
  const names = [...Object.keys(result.rules), 'total'];
  const width = Math.max(...names.map((name) => name.length));
  const row = (name, s) =>
    `${name.padEnd(width)}  ${String(s.expected).padStart(8)}  ${String(s.tp).padStart(4)}  ${String(s.fp).padStart(4)}  ${String(s.fn).padStart(4)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(7)}`;
  const lines = [
    `Corpus: ${result.files} files, ${result.totals.expected} expected reports (${path.relative(process.cwd(), result.corpusDir) || '.'})`,
    '',
    `${'rule'.padEnd(width)}  expected    TP    FP    FN  precision   recall`,
    ...Object.entries(result.rules).map(([rule, stats]) => row(rule, stats)),
    row('total', result.totals),
  ];
  const list = (title, entries) => {
    lines.push('', `${title} (${entries.length})`);
    for (const entry of entries) {
      lines.push(`  ${entry.file}:${entry.line} ${entry.rule} ${entry.message}`);
    }
  };
  list('False positives', result.falsePositives);
  list('False negatives', result.falseNegatives);
  if (result.problems.length > 0) {
    lines.push('', `Problems (${result.problems.length})`, ...result.problems.map((problem) => `  ${problem}`));
  }
  return lines.join('\n');
}
