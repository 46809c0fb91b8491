import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import type { SqlText } from '../../lib/analysis/sql';
import { sqlTextOf } from '../../lib/analysis/sql-text';

/** Parses `code` and extracts the SQL text of the first argument of the first `run(...)` call. */
function textOfRunArgument(code: string, keepPositions = false): SqlText | undefined {
  const { ast, scopeManager, visitorKeys } = parseForESLint(code, { range: true, loc: true, sourceType: 'module' });
  let argument: TSESTree.Node | undefined;
  // parseForESLint leaves `parent` unset (ESLint sets it while traversing): set it here.
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined) => {
    Object.assign(node, { parent });
    if (
      !argument &&
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.Identifier &&
      node.callee.name === 'run'
    ) {
      argument = node.arguments[0];
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child: unknown = (node as unknown as Record<string, unknown>)[key];
      for (const c of Array.isArray(child) ? child : [child]) {
        if (c && typeof (c as { type?: unknown }).type === 'string') visit(c as TSESTree.Node, node);
      }
    }
  };
  visit(ast, undefined);
  if (!argument) throw new Error('no run(...) argument');
  const scopeOf = (node: TSESTree.Node): TSESLint.Scope.Scope => {
    for (let n: TSESTree.Node | undefined = node; n; n = n.parent) {
      const scope = scopeManager.acquire(n, true);
      if (scope) return scope;
    }
    return scopeManager.globalScope!;
  };
  const text = sqlTextOf(argument, scopeOf);
  if (text && !keepPositions) delete text.sourceIndex; // positions are tested separately
  return text;
}

const raw = (...parts: string[]): SqlText => ({ parts, holesAreValues: false });
const bound = (...parts: string[]): SqlText => ({ parts, holesAreValues: true });

function table(cases: ReadonlyArray<readonly [string, SqlText | undefined]>) {
  for (const [code, expected] of cases) {
    it(code.replaceAll('\n', ' '), () => {
      expect(textOfRunArgument(code)).toEqual(expected);
    });
  }
}

describe('sqlTextOf: literals and templates', () => {
  table([
    ["run('BEGIN')", raw('BEGIN')],
    ['run("SET x = 1; COMMIT")', raw('SET x = 1; COMMIT')],
    ['run(`COMMIT`)', raw('COMMIT')],
    ['run(`SET search_path TO ${schema}`)', raw('SET search_path TO ', '')],
    ['run(`${verb} TRANSACTION`)', raw('', ' TRANSACTION')],
    ['run(`a\\nb`)', raw('a\nb')],
    ['run(`a ${`b ${x} c`} d`)', raw('a b ', ' c d')],
    ['run(`a ${1} b`)', raw('a ', ' b')],
    ['run(String.raw`SELECT \'\\n\' ${x}`)', raw("SELECT '\\n' ", '')],
    ['run(String.raw`a${"b"}c`)', raw('abc')],
  ]);
});

describe('sqlTextOf: `sql.raw(text)` fragments (Drizzle, Kysely)', () => {
  table([
    ["run(sql.raw('LISTEN jobs'))", raw('LISTEN jobs')],
    ['run(sql.raw(`SET search_path TO ${schema}`))', raw('SET search_path TO ', '')],
    ["const q = 'RESET ALL'; run(sql.raw(q))", raw('RESET ALL')],
    // not one text argument, or not `.raw`
    ["run(sql.raw('a', 'b'))", undefined],
    ['run(sql.raw(...parts))', undefined],
    ["run(sql.raw({ text: 'BEGIN' }))", undefined],
    ["run(sql['raw']('BEGIN'))", undefined],
    ["run(sql.unsafe('BEGIN'))", undefined],
    ["run(raw('BEGIN'))", undefined],
  ]);
});

describe('sqlTextOf: tagged templates (bound values)', () => {
  table([
    ['run(sql`SELECT ${a} FROM t WHERE b = ${b}`)', bound('SELECT ', ' FROM t WHERE b = ', '')],
    ['run(Prisma.sql`BEGIN`)', bound('BEGIN')],
    ['run(prisma.$executeRaw`SET LOCAL x = ${v}`)', bound('SET LOCAL x = ', '')],
    ['run(tx.$queryRaw`SELECT 1`)', bound('SELECT 1')],
    ['run(sql`a\\nb`)', bound('a\nb')],
    // Bound values are never spliced in, even when constant.
    ["const mode = 'SERIALIZABLE';\nrun(sql`BEGIN ISOLATION LEVEL ${mode}`)", bound('BEGIN ISOLATION LEVEL ', '')],
    // A user-defined String is not the built-in.
    ['const String = { raw: (s: TemplateStringsArray) => s.join("") };\nrun(String.raw`x${y}`)', bound('x', '')],
  ]);
});

