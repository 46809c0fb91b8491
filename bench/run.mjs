#!/usr/bin/env node
// Performance benchmark of eslint-plugin-pgbouncer: what the plugin costs on top of parsing, per
// rule and in total, on real and generated code. Run through `npm run bench` (builds dist/ first).
//
//   npm run bench                       full run (≈ 10 minutes on 2 cores), writes bench/results.json
//   npm run bench -- --reps 5           5 repetitions per measurement (default 3; see below)
//   npm run bench -- --quick            fast run: 1 repetition, generated 1× corpus (with its
//                                       no-database subset), the single file and examples/ only;
//                                       writes bench/results.local.json (gitignored)
//   npm run bench -- --check            also exit 1 when the `all` preset's own cost (its time over
//                                       one no-op rule — ESLint's fixed cost of running any rule is
//                                       not the plugin's) is more than 5 % of the untyped baseline
//                                       on the generated 1× corpus, measured paired file by file in
//                                       at least 5 fresh processes (bench/paired.mjs, median), when
//                                       any rule grows super-linearly (time per file at 4× more than
//                                       1.5 × that at 1×), or when multithreaded linting finds
//                                       something else than single-threaded; prints why
//   npm run bench -- --out FILE         write the results to FILE instead
//
// Flags combine (`npm run bench -- --quick --check`; with --quick there is no 4× corpus, so the
// growth check is skipped and says so).
//
// Corpora: the JS/TS sources (no .d.ts) of the database libraries installed as dev dependencies
// (bench/corpora.mjs, read in place from node_modules), the generated application at 1×, 2× and 4×
// (bench/generate.mjs → bench/corpus/, regenerated on every run, deterministic), the 1× corpus's
// files that import no database library, one ≈ 2,000-line generated file, and examples/.
//
// Configurations (bench/configs.mjs): `baseline` (typescript-eslint parser, no rules), `all`
// (pgbouncer.configs.all), `tseslint` (tseslint.configs.recommended, for reference), and on the 1×
// corpus `typed-baseline` (parserOptions.projectService) and `all-type-checked`.
//
// Every measurement is a fresh `node bench/worker.mjs <json>` process (so peak RSS is per
// configuration) that runs ESLint with `stats: true` and `cache: false`; repetitions are
// interleaved (baseline, all, tseslint, baseline, all, …) and the report uses medians. To stay
// within ≈ 10 minutes, the largest corpora run fewer repetitions: the library corpus, the typed
// runs and 2× run ceil(reps / 2), the 4× corpus max(1, floor(reps / 3)); 2× and 4× skip the
// `tseslint` reference. The single file is linted 15 times in one warm process per configuration
// (the first 3 discarded), which is the editor's per-keystroke situation.
//
// Project index: `pgbouncer-lint index` on the 1× corpus (bench/index.mjs): cold, unchanged with its
// cache, and after a one-line change to one module.
//
// Multithreading: `all` on the 4× corpus through a generated config file
// (bench/corpus/eslint.config.*.mjs) with ESLint's `concurrency` 1 and 'auto' — and 2 when 'auto'
// starts no threads on this machine (it uses at most half the CPUs, and not 1).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';

import { CONFIG_NAMES, configFileText, pluginEntry, repoRoot } from './configs.mjs';
import { examplesCorpus, libraryCorpus } from './corpora.mjs';
import { DEFAULT_SEED, corpusSettings, generate } from './generate.mjs';
import { EXAMPLES_SETTINGS } from '../scripts/examples-settings.mjs';

