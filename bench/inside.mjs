#!/usr/bin/env node
// A development aid, not part of `npm run bench` nor of its check: the time spent inside the
// plugin's own code while linting the generated 1× application (or any codebase, --root), for one
// build or to compare two.
//
// The budget measurement (bench/paired.mjs) reads the plugin's cost as the difference of two sums
// of lint times, each of several seconds: on a shared 2-CPU VM that difference moves by ±2 points
// of the baseline from one run to the next, as much as most changes to the plugin. Here every
// rule's `create` and every listener it returns are wrapped in a timer, so only the plugin's own
// code is counted (not parsing, not ESLint's traversal), and the garbage-collection pauses that
// happen to fall inside it are subtracted (they are triggered by whatever allocated last, mostly the
// parser). With two builds, each file is linted by both in alternating order in one process, so a
// slow second of the machine lands on both alike.
//
//   node bench/inside.mjs [--dist <dir>]... [--passes 3] [--root <dir>]
//
// --dist    a build of the plugin (a directory holding index.js); dist/ by default, two to compare
// --passes  passes over the files; the first is cold (as a lint run is), later ones warm
// --root    another codebase instead of the generated app (every .js/.ts/.tsx/.mjs/.cjs/.jsx file
//           under it, without node_modules, dot folders, dist/, build/, out/, coverage/ and .d.ts
//           files), with no settings: what the plugin costs on your own code
//
// What it leaves out: importing the plugin (about 20 ms), and ESLint's own cost of running ten
// rules instead of one (contexts, `create` calls), which paired.mjs counts.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { buildConfig, loadPlugin, repoRoot } from './configs.mjs';
import { corpusSettings, DEFAULT_SEED, generate } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true, default: [path.join(repoRoot, 'dist')] },
    passes: { type: 'string', default: '3' },
    root: { type: 'string' },
  },
});
const dists = values.dist.map((dist) => path.resolve(dist));
if (dists.length > 2) {
  console.error('bench/inside.mjs compares at most two builds.');
  process.exit(2);
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

/** The JavaScript and TypeScript sources under `dir` (see --root). */
function sourcesUnder(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) found.push(...sourcesUnder(file));
    } else if (entry.isFile() && /\.(?:[cm]?[jt]s|[jt]sx)$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && statSync(file).size < 1_000_000) {
      found.push(file);
    }
  }
  return found;
}

const corpus = values.root ? path.resolve(values.root) : path.join(here, 'corpus', 'app-1x');
if (!values.root && !existsSync(path.join(corpus, 'manifest.json'))) {
  generate({ seed: DEFAULT_SEED, scales: [1], outDir: path.join(here, 'corpus') });
}
const paths = values.root ? sourcesUnder(corpus) : JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')).files.map((rel) => path.join(corpus, rel));
const files = paths.map((file) => [file, readFileSync(file, 'utf8')]);

// Garbage-collection pauses, to subtract those that fall inside the plugin's code.
const pauses = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
}).observe({ entryTypes: ['gc'] });

/** One build with every rule's `create` and listeners timed into `slot` (spans as start, end pairs). */
async function timedLinter(dist) {
  const plugin = await loadPlugin(path.join(dist, 'index.js'));
  const slot = { ms: 0, spans: [], lintMs: 0 };
  const time = (run) => {
    const start = performance.now();
    const result = run();
    const end = performance.now();
    slot.ms += end - start;
    slot.spans.push(start, end);
    return result;
  };
  const rules = Object.fromEntries(
    Object.entries(plugin.rules).map(([id, rule]) => [
      id,
      {
        ...rule,
        create(context) {
          const listeners = time(() => rule.create(context));
          return Object.fromEntries(Object.entries(listeners).map(([selector, listener]) => [selector, (node) => time(() => listener(node))]));
        },
      },
    ]),
  );
  const config = buildConfig('all', { plugin: { ...plugin, configs: { all: { ...plugin.configs.all, plugins: { pgbouncer: { ...plugin, rules } } } } }, tseslint }, { cwd: corpus, settings: values.root ? undefined : corpusSettings() });
  return { slot, eslint: new ESLint({ cwd: corpus, overrideConfigFile: true, overrideConfig: config, cache: false }) };
}

/** Milliseconds of garbage-collection pauses inside the spans. */
function pausedIn(spans) {
  let total = 0;
  let first = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i];
    const end = spans[i + 1];
    while (first < pauses.length && pauses[first][1] <= start) first += 1;
    for (let j = first; j < pauses.length && pauses[j][0] < end; j += 1) {
      total += Math.max(0, Math.min(end, pauses[j][1]) - Math.max(start, pauses[j][0]));
    }
  }
  return total;
}

const builds = [];
for (const dist of dists) builds.push(await timedLinter(dist));
const label = (i) => path.relative(process.cwd(), dists[i]) || '.';
const what = values.root ? `${path.basename(corpus)}` : 'the generated 1× app';
console.log(`time inside the plugin over ${files.length} files of ${what} (garbage collection left out; with it in brackets; share of the rest of linting after it)`);
for (let pass = 0; pass < Number(values.passes); pass += 1) {
  pauses.length = 0;
  for (const build of builds) {
    build.slot.ms = 0;
    build.slot.spans = [];
    build.slot.lintMs = 0;
  }
  for (let i = 0; i < files.length; i += 1) {
    const [filePath, text] = files[i];
    for (let j = 0; j < builds.length; j += 1) {
      const build = builds[(i + j) % builds.length];
      const start = performance.now();
      await build.eslint.lintText(text, { filePath });
      build.slot.lintMs += performance.now() - start;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // the last pauses' entries
  const own = builds.map((build) => build.slot.ms - pausedIn(build.slot.spans));
  // The rest of linting: parsing, ESLint's traversal and its garbage collection (about the baseline).
  const parts = builds.map((build, i) => `${label(i)} ${own[i].toFixed(0)} ms (${build.slot.ms.toFixed(0)}; ${((own[i] / (build.slot.lintMs - build.slot.ms)) * 100).toFixed(1)} %)`);
  const delta = builds.length === 2 ? `; second vs first ${own[1] >= own[0] ? '+' : ''}${((own[1] / own[0] - 1) * 100).toFixed(1)} %` : '';
  console.log(`pass ${pass + 1}${pass === 0 ? ' (cold)' : ''}: ${parts.join(', ')}${delta}`);
}