describe('sqlTextOf: concatenation', () => {
  table([
    ["run('a' + x + 'b')", raw('a', 'b')],
    ["run('BEGIN; ' + 'COMMIT')", raw('BEGIN; COMMIT')],
    ["run(x + 'b')", raw('', 'b')],
    ["run('a' + (x + y))", raw('a', '')],
    ["run(1 + 'a')", raw('', 'a')],
    ["run(`a${x}` + 'b' + `c${y}`)", raw('a', 'bc', '')],
    ["run(sql`a` + 'b')", raw('', 'b')],
    ['run(x + y)', undefined],
    ["run('a' - x)", undefined],
  ]);
});

describe('sqlTextOf: query config objects', () => {
  table([
    ["run({ text: 'BEGIN', values: [] })", raw('BEGIN')],
    ["run({ values: [1], text: `SELECT ${x}` })", raw('SELECT ', '')],
    ["run({ 'text': 'COMMIT' })", raw('COMMIT')],
    ["run({ sql: 'ROLLBACK' })", raw('ROLLBACK')],
    ["run({ sql: 'a', text: 'b' })", raw('b')],
    ["run({ text: 'a', text: 'b' })", raw('b')],
    ["const text = 'LISTEN x';\nrun({ text })", raw('LISTEN x')],
    ["run({ ...base, text: 'a' })", raw('a')],
    ["run({ text: 'a', ...override })", undefined],
    ["run({ ...base, sql: 'a' })", undefined],
    ["run({ ['text']: 'a' })", undefined],
    ["run({ text() { return 'a'; } })", undefined],
    ["run({ get text() { return 'a'; } })", undefined],
    ['run({ values: [] })', undefined],
  ]);
});

describe('sqlTextOf: TypeScript wrappers', () => {
  table([
    ["run('BEGIN' as string)", raw('BEGIN')],
    ["run(('BEGIN'))", raw('BEGIN')],
    ["run(<string>'BEGIN')", raw('BEGIN')],
    ["run('BEGIN' satisfies string)", raw('BEGIN')],
    ["const q = 'BEGIN' as const;\nrun(q!)", raw('BEGIN')],
    ["run(({ text: 'BEGIN' } as Query))", raw('BEGIN')],
  ]);
});

describe('sqlTextOf: const resolution', () => {
  table([
    ["const q = 'BEGIN';\nrun(q)", raw('BEGIN')],
    ["const q = `SET x = ${v}`;\nrun(q)", raw('SET x = ', '')],
    ['const q = sql`SELECT ${v}`;\nrun(q)', bound('SELECT ', '')],
    ["const q = { text: 'COMMIT' };\nrun(q)", raw('COMMIT')],
    ["const mode = 'SERIALIZABLE';\nrun(`BEGIN ISOLATION LEVEL ${mode}`)", raw('BEGIN ISOLATION LEVEL SERIALIZABLE')],
    ["const verb = 'START';\nrun(verb + ' TRANSACTION')", raw('START TRANSACTION')],
    ["const q = 'COMMIT';\nfunction f() {\n  run(q);\n}", raw('COMMIT')],
    [
      "const a = 'BEGIN';\nconst b = a;\nconst c = b;\nconst d = c;\nconst e = d;\nrun(e)",
      raw('BEGIN'),
    ],
    // Five steps at most.
    ["const a = 'BEGIN';\nconst b = a;\nconst c = b;\nconst d = c;\nconst e = d;\nconst f = e;\nrun(f)", undefined],
    ["const a = 'BEGIN';\nconst b = a;\nconst c = b;\nconst d = c;\nconst e = d;\nconst f = e;\nrun(`${f};`)", raw('', ';')],
    // Not const, or not a single plain declaration: not resolved.
    ["let q = 'BEGIN';\nrun(q)", undefined],
    ["var q = 'BEGIN';\nrun(q)", undefined],
    ["let mode = 'SERIALIZABLE';\nrun(`BEGIN ISOLATION LEVEL ${mode}`)", raw('BEGIN ISOLATION LEVEL ', '')],
    ["const { q } = { q: 'BEGIN' };\nrun(q)", undefined],
    ["const [q] = ['BEGIN'];\nrun(q)", undefined],
    ['declare const q: string;\nrun(q)', undefined],
    ["const q = 'BEGIN';\nfunction f(q: string) {\n  run(q);\n}", undefined],
    ["const q = 'BEGIN';\nfunction f() {\n  let q = 'COMMIT';\n  run(q);\n}", undefined],
    ['run(q)', undefined],
    ["import { q } from './queries';\nrun(q)", undefined],
  ]);

  it('stops following cycles', () => {
    expect(textOfRunArgument("const a = b + 'x';\nconst b = a + 'y';\nrun(a)")).toEqual(raw('', 'xyxyx'));
  });

  it('bounds the total work on fan-out', () => {
    const code = [
      "const a0 = 'x';",
      ...[1, 2, 3, 4].map((i) => `const a${i} = a${i - 1} + a${i - 1} + a${i - 1} + a${i - 1};`),
      'run(a4)',
    ].join('\n');
    // 4^4 leaves, each within five steps; the total budget runs out first and the rest become holes.
    const text = textOfRunArgument(code);
    expect(text?.holesAreValues).toBe(false);
    expect(text!.parts[0]).toMatch(/^x+$/);
    expect(text!.parts.length).toBeGreaterThan(1);
  });
});

