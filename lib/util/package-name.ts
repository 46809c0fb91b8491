import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Directory → the `name` of the nearest package.json at or above it (null: none). Each directory is read once. */
const names = new Map<string, string | null>();

/** The name of the nearest package.json above a file, for suggestions that name the application. */
export function packageName(filename: string): string | undefined {
  return nearestUp(filename, names, (dir) => readName(path.join(dir, 'package.json')));
}

/** Directory → the nearest directory at or above it that holds a package.json (null: none). */
const packageDirs = new Map<string, string | null>();

/** The directory of the nearest package.json at or above a file, named or not. */
export function packageDir(filename: string): string | undefined {
  return nearestUp(filename, packageDirs, (dir) => (existsSync(path.join(dir, 'package.json')) ? dir : null));
}

/**
 * What the nearest directory at or above a file says (`read` returns null where it says nothing),
 * remembered in `cache` for every directory walked through. Undefined for a virtual file (`<input>`).
 */
export function nearestUp<T>(filename: string, cache: Map<string, T | null>, read: (dir: string) => T | null): T | undefined {
  if (!path.isAbsolute(filename)) {
    return undefined;
  }
  const visited: string[] = [];
  let dir = path.dirname(filename);
  let found: T | null | undefined;
  for (let depth = 0; depth < 64; depth++) {
    found = cache.get(dir);
    if (found !== undefined) break;
    visited.push(dir);
    found = read(dir);
    if (found !== null) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const each of visited) cache.set(each, found ?? null);
  return found ?? undefined;
}

function readName(file: string): string | null {
  const name = readJsonObject(file)?.name;
  // A scoped name's last segment reads better in pg_stat_activity: `@acme/billing` → `billing`.
  return typeof name === 'string' && name.length > 0 ? (name.split('/').at(-1) ?? name) : null;
}

/** A JSON file holding an object (a package.json), or undefined when it is missing or holds anything else. */
export function readJsonObject(file: string): Record<string, unknown> | undefined {
  // Most directories have none: asked first, which is cheaper than the exception a read would throw.
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
