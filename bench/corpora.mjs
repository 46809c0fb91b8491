// The benchmark's real-code corpora: the database libraries installed as dev dependencies (read
// in place from node_modules) and examples/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './configs.mjs';

export const LIBRARIES = [
  'pg',
  'pg-pool',
  'knex',
  'typeorm',
  'sequelize',
  'kysely',
  'drizzle-orm',
  'postgres',
  'pg-promise',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@mikro-orm/core',
];

/**
 * Second copies of the same sources that a package ships for another module system or runtime:
 * linting them twice would only weigh those packages double. (Files with the same path and
 * another of .js/.mjs/.cjs are dropped too, keeping .js, then .mjs.)
 */
const DUPLICATE_BUILDS = {
  typeorm: ['browser/'],
  kysely: ['dist/cjs/'],
  postgres: ['cf/', 'cjs/'],
};

const SOURCE = /\.(?:[cm]?js|[cm]?ts|tsx|jsx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const EXT_RANK = { '.js': 0, '.mjs': 1, '.cjs': 2 };

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue; // a dependency's own dependencies are other packages
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) out.push(full);
  }
  return out;
}

/** Absolute paths of one library's JS/TS sources (no .d.ts), duplicates dropped. */
export function libraryFiles(name) {
  const root = path.join(repoRoot, 'node_modules', name);
  const skip = DUPLICATE_BUILDS[name] ?? [];
  const files = walk(root, []).filter((f) => !skip.some((prefix) => path.relative(root, f).split(path.sep).join('/').startsWith(prefix)));
  const byStem = new Map();
  for (const f of files) {
    const ext = path.extname(f);
    const stem = ext in EXT_RANK ? f.slice(0, -ext.length) : f;
    const kept = byStem.get(stem);
    if (!kept || (EXT_RANK[ext] ?? 9) < (EXT_RANK[path.extname(kept)] ?? 9)) byStem.set(stem, f);
  }
  return [...byStem.values()].sort();
}

/** { files, lines, perLibrary: { name: { files, lines } } } for the library corpus. */
export function libraryCorpus() {
  const perLibrary = {};
  const files = [];
  let lines = 0;
  for (const name of LIBRARIES) {
    const own = libraryFiles(name);
    const ownLines = own.reduce((sum, f) => sum + countLines(f), 0);
    perLibrary[name] = { files: own.length, lines: ownLines };
    files.push(...own);
    lines += ownLines;
  }
  return { files, lines, perLibrary };
}

export function countLines(file) {
  const text = readFileSync(file, 'utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return text.endsWith('\n') || text.length === 0 ? n : n + 1;
}

/** examples/: every JS/TS file. */
export function examplesCorpus() {
  const files = walk(path.join(repoRoot, 'examples'), []).sort();
  return { files, lines: files.reduce((sum, f) => sum + countLines(f), 0) };
}

export function isDirectory(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