describe('sqlTextOf: text a function of the file returns', () => {
  table([
    ["const setSearchPath = (schema) => `SET search_path = '${schema}'`; run(setSearchPath(name))", raw("SET search_path = '", "'")],
    ["function lock(id) { return 'SELECT pg_advisory_lock(' + id + ')'; } run(lock(1))", raw('SELECT pg_advisory_lock(', ')')],
    ['const begin = () => sql`BEGIN`; run(begin())', bound('BEGIN')],
    // Several returns, or one of something else: unknown.
    ["function pick(a) { if (a) return 'BEGIN'; return 'COMMIT'; } run(pick(x))", undefined],
    ['const id = (text) => text; run(id(q))', undefined],
    ['run(build())', undefined],
  ]);
});

describe("sqlTextOf: pg-format's format(text, …values)", () => {
  table([
    ["import format from 'pg-format'; run(format('SET search_path TO %I', schema))", raw('SET search_path TO ', '')],
    ["const pgFormat = require('pg-format'); run(pgFormat('SELECT pg_advisory_lock(%L); SELECT 100%%', id))", raw('SELECT pg_advisory_lock(', '); SELECT 100%')],
    ["import format from 'pg-format'; run(format(`SET ${scope} %s = %L`, name, value))", raw('SET ', ' ', ' = ', '')],
    // Another library's format: unknown.
    ["import { format } from 'util'; run(format('SET search_path TO %s', schema))", undefined],
  ]);
});

describe('sqlTextOf: not SQL text', () => {
  table([
    ['run(q)', undefined],
    ['run(42)', undefined],
    ['run(null)', undefined],
    ["run(['BEGIN'])", undefined],
    ["run(cond ? 'BEGIN' : 'COMMIT')", undefined],
    ['run(obj.text)', undefined],
  ]);
});

describe('sqlTextOf: source positions for fixes', () => {
  const at = (code: string, part: number, offset: number) => {
    const text = textOfRunArgument(code, true);
    const index = text?.sourceIndex?.(part, offset);
    return index === undefined ? undefined : code.slice(index, index + 3);
  };
  it('maps offsets in a string literal, a template and a tagged template to the source', () => {
    expect(at("run('SET x = 1')", 0, 4)).toBe('x =');
    expect(at('run(`SET x = ${v}; SET y`)', 1, 2)).toBe('SET');
    expect(at('run(sql`SET x = ${v}; SET y`)', 1, 2)).toBe('SET');
  });
  it('gives no positions when escapes, splices or indirections make them unreliable', () => {
    expect(at("run('SET \\'x\\'')", 0, 0)).toBeUndefined();
    expect(at("const s = 'x'; run(`SET ${s} = 1`)", 0, 0)).toBeUndefined();
    expect(at("run('SET ' + x)", 0, 0)).toBeUndefined();
    expect(at('run(`SET \\n`)', 0, 0)).toBeUndefined();
  });
});
