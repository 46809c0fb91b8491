#!/usr/bin/env node
// Times `pgbouncer-lint index` (the whole-project analysis) on a corpus directory:
//   cold       — no cache: every module read, hashed, resolved and (when it may have facts) analysed
//   unchanged  — with the cache, nothing changed: reads and hashes only
//   one file   — with the cache, after a one-line change to one module: that module and the
//                modules whose imports' facts changed are analysed again
// Prints one JSON object. Used by bench/run.mjs; runnable alone: node bench/index.mjs <dir> [reps]
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { indexProject } = require('../dist/lib/project/indexer.js');

const dir = path.resolve(process.argv[2] ?? '.');
const reps = Number(process.argv[3] ?? 3);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-index-bench-'));
const cache = path.join(cacheDir, 'index-cache.json');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const cold = [];
  let first;
  for (let i = 0; i < reps; i++) {
    const run = indexProject({ cwd: dir, cache: false });
    first ??= run;
    cold.push(run.stats.ms);
  }
  indexProject({ cwd: dir, cache });
  const unchanged = [];
  for (let i = 0; i < reps; i++) {
    unchanged.push(indexProject({ cwd: dir, cache }).stats.ms);
  }
  // The module with facts that the most other modules import: the costliest one-file change.
  const importers = new Map();
  for (const file of first.files.values()) {
    for (const dep of file.dependencies.keys()) importers.set(dep, (importers.get(dep) ?? 0) + 1);
  }
  const leaf = [...first.files.values()].find((file) => Object.keys(file.exports).length > 0 && !importers.has(file.file)) ?? [...first.files.values()][0];
  const original = readFileSync(leaf.file, 'utf8');
  const oneFile = [];
  let analysedAfterEdit = 0;
  try {
    for (let i = 0; i < reps; i++) {
      appendFileSync(leaf.file, `\n// edit ${i}\n`);
      const run = indexProject({ cwd: dir, cache });
      oneFile.push(run.stats.ms);
      analysedAfterEdit = run.stats.analysed;
    }
  } finally {
    writeFileSync(leaf.file, original);
  }
  console.log(
    JSON.stringify({
      files: first.stats.files,
      analysed: first.stats.analysed,
      modulesWithFacts: Object.keys(first.facts.modules).length,
      config: first.config === 'generated' ? 'generated' : path.relative(dir, first.config),
      reps,
      coldMs: median(cold),
      unchangedMs: median(unchanged),
      oneFileMs: median(oneFile),
      oneFileAnalysed: analysedAfterEdit,
    }),
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
