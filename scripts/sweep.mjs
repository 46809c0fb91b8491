// Robustness sweep: every rule of the plugin over every JavaScript/TypeScript file under
// node_modules (tens of thousands of files, every syntax shape). Not one rule may throw.
//
//   npm run sweep                      all files, one worker per CPU
//   npm run sweep -- --sample 500      a deterministic sample (every k-th file)
//   npm run sweep -- --dir some/dir    another tree
//   npm run sweep -- --jobs 1          workers (default: CPUs)
//   npm run sweep -- --json out.json   also write the failures and figures as JSON
//
// Files a parser rejects (Flow, broken fixtures, other languages) are parse errors, counted apart;
// a failure is an exception thrown while rules run. Exits 1 on any failure.
import { availableParallelism } from 'node:os';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { lintForRobustness } from './sweep-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSIONS = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

if (isMainThread) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const dir = path.resolve(root, option('dir') ?? 'node_modules');
  const sample = Number(option('sample') ?? 0);
  const jobs = Math.max(1, Number(option('jobs') ?? availableParallelism()));
  const jsonOut = option('json');

  let files = [];
  const walk = (current) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && EXTENSIONS.test(entry.name)) files.push(file);
    }
  };
  walk(dir);
  files.sort();
  if (sample > 0 && sample < files.length) {
    const step = files.length / sample;
    files = Array.from({ length: sample }, (_, i) => files[Math.floor(i * step)]);
  }

  const started = process.hrtime.bigint();
  const chunks = Array.from({ length: jobs }, (_, j) => files.filter((_, i) => i % jobs === j));
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { files: chunk }, execArgv: [...process.execArgv, '--no-warnings'] });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const total = results.reduce(
    (sum, r) => ({
      linted: sum.linted + r.linted,
      skipped: sum.skipped + r.skipped,
      parseErrors: sum.parseErrors + r.parseErrors,
      findings: sum.findings + r.findings,
      failures: [...sum.failures, ...r.failures],
      slowest: [...sum.slowest, ...r.slowest].sort((a, b) => b.ms - a.ms).slice(0, 5),
    }),
    { linted: 0, skipped: 0, parseErrors: 0, findings: 0, failures: [], slowest: [] },
  );
  console.log(`Swept ${path.relative(root, dir) || dir}: ${files.length} files in ${seconds.toFixed(1)} s (${jobs} worker${jobs > 1 ? 's' : ''})`);
  console.log(`  linted: ${total.linted}, skipped (over 1 MB): ${total.skipped}, parse errors: ${total.parseErrors}, findings: ${total.findings}`);
  console.log(`  slowest: ${total.slowest.map((s) => `${path.relative(root, s.file)} ${s.ms} ms`).join(', ')}`);
  console.log(`  failures: ${total.failures.length}`);
  for (const failure of total.failures.slice(0, 20)) {
    console.log(`\n${path.relative(root, failure.file)}\n${failure.stack}`);
  }
  if (jsonOut) {
    writeFileSync(jsonOut, JSON.stringify({ dir, files: files.length, seconds, ...total }, null, 1));
  }
  process.exitCode = total.failures.length > 0 ? 1 : 0;
} else {
  const outcome = { linted: 0, skipped: 0, parseErrors: 0, findings: 0, failures: [], slowest: [] };
  for (const file of workerData.files) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      continue;
    }
    if (size > 1_000_000) {
      outcome.skipped++;
      continue;
    }
    const started = Date.now();
    const result = await lintForRobustness(file);
    const ms = Date.now() - started;
    outcome.linted++;
    outcome.parseErrors += result.parseError ? 1 : 0;
    outcome.findings += result.findings;
    if (result.failure) outcome.failures.push({ file, stack: result.failure });
    outcome.slowest = [...outcome.slowest, { file, ms }].sort((a, b) => b.ms - a.ms).slice(0, 5);
  }
  parentPort.postMessage(outcome);
}
