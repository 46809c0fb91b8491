import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Directory → the `name` of the nearest package.json at or above it (null: none). Each directory is read once. */
const names = new Map<string, string | null>();

/** The name of the nearest package.json above a file, for suggestions that name the application. */
export function packageName(filename: string): string | undefined {
  if (!path.isAbsolute(filename)) {
    return undefined; // `<input>` and other virtual files
  }
  const visited: string[] = [];
  let dir = path.dirname(filename);
  let found: string | null | undefined;
  for (let depth = 0; depth < 64; depth++) {
    found = names.get(dir);
    if (found !== undefined) break;
    visited.push(dir);
    found = readName(path.join(dir, 'package.json'));
    if (found !== null) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const each of visited) names.set(each, found ?? null);
  return found ?? undefined;
}

function readName(file: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const name = (parsed as { name?: unknown } | null)?.name;
    // A scoped name's last segment reads better in pg_stat_activity: `@acme/billing` → `billing`.
    return typeof name === 'string' && name.length > 0 ? (name.split('/').at(-1) ?? name) : null;
  } catch {
    return null;
  }
}
