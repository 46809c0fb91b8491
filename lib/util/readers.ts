import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { dependsOn } from './package-version';

/**
 * Who reads a configuration module: a knexfile or a sequelize-cli configuration that no source
 * file of the project names is read by its command-line tool only (`knex migrate:latest`,
 * `sequelize db:migrate`), for migrations over whatever connection they are given, not by the
 * service. Read from the text of the project's sources (the working directory's, at most
 * MAX_FILES of them), not by resolving modules: a file names the module when a string in it ends
 * with the module's name (`require('./knexfile')`, `import config from '../config/database.js'`,
 * `path.join(__dirname, 'knexfile')`, `${__dirname}/../config/config.js`): a relative path naming
 * that very file, a bare name, or any other path (an alias such as `@/db/knexfile`, a package's
 * `@acme/db/knexfile`) by what follows the alias or package. Files the `ignore` predicate rejects (tests, migrations, scripts) do not count.
 */

const MAX_FILES = 20_000;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Root → its source files (null: more than MAX_FILES, or unreadable). */
const sourceLists = new Map<string, readonly string[] | null>();
/** `root\0module` → the source files under root that name the module (null: cannot tell). */
const readers = new Map<string, readonly string[] | null>();

function sourcesUnder(root: string): readonly string[] | null {
  let list = sourceLists.get(root);
  if (list !== undefined) {
    return list;
  }
  const found: string[] = [];
  const pending = [root];
  try {
    while (pending.length > 0) {
      const dir = pending.pop()!;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) {
            pending.push(path.join(dir, entry.name));
          }
        } else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
          found.push(path.join(dir, entry.name));
          if (found.length > MAX_FILES) {
            throw new RangeError('too many files');
          }
        }
      }
    }
    list = found;
  } catch {
    list = null;
  }
  sourceLists.set(root, list);
  return list;
}

const QUOTES = new Set(['"', "'", '`']);

/**
 * Does a source file under `root` (other than `file` itself and those `ignore` rejects) name the
 * module `file`? Undefined when that cannot be told (too many files, `file` outside `root`).
 */
export function namedByOtherSource(file: string, root: string, ignore: (other: string) => boolean): boolean | undefined {
  const target = path.resolve(file).replace(SOURCE, '');
  const base = path.basename(target);
  if (!path.resolve(file).startsWith(path.resolve(root) + path.sep) || base.length === 0) {
    return undefined;
  }
  const key = `${root}\u0000${target}`;
  let found = readers.get(key);
  if (found === undefined) {
    const sources = sourcesUnder(path.resolve(root));
    found = sources === null ? null : sources.filter((other) => other.replace(SOURCE, '') !== target && names(other, base, target));
    readers.set(key, found);
  }
  return found === null ? undefined : found.some((other) => !ignore(other));
}

/** Does the source file `other` name the module `target` (see namesModule)? */
function names(other: string, base: string, target: string): boolean {
  let text: string;
  try {
    if (statSync(other).size > 1_000_000) return false;
    text = readFileSync(other, 'utf8');
  } catch {
    return false;
  }
  return text.includes(base) && namesModule(text, base, other, target);
}

/** Does a string in `text` (the source of `file`) end with `base` (and an extension, if any) and name `target` (see above)? */
function namesModule(text: string, base: string, file: string, target: string): boolean {
  const dir = path.dirname(file);
  for (let at = text.indexOf(base); at !== -1; at = text.indexOf(base, at + base.length)) {
    let end = at + base.length;
    const extension = /^\.(?:[cm]?[jt]sx?|json)/.exec(text.slice(end, end + 5));
    if (extension) {
      end += extension[0].length;
    }
    if (!QUOTES.has(text[end] ?? '')) {
      continue;
    }
    // Back to the string's opening quote, or the end of an interpolation (`${__dirname}/…`).
    let start = at - 1;
    while (start >= 0 && at - start < 300 && !QUOTES.has(text[start]!) && text[start] !== '}' && text[start] !== '\n') {
      start -= 1;
    }
    if (start < 0 || text[start] === '\n' || at - start >= 300) {
      continue;
    }
    const written = text.slice(start + 1, at + base.length);
    // A bare name only as a module (`from 'data-source'` under a `baseUrl`) or a path's part
    // (`path.join(__dirname, 'knexfile')`): alone, `'database'` or `'config'` is any word.
    const bare = written === path.basename(target);
    const before = text.slice(text.lastIndexOf('\n', start) + 1, start);
    // A bare name the project installs names that package: `from 'sequelize'` is not `src/config/sequelize.js`.
    if (bare ? PATH_CALL.test(before) || (IMPORT_BEFORE.test(before) && !dependsOn(file, written)) : namesTarget(written, dir, target)) {
      return true;
    }
  }
  return false;
}

/** The first segment of an alias for the project's root or source folder: `@/`, `~/`, `#/`, `$lib/`, `src/`. */
const ALIAS_ROOT = /^(?:@|~|#|\$\w*|src|app|lib|server|root)$/;

/** What precedes a module's name in an import or a `require` (`from `, `import(`, `require(`). */
const IMPORT_BEFORE = /\b(?:from|import|require)\s*\(?\s*$/;

/** A call that builds a path, on the line before a bare name. */
const PATH_CALL = /\b(?:join|resolve)\s*\(/;

function namesTarget(written: string, dir: string, target: string): boolean {
  if (written.startsWith('/') || written.startsWith('.')) {
    // A path relative to the reader (`'../knexfile'`, `'/../config/config.js'` after `__dirname +`).
    const resolved = path.resolve(dir, written.startsWith('/') ? `.${written}` : written);
    return resolved === target || resolved === path.join(target, 'index');
  }
  // An alias or a package's path (`@/knexfile`, `~/db/knexfile`, `@acme/db/knexfile`,
  // `src/config/database`): its last two segments after the first, or one after an alias's root
  // (not `dotenv/config`, not `@server/storage/database`).
  const segments = written.split('/');
  const rest = segments.slice(1);
  if (rest.length === 1) {
    return ALIAS_ROOT.test(segments[0]!) && path.basename(target) === rest[0];
  }
  return target.endsWith(path.sep + rest.slice(-2).join(path.sep));
}