const benchDir = path.join(repoRoot, 'bench');
const corpusDir = path.join(benchDir, 'corpus');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
function flagValue(name) {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) die(`${name} needs a value`);
  return value;
}
function die(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
const known = new Set(['--reps', '--quick', '--check', '--out']);
for (const a of argv) {
  if (a.startsWith('--') && !known.has(a)) die(`unknown flag ${a} (see the top of bench/run.mjs)`);
}
const quick = argv.includes('--quick');
const check = argv.includes('--check');
const reps = quick ? 1 : Number(flagValue('--reps') ?? 3);
if (!Number.isInteger(reps) || reps < 1) die('--reps must be a positive integer');
const outFile = path.resolve(flagValue('--out') ?? path.join(benchDir, quick ? 'results.local.json' : 'results.json'));
const bigReps = Math.ceil(reps / 2);
const hugeReps = Math.max(1, Math.floor(reps / 3));

if (!existsSync(pluginEntry)) die('dist/index.js is missing: run `npm run bench` (it builds first) or `npm run build`');

// ---------------------------------------------------------------------------------------------
// Corpora

const scales = quick ? [1] : [1, 2, 4];
const started = Date.now();
const loadAtStart = os.loadavg()[0];
log(`generating corpora (${scales.map((s) => `${s}×`).join(', ')}) under ${path.relative(repoRoot, corpusDir)}/`);
const manifests = generate({ seed: DEFAULT_SEED, scales, outDir: corpusDir });
const settings = corpusSettings();
mkdirSync(path.join(corpusDir, 'lists'), { recursive: true });

function listFile(id, files) {
  const file = path.join(corpusDir, 'lists', `${id}.json`);
  writeFileSync(file, JSON.stringify(files));
  return file;
}

/** id → { label, files, lines, cwd, target: { patterns } | { listFile }, settings?, nodeModules? } */
const corpora = {};
const examples = examplesCorpus();
corpora.examples = {
  label: 'examples/',
  files: examples.files.length,
  lines: examples.lines,
  cwd: repoRoot,
  target: { listFile: listFile('examples', examples.files) },
  settings: EXAMPLES_SETTINGS,
};
if (!quick) {
  const lib = libraryCorpus();
  corpora.libraries = {
    label: 'database libraries (node_modules)',
    files: lib.files.length,
    lines: lib.lines,
    perLibrary: lib.perLibrary,
    cwd: repoRoot,
    target: { listFile: listFile('libraries', lib.files) },
    nodeModules: true,
  };
}
for (const scale of scales) {
  const m = manifests[scale];
  const cwd = path.join(corpusDir, `app-${scale}x`);
  corpora[`app-${scale}x`] = {
    label: `generated app ${scale}×`,
    files: m.files.length,
    lines: m.lines,
    cwd,
    target: { patterns: ['src/'] },
    settings,
    mistakes: m.mistakes,
  };
  if (scale === 1) {
    corpora['app-1x-nodb'] = {
      label: 'generated 1×, files without a database import',
      files: m.nonDb.length,
      lines: m.nonDb.reduce((sum, rel) => sum + readFileSync(path.join(cwd, rel), 'utf8').split('\n').length - 1, 0),
      cwd,
      target: { listFile: listFile('app-1x-nodb', m.nonDb.map((rel) => path.join(cwd, rel))) },
      settings,
    };
  }
}
const singleCwd = path.join(corpusDir, 'single');
const singleRel = 'src/services/big-service.ts';
const singleLines = readFileSync(path.join(singleCwd, singleRel), 'utf8').split('\n').length - 1;

// ---------------------------------------------------------------------------------------------
// Plan: [corpus, configs, reps], run interleaved per corpus.

const plan = [];
plan.push(['examples', ['baseline', 'all', 'tseslint'], reps]);
if (!quick) plan.push(['libraries', ['baseline', 'all', 'tseslint'], bigReps]);
// The budget check compares medians: with --check the 1× corpus runs at least 3 times.
const checkReps = check ? Math.max(3, reps) : reps;
plan.push(['app-1x', quick ? ['baseline', 'noop', 'all'] : ['baseline', 'noop', 'all', 'tseslint'], checkReps]);
plan.push(['app-1x-nodb', ['baseline', 'noop', 'all'], reps]);
if (!quick) {
  plan.push(['app-1x', ['typed-baseline', 'all-type-checked'], bigReps]);
  plan.push(['app-2x', ['baseline', 'all'], bigReps]);
  plan.push(['app-4x', ['baseline', 'all'], hugeReps]);
}
// Rounds of the paired budget measurement (below): at least 5 for the check. One round in three
// or four lands a few points off the others on a shared VM (8.2, 15.4, 11.4 % in one run); the
// median of five is not moved by one such round.
const pairedRounds = check ? Math.max(5, reps) : quick ? 1 : reps;
const totalRuns = plan.reduce((sum, [, configs, n]) => sum + configs.length * n, 0) + 2 + (quick ? 0 : 3) + pairedRounds;
let runNo = 0;

function log(message) {
  const t = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.error(`[${t}s] ${message}`);
}

/** One measurement: `node bench/<script> '<json>'` in a fresh process; its last stdout line, parsed. */
function measure(script, input, what) {
  runNo += 1;
  const child = spawnSync(process.execPath, [path.join(benchDir, script), JSON.stringify(input)], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    console.error(child.stderr);
    die(`${what} failed (exit ${child.status})`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

function worker(input, what) {
  const out = measure('worker.mjs', input, what);
  log(`${String(runNo).padStart(2)}/${totalRuns} ${what}: ${(out.wallMs / 1000).toFixed(2)} s, ${out.findings} findings, ${out.maxRssMb.toFixed(0)} MB`);
  if (out.fatal > 0) log(`   ${out.fatal} file(s) failed to parse, e.g. ${out.fatalSamples[0]}`);
  return out;
}

function inputFor(corpus, config) {
  const c = corpora[corpus];
  return { config, cwd: c.cwd, ...c.target, settings: c.settings, nodeModules: c.nodeModules };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Run

const raw = {}; // corpus → config → [worker output]
for (const [corpus, configs, n] of plan) {
  raw[corpus] ??= {};
  for (let rep = 0; rep < n; rep += 1) {
    for (const config of configs) {
      (raw[corpus][config] ??= []).push(worker(inputFor(corpus, config), `${corpus} ${config} rep ${rep + 1}/${n}`));
    }
  }
}

// The budget measurement: the plugin's own cost paired file by file (bench/paired.mjs), in fresh
// processes, on the 1× corpus. Separate wall-clock runs vary by ±15 % on a shared machine; pairing
// each file's three lints cancels that, so the check reads this figure.
const paired = { corpus: 'app-1x', rounds: [] };
{
  const c = corpora['app-1x'];
  const list = listFile('app-1x', manifests[1].files.map((rel) => path.join(c.cwd, rel)));
  for (let round = 0; round < pairedRounds; round += 1) {
    const out = measure('paired.mjs', { cwd: c.cwd, listFile: list, settings: c.settings }, `paired round ${round + 1}`);
    paired.rounds.push(out);
    log(`${String(runNo).padStart(2)}/${totalRuns} app-1x paired round ${round + 1}/${pairedRounds}: own cost ${(out.own * 100).toFixed(1)} % (all ${(out.ms.all / 1000).toFixed(2)} s, no-op rule ${(out.ms.noop / 1000).toFixed(2)} s, baseline ${(out.ms.baseline / 1000).toFixed(2)} s)`);
  }
  paired.own = median(paired.rounds.map((r) => r.own));
  paired.eslintFixed = median(paired.rounds.map((r) => r.eslintFixed));
}

// The single ≈ 2,000-line file, warm: 15 lints in one process per configuration, first 3 dropped.
const single = {};
for (const config of ['baseline', 'all']) {
  const out = worker(
    { config, cwd: singleCwd, patterns: [singleRel], settings, repeat: 15 },
    `single ${singleLines}-line file ${config} ×15`,
  );
  single[config] = { medianMs: median(out.walls.slice(3)), walls: out.walls, findings: out.findings, rulesMs: out.rulesMs };
}

// Multithreaded: `all` on the 4× corpus through a config file.
let concurrency = null;
if (!quick) {
  const c = corpora['app-4x'];
  const configFile = path.join(corpusDir, 'eslint.config.all-app-4x.mjs');
  writeFileSync(configFile, configFileText('all', { cwd: c.cwd, settings: c.settings }));
  const autoThreads = autoWorkerCount(c.files);
  const settingsToTry = [1, 'auto'];
  if (autoThreads < 2) settingsToTry.push(2);
  concurrency = { corpus: 'app-4x', configFile: path.relative(repoRoot, configFile), availableParallelism: os.availableParallelism(), runs: [] };
  for (const setting of settingsToTry) {
    const out = worker({ config: 'all', cwd: c.cwd, ...c.target, configFile, concurrency: setting }, `app-4x all concurrency=${setting}`);
    const threads = setting === 'auto' ? autoThreads : setting > 1 ? Math.min(setting, c.files) : 0;
    concurrency.runs.push({ concurrency: setting, threads, wallMs: out.wallMs, maxRssMb: out.maxRssMb, findings: out.findings, byRule: out.byRule, files: out.files });
  }
  const reference = concurrency.runs[0];
  concurrency.sameFindings = concurrency.runs.every((r) => r.findings === reference.findings && JSON.stringify(sortKeys(r.byRule)) === JSON.stringify(sortKeys(reference.byRule)));
  concurrency.sameAsOverrideConfig = reference.findings === median(raw['app-4x'].all.map((o) => o.findings));
}

// Whole-project analysis (`pgbouncer-lint index`) on the 1× corpus, in its own process: cold, with
// the cache and nothing changed, and after a one-line change (bench/index.mjs).
let projectIndex = null;
{
  log('pgbouncer-lint index on app 1×');
  const out = execFileSync(process.execPath, [path.join(benchDir, 'index.mjs'), corpora['app-1x'].cwd, String(quick ? 1 : reps)], { encoding: 'utf8' });
  projectIndex = { corpus: 'app-1x', ...JSON.parse(out.trim().split('\n').pop()) };
}

/** ESLint 9's `concurrency: 'auto'`: one thread per 50 files, at most half the CPUs, and no single thread. */
function autoWorkerCount(files) {
  let n = Math.ceil(files / 50);
  n = Math.min(n, os.availableParallelism() >> 1);
  return n <= 1 ? 0 : n;
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

// ---------------------------------------------------------------------------------------------
// Aggregate

const results = {};
for (const [corpus, byConfig] of Object.entries(raw)) {
  const c = corpora[corpus];
  results[corpus] = { label: c.label, files: c.files, lines: c.lines, ...(c.perLibrary ? { perLibrary: c.perLibrary } : {}), ...(c.mistakes !== undefined ? { deliberateMistakes: c.mistakes } : {}), runs: {} };
  for (const [config, outs] of Object.entries(byConfig)) {
    const ruleIds = [...new Set(outs.flatMap((o) => Object.keys(o.rulesMs)))].sort();
    const findingsSet = [...new Set(outs.map((o) => o.findings))];
    const wallMs = median(outs.map((o) => o.wallMs));
    results[corpus].runs[config] = {
      reps: outs.length,
      wallMs,
      walls: outs.map((o) => Math.round(o.wallMs)),
      filesPerSec: outs[0].files / (wallMs / 1000),
      parseMs: median(outs.map((o) => o.parseMs)),
      maxRssMb: median(outs.map((o) => o.maxRssMb)),
      files: outs[0].files,
      findings: outs[0].findings,
      findingsStable: findingsSet.length === 1,
      fatal: outs[0].fatal,
      byRule: sortKeys(outs[0].byRule),
      rulesMs: Object.fromEntries(ruleIds.map((id) => [id, median(outs.map((o) => o.rulesMs[id] ?? 0))])),
    };
  }
}

const pluginRule = (id) => id.startsWith('pgbouncer/');
function overheadOf(corpus, config = 'all', base = 'baseline') {
  const runs = results[corpus]?.runs;
  if (!runs?.[config] || !runs[base]) return null;
  const b = runs[base].wallMs;
  const perRule = Object.fromEntries(
    Object.entries(runs[config].rulesMs)
      .filter(([id]) => pluginRule(id))
      .map(([id, ms]) => [id, { ms, ofBaseline: ms / b }]),
  );
  const rulesTotalMs = Object.values(perRule).reduce((sum, r) => sum + r.ms, 0);
  // The plugin's own cost: over a baseline that already runs one no-op rule (ESLint's fixed cost).
  const own = runs.noop && config === 'all' ? (runs[config].wallMs - runs.noop.wallMs) / b : null;
  const eslintFixed = runs.noop ? (runs.noop.wallMs - b) / b : null;
  return { baselineMs: b, configMs: runs[config].wallMs, total: (runs[config].wallMs - b) / b, own, eslintFixed, rulesTotalMs, rulesOfBaseline: rulesTotalMs / b, perRule };
}

const overhead = {};
for (const corpus of Object.keys(results)) {
  const o = overheadOf(corpus);
  if (o) overhead[corpus] = o;
}
const typedOverhead = overheadOf('app-1x', 'all-type-checked', 'typed-baseline');
if (typedOverhead) overhead['app-1x-typed'] = typedOverhead;
const tseslintOverhead = {};
for (const corpus of Object.keys(results)) {
  const runs = results[corpus].runs;
  if (runs.tseslint) tseslintOverhead[corpus] = (runs.tseslint.wallMs - runs.baseline.wallMs) / runs.baseline.wallMs;
}

// Growth 1× → 4×: time per file at 4× over time per file at 1× (1.0 = linear).
const GROWTH_LIMIT = 1.5;
const GROWTH_FLOOR_MS = 20; // rules below this at 1× are timer noise, reported but not checked
let growth = null;
if (results['app-4x']) {
  const one = results['app-1x'].runs.all;
  const four = results['app-4x'].runs.all;
  const f1 = results['app-1x'].files;
  const f4 = results['app-4x'].files;
  const perRule = {};
  for (const id of Object.keys(one.rulesMs).filter(pluginRule)) {
    const a = one.rulesMs[id] / f1;
    const b = (four.rulesMs[id] ?? 0) / f4;
    perRule[id] = { msPerFile1x: a, msPerFile4x: b, ratio: a > 0 ? b / a : null, checked: one.rulesMs[id] >= GROWTH_FLOOR_MS };
  }
  const rules1 = Object.values(perRule).reduce((s, r) => s + r.msPerFile1x, 0);
  const rules4 = Object.values(perRule).reduce((s, r) => s + r.msPerFile4x, 0);
  const scales2 = results['app-2x'] ? { baseline: results['app-2x'].runs.baseline.wallMs, all: results['app-2x'].runs.all.wallMs } : null;
  growth = {
    files: { '1x': f1, '4x': f4 },
    wallRatio: { baseline: results['app-4x'].runs.baseline.wallMs / results['app-1x'].runs.baseline.wallMs, all: four.wallMs / one.wallMs },
    wall2x: scales2,
    rulesPerFileRatio: rules4 / rules1,
    perRule,
  };
}

// ---------------------------------------------------------------------------------------------
// Check

const failures = [];
const notes = [];
if (check) {
  const o = overhead['app-1x'];
  notes.push(
    `app 1×: \`all\` ${pct(o.total)} over the parser-only baseline = ${pct(o.eslintFixed)} ESLint's fixed cost of running any rule ` +
      `(one no-op rule) + ${pct(o.own)} the plugin's own cost; rule time ${fmtMs(o.rulesTotalMs)} (${pct(o.rulesOfBaseline)})`,
  );
  notes.push(
    `app 1×, paired file by file (${paired.rounds.length} fresh processes): own cost ${paired.rounds.map((r) => pct(r.own)).join(', ')} → median ${pct(paired.own)} ` +
      `(one no-op rule over the baseline: ${pct(paired.eslintFixed)})`,
  );
  if (paired.own > 0.05) {
    const top = Object.entries(o.perRule).sort(([, a], [, b]) => b.ms - a.ms).slice(0, 3);
    failures.push(
      `the all preset's own cost is ${pct(paired.own)} of the untyped baseline on the generated 1× corpus (limit 5 %; median of ${paired.rounds.length} paired rounds); ` +
        `rule time by ESLint's timing ${fmtMs(o.rulesTotalMs)} (${pct(o.rulesOfBaseline)}); ` +
        `largest: ${top.map(([id, r]) => `${id} ${fmtMs(r.ms)} (${pct(r.ofBaseline)})`).join(', ')}`,
    );
  }
  if (growth) {
    for (const [id, g] of Object.entries(growth.perRule)) {
      if (g.checked && g.ratio !== null && g.ratio > GROWTH_LIMIT) {
        failures.push(`${id} grows super-linearly: ${g.msPerFile4x.toFixed(3)} ms/file at 4× vs ${g.msPerFile1x.toFixed(3)} ms/file at 1× (${g.ratio.toFixed(2)}×, limit ${GROWTH_LIMIT}×)`);
      }
    }
  } else {
    notes.push('growth check skipped: --quick runs no 4× corpus');
  }
  if (concurrency && !concurrency.sameFindings) {
    failures.push(`multithreaded linting found something else: ${concurrency.runs.map((r) => `concurrency ${r.concurrency}: ${r.findings}`).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function pct(x) {
  return `${(x * 100).toFixed(1)} %`;
}
function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}
function round2(x) {
  return Math.round(x * 100) / 100;
}
function versionOf(pkg) {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    return 'unknown';
  }
}
function git(args) {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const machine = {
  node: process.version,
  cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
  cpus: os.cpus().length,
  availableParallelism: os.availableParallelism(),
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  eslint: versionOf('eslint'),
  typescriptEslint: versionOf('typescript-eslint'),
  typescript: versionOf('typescript'),
  plugin: versionOf('eslint-plugin-pgbouncer') === 'unknown' ? JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version : versionOf('eslint-plugin-pgbouncer'),
  // Other work on the machine during the run skews the figures: compare with `cpus`.
  loadAverage1m: { start: round2(loadAtStart), end: round2(os.loadavg()[0]) },
  commit: git(['rev-parse', '--short', 'HEAD']),
  dirty: git(['status', '--porcelain', '--', 'index.ts', 'rules', 'lib']) ? true : false,
};

const CONFIG_LABEL = {
  baseline: 'baseline (parser only)',
  noop: 'baseline + 1 no-op rule',
  all: '`all`',
  tseslint: 'tseslint recommended',
  'typed-baseline': 'typed baseline',
  'all-type-checked': '`all-type-checked`',
};

function markdown() {
  const lines = [];
  lines.push(
    `Node ${machine.node}, ${machine.cpu} × ${machine.cpus}, ${machine.os}; ESLint ${machine.eslint}, typescript-eslint ${machine.typescriptEslint}, TypeScript ${machine.typescript}. ` +
      `Medians of ${reps} interleaved run${reps > 1 ? 's' : ''} (fewer on the largest corpora), one process per run.`,
    '',
  );
  lines.push('| Corpus | Files | Lines | Configuration | Wall | Files/s | Peak RSS | Findings | vs baseline |');
  lines.push('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of Object.values(results)) {
    for (const config of CONFIG_NAMES) {
      const run = r.runs[config];
      if (!run) continue;
      const base = config.startsWith('typed') || config === 'all-type-checked' ? r.runs['typed-baseline'] : r.runs.baseline;
      const vs = base && base !== run ? `${run.wallMs >= base.wallMs ? '+' : ''}${pct((run.wallMs - base.wallMs) / base.wallMs)}` : '—';
      const label = config === 'typed-baseline' || config === 'all-type-checked' ? `${r.label} (typed)` : r.label;
      lines.push(
        `| ${label} | ${fmtInt(run.files)} | ${fmtInt(r.lines)} | ${CONFIG_LABEL[config]} | ${fmtMs(run.wallMs)} | ${fmtInt(run.filesPerSec)} | ${fmtInt(run.maxRssMb)} MB | ${fmtInt(run.findings)} | ${vs} |`,
      );
    }
  }
  lines.push('');
  // Per rule
  const cols = ['libraries', 'app-1x', 'app-4x', 'app-1x-nodb'].filter((c) => overhead[c]);
  const ruleIds = [...new Set(cols.flatMap((c) => Object.keys(overhead[c].perRule)))].sort();
  const colLabel = { libraries: 'libraries', 'app-1x': 'app 1×', 'app-4x': 'app 4×', 'app-1x-nodb': '1× no-db files' };
  lines.push(
    `| Rule (time, share of baseline wall) | ${cols.map((c) => colLabel[c]).join(' | ')} |${typedOverhead ? ' app 1× typed |' : ''}${growth ? ' growth 1×→4× |' : ''}`,
  );
  lines.push(`| --- |${cols.map(() => ' ---: |').join('')}${typedOverhead ? ' ---: |' : ''}${growth ? ' ---: |' : ''}`);
  for (const id of ruleIds) {
    const cells = cols.map((c) => {
      const r = overhead[c].perRule[id];
      return r ? `${fmtMs(r.ms)} (${pct(r.ofBaseline)})` : '—';
    });
    const typed = typedOverhead ? (typedOverhead.perRule[id] ? ` ${fmtMs(typedOverhead.perRule[id].ms)} (${pct(typedOverhead.perRule[id].ofBaseline)}) |` : ' — |') : '';
    const g = growth ? ` ${growth.perRule[id]?.ratio?.toFixed(2) ?? '—'}× |` : '';
    lines.push(`| \`${id}\` | ${cells.join(' | ')} |${typed}${g}`);
  }
  const totalCells = cols.map((c) => `**${fmtMs(overhead[c].rulesTotalMs)} (${pct(overhead[c].rulesOfBaseline)})**`);
  lines.push(
    `| all rules | ${totalCells.join(' | ')} |${typedOverhead ? ` **${fmtMs(typedOverhead.rulesTotalMs)} (${pct(typedOverhead.rulesOfBaseline)})** |` : ''}${growth ? ` **${growth.rulesPerFileRatio.toFixed(2)}×** |` : ''}`,
  );
  lines.push(
    `| wall, \`all\` − baseline | ${cols.map((c) => `**${overhead[c].total >= 0 ? '+' : ''}${pct(overhead[c].total)}**`).join(' | ')} |${typedOverhead ? ` **+${pct(typedOverhead.total)}** |` : ''}${growth ? ` ${growth.wallRatio.all.toFixed(2)}× wall |` : ''}`,
  );
  lines.push('');
  lines.push(
    `The plugin's own cost on app 1×, paired file by file (each file linted by the baseline, one no-op rule and \`all\` in turn, in one fresh process; ` +
      `${paired.rounds.length} round${paired.rounds.length === 1 ? '' : 's'}, bench/paired.mjs): **${pct(paired.own)}** of the baseline ` +
      `(rounds: ${paired.rounds.map((r) => pct(r.own)).join(', ')}); ESLint's own cost of running any rule: ${pct(paired.eslintFixed)}.`,
  );
  lines.push('');
  lines.push(
    `Single ${fmtInt(singleLines)}-line file, warm (editor, per keystroke): baseline ${fmtMs(single.baseline.medianMs)}, \`all\` ${fmtMs(single.all.medianMs)} ` +
      `(${single.all.medianMs >= single.baseline.medianMs ? '+' : '-'}${fmtMs(Math.abs(single.all.medianMs - single.baseline.medianMs))}, ${pct((single.all.medianMs - single.baseline.medianMs) / single.baseline.medianMs)}).`,
  );
  if (projectIndex) {
    const baseline = results['app-1x']?.runs.baseline?.wallMs;
    lines.push('');
    lines.push(
      `\`pgbouncer-lint index\` (app 1×, ${fmtInt(projectIndex.files)} files, ${fmtInt(projectIndex.analysed)} analysed, ${fmtInt(projectIndex.modulesWithFacts)} with facts): ` +
        `cold ${fmtMs(projectIndex.coldMs)}${baseline ? ` (${(projectIndex.coldMs / baseline).toFixed(2)}× the parser-only lint)` : ''}, ` +
        `unchanged ${fmtMs(projectIndex.unchangedMs)}, after a one-file change ${fmtMs(projectIndex.oneFileMs)} (${projectIndex.oneFileAnalysed} module${projectIndex.oneFileAnalysed === 1 ? '' : 's'} analysed again).`,
    );
  }
  if (concurrency) {
    lines.push('');
    lines.push(
      `Multithreaded (\`all\`, app 4×, config file, ${machine.availableParallelism} CPUs): ` +
        concurrency.runs
          .map((r) => `\`concurrency: ${JSON.stringify(r.concurrency)}\` ${r.threads ? `${r.threads} threads` : 'no threads'} ${fmtMs(r.wallMs)} (${fmtInt(r.maxRssMb)} MB, ${r.findings} findings)`)
          .join('; ') +
        `; findings ${concurrency.sameFindings ? 'identical' : 'DIFFERENT'}.`,
    );
  }
  return lines.join('\n');
}

const table = markdown();
console.log(table);

const payload = {
  generatedAt: new Date().toISOString(),
  durationSec: Math.round((Date.now() - started) / 1000),
  machine,
  options: { reps, quick, seed: DEFAULT_SEED, repsLibrariesTyped2x: bigReps, reps4x: hugeReps, singleFileLints: 15, singleFileWarmup: 3 },
  corpora: results,
  overhead,
  tseslintOverhead,
  growth,
  single: { lines: singleLines, file: path.relative(repoRoot, path.join(singleCwd, singleRel)), ...single },
  concurrency,
  projectIndex,
  paired,
  check: check ? { failures, notes } : null,
  markdown: table,
};
writeFileSync(outFile, `${JSON.stringify(payload, roundReplacer, 1)}\n`);
log(`wrote ${path.relative(repoRoot, outFile)} (${payload.durationSec} s in all)`);

function roundReplacer(_key, value) {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

if (check) {
  for (const n of notes) console.log(`check: ${n}`);
  if (failures.length > 0) {
    console.log(`\ncheck FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log("\ncheck passed: the `all` preset's own cost is within 5 % of the baseline on the 1× corpus, no rule grows super-linearly");
}
