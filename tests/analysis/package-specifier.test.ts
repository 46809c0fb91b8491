import { describe, expect, it } from 'vitest';
import { packageSpecifier } from '../../lib/models/registry';
import { modelledCalls } from '../helpers/probe';

describe('packageSpecifier', () => {
  it("reads Deno's npm: specifiers and the CDNs' URLs as the npm package they name", () => {
    expect(packageSpecifier('npm:postgres@3.4.4')).toBe('postgres');
    expect(packageSpecifier('npm:postgres')).toBe('postgres');
    expect(packageSpecifier('npm:@neondatabase/serverless@0.10.4')).toBe('@neondatabase/serverless');
    expect(packageSpecifier('npm:drizzle-orm@0.30.1/postgres-js')).toBe('drizzle-orm/postgres-js');
    expect(packageSpecifier('https://esm.sh/pg@8.11.3')).toBe('pg');
    expect(packageSpecifier('https://esm.sh/v135/postgres@3.4.4?target=deno')).toBe('postgres');
    expect(packageSpecifier('https://cdn.jsdelivr.net/npm/pg@8/+esm')).toBe('pg');
    expect(packageSpecifier('https://deno.land/x/postgresjs@v3.4.4/mod.js')).toBe('postgres');
  });

  it("reads JSR's specifiers, and deno.land/x/postgres as the JSR package it became", () => {
    expect(packageSpecifier('jsr:@db/postgres@0.19.5')).toBe('@db/postgres');
    expect(packageSpecifier('jsr:@db/postgres')).toBe('@db/postgres');
    expect(packageSpecifier('https://deno.land/x/postgres@v0.17.0/mod.ts')).toBe('@db/postgres');
    expect(packageSpecifier('https://deno.land/x/postgres/mod.ts')).toBe('@db/postgres');
    // Deno's standard library, now JSR's @std packages.
    expect(packageSpecifier('https://deno.land/std@0.168.0/http/server.ts')).toBe('@std/http/server');
    expect(packageSpecifier('https://deno.land/std/http/mod.ts')).toBe('@std/http');
  });

  it('names nothing for other modules', () => {
    expect(packageSpecifier('https://deno.land/x/oak@v12.6.1/mod.ts')).toBeUndefined();
    expect(packageSpecifier('https://example.com/pg.js')).toBeUndefined();
  });

  it('tracks the library imported so', () => {
    const code = `
      import postgres from 'npm:postgres@3.4.4';
      import { Pool } from 'https://esm.sh/pg@8.11.3';
      export const sql = postgres(Deno.env.get('DATABASE_URL'));
      export const pool = new Pool();
    `;
    expect(modelledCalls(code).filter((call) => call.createsEngine).map((call) => call.shape)).toEqual(['postgres-js:postgres', 'pg:PoolClass']);
  });
});
