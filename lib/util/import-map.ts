import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nearestUp, readJsonObject } from './package-name';

/** An import map's `imports`: bare specifiers (and prefixes ending in `/`) to what they stand for. */
type Imports = ReadonlyMap<string, string>;

/** Directory → the import map of the Deno configuration at or above it (null: none). */
const maps = new Map<string, Imports | null>();

/** The configuration files Deno reads an import map from, nearest first. */
const DENO_FILES = ['deno.json', 'deno.jsonc', 'import_map.json'];

/**
 * What a bare specifier stands for in the Deno project a file belongs to: the `imports` of the
 * nearest `deno.json` / `deno.jsonc` (or the `importMap` file it names), or `import_map.json`
 * (`"postgres": "https://deno.land/x/postgres@v0.17.0/mod.ts"`, `"std/": "jsr:@std/"`). Exact keys
 * first, then the longest key ending in `/` that the specifier starts with. Undefined outside a
 * Deno project, for relative and URL specifiers, and for names the map does not list.
 */
export function importMapped(filename: string, specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return undefined;
  }
  const imports = nearestUp(filename, maps, readImportMap);
  if (!imports) {
    return undefined;
  }
  const exact = imports.get(specifier);
  if (exact !== undefined) {
    return exact;
  }
  let best: string | undefined;
  for (const key of imports.keys()) {
    if (key.endsWith('/') && specifier.startsWith(key) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best === undefined ? undefined : `${imports.get(best)!}${specifier.slice(best.length)}`;
}

function readImportMap(dir: string): Imports | null {
  for (const name of DENO_FILES) {
    const file = path.join(dir, name);
    if (!existsSync(file)) {
      continue;
    }
    const config = name.endsWith('.jsonc') ? readJsoncObject(file) : readJsonObject(file);
    // `"importMap": "./import_map.json"` in deno.json: the map lives there.
    const linked = typeof config?.importMap === 'string' ? readJsonObject(path.resolve(dir, config.importMap)) : undefined;
    const imports = (linked ?? config)?.imports;
    if (imports !== null && typeof imports === 'object') {
      const entries = Object.entries(imports as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      return new Map(entries);
    }
    // A Deno configuration without a map ends the search: the directories above are another project.
    return new Map();
  }
  return null;
}

/** A JSON-with-comments file holding an object (`deno.jsonc`): line and block comments dropped, trailing commas allowed. */
function readJsoncObject(file: string): Record<string, unknown> | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (char === '"') {
        // A string, copied whole (escapes included).
        let end = i + 1;
        while (end < text.length && text[end] !== '"') {
          end += text[end] === '\\' ? 2 : 1;
        }
        out += text.slice(i, end + 1);
        i = end;
      } else if (char === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (char === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 1;
      } else {
        out += char;
      }
    }
    const parsed: unknown = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
