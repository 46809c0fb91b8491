import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importMapped } from '../../lib/util/import-map';

const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-import-map-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project directory with these files (path → text). */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('importMapped', () => {
  it("reads deno.json's imports: exact names, then the longest prefix", () => {
    const dir = project('json', {
      'deno.json': JSON.stringify({ imports: { postgres: 'jsr:@db/postgres@0.19', 'std/': 'https://deno.land/std@0.168.0/', 'std/http/': 'jsr:@std/http/' } }),
    });
    const file = path.join(dir, 'supabase/functions/orders/index.ts');
    expect(importMapped(file, 'postgres')).toBe('jsr:@db/postgres@0.19');
    expect(importMapped(file, 'std/http/server.ts')).toBe('jsr:@std/http/server.ts');
    expect(importMapped(file, 'std/async/delay.ts')).toBe('https://deno.land/std@0.168.0/async/delay.ts');
    expect(importMapped(file, 'pg')).toBeUndefined();
    // Relative and URL specifiers are not the map's.
    expect(importMapped(file, './db.ts')).toBeUndefined();
    expect(importMapped(file, 'npm:pg@8')).toBeUndefined();
  });

  it('reads deno.jsonc with comments and trailing commas, and the import map deno.json links', () => {
    const jsonc = project('jsonc', {
      'deno.jsonc': '{\n  // the database driver\n  "imports": {\n    /* pinned */ "postgres": "https://deno.land/x/postgres@v0.17.0/mod.ts",\n  },\n}\n',
    });
    expect(importMapped(path.join(jsonc, 'main.ts'), 'postgres')).toBe('https://deno.land/x/postgres@v0.17.0/mod.ts');
    const linked = project('linked', {
      'deno.json': JSON.stringify({ importMap: './import_map.json' }),
      'import_map.json': JSON.stringify({ imports: { pg: 'npm:pg@8.11.3' } }),
    });
    expect(importMapped(path.join(linked, 'src/db.ts'), 'pg')).toBe('npm:pg@8.11.3');
  });

  it('knows nothing outside a Deno project, nor above the nearest Deno configuration', () => {
    const node = project('node', { 'package.json': JSON.stringify({ name: 'api' }) });
    expect(importMapped(path.join(node, 'src/db.ts'), 'postgres')).toBeUndefined();
    const nested = project('outer', {
      'deno.json': JSON.stringify({ imports: { postgres: 'jsr:@db/postgres' } }),
      'inner/deno.json': JSON.stringify({ tasks: { start: 'deno run main.ts' } }),
    });
    expect(importMapped(path.join(nested, 'inner/main.ts'), 'postgres')).toBeUndefined();
    expect(importMapped(path.join(nested, 'main.ts'), 'postgres')).toBe('jsr:@db/postgres');
    expect(importMapped('<input>', 'postgres')).toBeUndefined();
  });
});
