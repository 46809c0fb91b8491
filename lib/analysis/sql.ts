/**
 * Classification of the SQL text a query call sends: which statements it
 * contains (BEGIN, SET, LISTEN, PREPARE, ...) and which functions they call.
 *
 * Pure string analysis, no AST. The text may have dynamic holes (template
 * literal expressions, concatenated variables); whatever depends on a hole is
 * reported as unknown, never guessed.
 *
 * Runs in time linear in the input, whatever the input: one left-to-right
 * lexer pass (no regular expressions) feeding a streaming per-statement
 * scanner that keeps only a bounded number of tokens.
 */

import { setBounded } from '../util/bounded';

/** SQL text with dynamic holes: parts.length === holes + 1 (like a template literal's quasis). */
export interface SqlText {
  parts: readonly string[];
  /**
   * true when a hole is a bound parameter value (tagged template like sql`...${x}`),
   * false when the hole splices raw SQL text (plain template literal / string concatenation)
   */
  holesAreValues: boolean;
  /**
   * Where a character of the text is in the source file: the source index of `offset` in part
   * `part`. Given only when the text is written as one literal in the source, with no escape
   * sequences, so that fixes can edit it in place.
   */
  sourceIndex?: (part: number, offset: number) => number;
}

export type StatementKind =
  | 'begin' // BEGIN [WORK|TRANSACTION] [modes], START TRANSACTION [modes]
  | 'commit' // COMMIT [WORK|TRANSACTION], END (not COMMIT PREPARED)
  | 'rollback' // ROLLBACK, ABORT (not ROLLBACK TO [SAVEPOINT], not ROLLBACK PREPARED)
  | 'savepoint'
  | 'release-savepoint'
  | 'rollback-to-savepoint'
  | 'prepare-transaction'
  | 'commit-prepared'
  | 'rollback-prepared'
  | 'set' // session-level SET, including SET SESSION CHARACTERISTICS AS TRANSACTION
  | 'set-local' // SET LOCAL ...
  | 'set-transaction' // SET [SESSION] TRANSACTION ..., SET CONSTRAINTS ... (current transaction only)
  | 'reset'
  | 'listen'
  | 'unlisten'
  | 'notify'
  | 'prepare' // SQL-level PREPARE name AS ...
  | 'execute'
  | 'deallocate'
  | 'declare-cursor'
  | 'create-temp-table'
  | 'load'
  | 'discard'
  | 'other' // any other statement whose kind is known (SELECT, INSERT, ...)
  | 'unknown'; // the deciding keywords are (partly) dynamic

export interface SqlFunctionCall {
  /** Function name: lower-cased when unquoted, exactly as written when double-quoted. */
  name: string;
  /** Schema qualifier (e.g. 'pg_catalog'), same case rules as name. */
  schema?: string;
  /** Constant argument source texts, trimmed; null for an argument that contains a hole. */
  args: Array<string | null>;
  /** Offset of the function name in the flattened text (see {@link SqlStatement.start}). */
  start: number;
  /** Offset of each argument's first token in the flattened text (-1 for an empty argument). */
  argStarts: number[];
}

export interface SqlStatement {
  kind: StatementKind;
  /**
   * The leading words, upper-cased and single-spaced, e.g. 'BEGIN ISOLATION LEVEL SERIALIZABLE',
   * up to 80 chars; '' for unknown.
   */
  keyword: string;
  /** Offsets of the statement in the flattened text (parts joined with a single placeholder char per hole). */
  start: number;
  end: number;
  /**
   * Part index and offset of the statement's first token. A statement starting
   * at a hole points just past the end of the part before the hole.
   */
  partIndex: number;
  partOffset: number;
  /**
   * set / set-local / reset: the parameter name, lower-cased ('search_path', 'role',
   * 'session authorization', 'time zone', 'all', ...); set-transaction: 'transaction' or
   * 'constraints'; set SESSION CHARACTERISTICS: 'session characteristics';
   * discard: what is discarded ('all', 'plans', 'sequences', 'temp').
   * Absent when dynamic.
   */
  setting?: string;
  /** Savepoint, prepared statement, prepared transaction id, cursor or channel name, when constant. */
  name?: string;
  /** declare-cursor: WITH HOLD given; absent when options are dynamic. */
  withHold?: boolean;
  /** create-temp-table: the ON COMMIT action, absent when not given. */
  onCommit?: 'drop' | 'delete-rows' | 'preserve-rows';
  /** CREATE [GLOBAL|LOCAL] TEMP|TEMPORARY ...: true, also for temp views/sequences (kind 'other'). */
  temp?: boolean;
  /** Function calls anywhere in the statement outside strings and comments, in textual order. */
  functionCalls: SqlFunctionCall[];
}

/**
 * Classifies every statement of the text, in order. Empty statements are dropped. The statements of
 * a text object are shared (deeply frozen): never modify them.
 */
export function classifySql(text: SqlText | string): readonly SqlStatement[] {
  if (typeof text === 'object') {
    let statements = classified.get(text);
    if (!statements) {
      statements = classifiedContent(text);
      classified.set(text, statements);
    }
    return statements;
  }
  return classifyText(text);
}

/** Classification per text object: several rules classify the text of the same call. */
const classified = new WeakMap<SqlText, readonly SqlStatement[]>();

/**
 * Classification per distinct text: the same statements are sent from many places (`BEGIN`,
 * `COMMIT` and `ROLLBACK` in every hand-written transaction, one query from several functions), and
 * the classification depends on the parts and on what the holes are, nothing else (offsets are
 * within the text). Bounded: cleared when full.
 */
function classifiedContent(text: SqlText): readonly SqlStatement[] {
  const { parts } = text;
  // A part holding the hole character itself would make two texts share a key: classified alone.
  for (const part of parts) {
    if (part.includes(HOLE_CHAR)) {
      return deepFreeze(classifyText(text));
    }
  }
  const key = `${text.holesAreValues ? 'v' : 'r'}${parts.join(HOLE_CHAR)}`;
  let statements = byContent.get(key);
  if (statements === undefined) {
    statements = deepFreeze(classifyText(text));
    setBounded(byContent, key, statements, BY_CONTENT_LIMIT);
  }
  return statements;
}

const byContent = new Map<string, readonly SqlStatement[]>();
const BY_CONTENT_LIMIT = 10_000;

/** Shared statements cannot be changed by one caller under another's feet. */
function deepFreeze(statements: SqlStatement[]): readonly SqlStatement[] {
  for (const statement of statements) {
    for (const call of statement.functionCalls) {
      Object.freeze(call.args);
      Object.freeze(call.argStarts);
      Object.freeze(call);
    }
    Object.freeze(statement.functionCalls);
    Object.freeze(statement);
  }
  return Object.freeze(statements);
}

function classifyText(text: SqlText | string): SqlStatement[] {
  const { parts, holesAreValues } =
    typeof text === 'string' ? { parts: [text], holesAreValues: false } : text;
  const src = parts.join(HOLE_CHAR);
  const holeAt = new Uint8Array(src.length);
  const partStarts: number[] = [];
  let offset = 0;
  for (let p = 0; p < parts.length; p++) {
    partStarts.push(offset);
    offset += parts[p]!.length;
    if (p < parts.length - 1) holeAt[offset++] = 1;
  }

  const statements: SqlStatement[] = [];
  let part = 0;
  let current: StatementScanner | undefined;
  const flush = () => {
    if (!current) return;
    // Statements come in textual order, so the part pointer only moves forward.
    while (part + 1 < partStarts.length && partStarts[part + 1]! <= current.start) part++;
    statements.push(current.finish(part, current.start - partStarts[part]!));
    current = undefined;
  };

  const lexer = new Lexer(src, holeAt, holesAreValues);
  for (let t = lexer.next(); t; t = lexer.next()) {
    if (t.type === 'op' && t.text === ';' && (!current || current.atTopLevel)) flush();
    else (current ??= new StatementScanner(src, t.start)).add(t);
  }
  flush();
  return statements;
}

/**
 * The part and offset within it of an offset in the flattened text (parts joined with one
 * character per hole); undefined when the offset is a hole.
 */
export function partPosition(text: SqlText, flat: number): { part: number; offset: number } | undefined {
  let start = 0;
  for (let part = 0; part < text.parts.length; part++) {
    const length = text.parts[part]!.length;
    if (flat <= start + length) {
      return flat === start + length && part < text.parts.length - 1 ? undefined : { part, offset: flat - start };
    }
    start += length + 1;
  }
  return undefined;
}

/**
 * A statement's own text as classified: its stretch of the flattened text, each hole standing as
 * `HOLE_CHAR`, for a caller that reads more of it than the classification keeps (a table's name).
 */
export function statementSource(text: SqlText, statement: SqlStatement): string {
  return text.parts.join(HOLE_CHAR).slice(statement.start, statement.end);
}

/** Convenience: the kinds of all statements of the text, in order. */
export function statementKinds(text: SqlText | string): StatementKind[] {
  return classifySql(text).map((s) => s.kind);
}

// ---------------------------------------------------------------------------
// Lexer

/**
 * Stands for a hole in the flattened text. Hole positions are known from
 * `holeAt`, never from this character; it is only chosen so that it can never
 * be mistaken for part of an identifier, a quote, a dollar-quote tag or `$`.
 */
export const HOLE_CHAR = '\u0000';

type TokenType =
  | 'word' // unquoted identifier or keyword
  | 'ident' // "quoted identifier"
  | 'string' // '...', E'...', $$...$$, $tag$...$tag$
  | 'number'
  | 'param' // $1
  | 'op' // any other single character
  | 'hole' // a raw-SQL hole, merged with any identifier characters touching it
  | 'value'; // a bound-value hole

interface Quote {
  style: "'" | 'E' | '"' | '$';
  bodyStart: number;
  /** -1 when the literal is unterminated */
  bodyEnd: number;
}

interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** The token is, or contains, a hole. */
  dynamic: boolean;
  /** word: lower-cased; op, number, param: the source text; otherwise '' (literals are decoded on demand). */
  text: string;
  /** string and ident tokens only */
  quote?: Quote;
}

const code = (s: string) => s.charCodeAt(0);
const QUOTE = code("'");
const DQUOTE = code('"');
const DOLLAR = code('$');
const DOT = code('.');
const DASH = code('-');
const SLASH = code('/');
const STAR = code('*');
const BACKSLASH = code('\\');

const isDigit = (c: number) => c >= 48 && c <= 57;
/** PostgreSQL identifier start: ASCII letter, underscore or any non-ASCII character. */
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

class Lexer {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly holeAt: Uint8Array,
    private readonly holesAreValues: boolean,
  ) {}

  next(): Token | undefined {
    this.skipTrivia();
    const { src, pos: start } = this;
    if (start >= src.length) return undefined;
    if (this.holeAt[start]) {
      if (!this.holesAreValues) return this.word(start);
      this.pos = start + 1;
      return { type: 'value', start, end: this.pos, dynamic: true, text: '' };
    }
    const c = src.charCodeAt(start);
    if (c === QUOTE) return this.quoted(start, start + 1, "'");
    if ((c === 69 || c === 101) && src.charCodeAt(start + 1) === QUOTE) return this.quoted(start, start + 2, 'E');
    if (c === DQUOTE) return this.quoted(start, start + 1, '"');
    if (c === DOLLAR) return this.dollar(start);
    if (isDigit(c) || (c === DOT && isDigit(src.charCodeAt(start + 1)))) return this.number(start);
    if (isIdentStart(c)) return this.word(start);
    this.pos = start + 1;
    return { type: 'op', start, end: this.pos, dynamic: false, text: src[start]! };
  }

  /** Skips whitespace, `-- line` comments and nested block comments (unterminated: to the end). */
  private skipTrivia(): void {
    const { src } = this;
    const n = src.length;
    let i = this.pos;
    while (i < n) {
      const c = src.charCodeAt(i);
      const c1 = src.charCodeAt(i + 1);
      if (isSpace(c)) {
        i++;
      } else if (c === DASH && c1 === DASH) {
        i += 2;
        while (i < n && src.charCodeAt(i) !== 10 && src.charCodeAt(i) !== 13) i++;
      } else if (c === SLASH && c1 === STAR) {
        let depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          const d = src.charCodeAt(i);
          const d1 = src.charCodeAt(i + 1);
          if (d === SLASH && d1 === STAR) {
            depth++;
            i += 2;
          } else if (d === STAR && d1 === SLASH) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else {
        break;
      }
    }
    this.pos = i;
  }

  /**
   * An unquoted word. With raw holes, identifier characters and holes that
   * touch form one token of type 'hole': `BEGIN${x}` could spell anything.
   */
  private word(start: number): Token {
    const { src, holeAt } = this;
    let i = start;
    let dynamic = false;
    for (; i < src.length; i++) {
      if (holeAt[i]) {
        if (this.holesAreValues) break;
        dynamic = true;
      } else if (!isIdentPart(src.charCodeAt(i))) {
        break;
      }
    }
    this.pos = i;
    return dynamic
      ? { type: 'hole', start, end: i, dynamic, text: '' }
      : { type: 'word', start, end: i, dynamic, text: src.slice(start, i).toLowerCase() };
  }

  /** '...' (quote doubling), E'...' (also backslash escapes) or "..." (quote doubling). */
  private quoted(start: number, bodyStart: number, style: "'" | 'E' | '"'): Token {
    const { src, holeAt } = this;
    const quote = style === '"' ? DQUOTE : QUOTE;
    let dynamic = false;
    let bodyEnd = -1;
    let i = bodyStart;
    while (i < src.length) {
      if (holeAt[i]) dynamic = true;
      const c = src.charCodeAt(i);
      if (c === quote) {
        if (src.charCodeAt(i + 1) !== quote) {
          bodyEnd = i;
          i++;
          break;
        }
        i += 2;
      } else if (c === BACKSLASH && style === 'E') {
        if (holeAt[i + 1]) dynamic = true;
        i += 2;
      } else {
        i++;
      }
    }
    this.pos = Math.min(i, src.length);
    return {
      type: style === '"' ? 'ident' : 'string',
      start,
      end: this.pos,
      dynamic,
      text: '',
      quote: { style, bodyStart, bodyEnd },
    };
  }

  /** `$1` parameter, `$$...$$` / `$tag$...$tag$` string, or a lone `$`. */
  private dollar(start: number): Token {
    const { src, holeAt } = this;
    const n = src.length;
    let i = start + 1;
    if (isDigit(src.charCodeAt(i))) {
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      this.pos = i;
      return { type: 'param', start, end: i, dynamic: false, text: src.slice(start, i) };
    }
    // Tag: identifier characters without '$', not starting with a digit (checked above).
    while (i < n && isIdentPart(src.charCodeAt(i)) && src.charCodeAt(i) !== DOLLAR) i++;
    if (src.charCodeAt(i) !== DOLLAR) {
      this.pos = start + 1;
      return { type: 'op', start, end: this.pos, dynamic: false, text: '$' };
    }
    const tagStart = start + 1;
    const tagLength = i - tagStart;
    const bodyStart = i + 1;
    // Find the closing `$tag$`. A failed comparison only reads tag characters,
    // which are never '$', so the scan resumes past them: linear overall.
    let bodyEnd = -1;
    for (let k = src.indexOf('$', bodyStart); k !== -1; k = src.indexOf('$', k + 1)) {
      let j = 0;
      while (j < tagLength && src.charCodeAt(k + 1 + j) === src.charCodeAt(tagStart + j)) j++;
      if (j === tagLength && src.charCodeAt(k + 1 + j) === DOLLAR) {
        bodyEnd = k;
        break;
      }
    }
    const end = bodyEnd < 0 ? n : bodyEnd + tagLength + 2;
    let dynamic = false;
    for (let j = bodyStart; j < end && !dynamic; j++) dynamic = holeAt[j] === 1;
    this.pos = end;
    return { type: 'string', start, end, dynamic, text: '', quote: { style: '$', bodyStart, bodyEnd } };
  }

  private number(start: number): Token {
    const { src } = this;
    let i = start;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (!isDigit(c) && !isIdentStart(c) && c !== DOT) break;
      i++;
    }
    this.pos = i;
    return { type: 'number', start, end: i, dynamic: false, text: src.slice(start, i) };
  }
}

/** The value of a constant string literal or quoted identifier; undefined when dynamic, unterminated or not decoded. */
function literalValue(src: string, t: Token): string | undefined {
  const q = t.quote;
  if (!q || t.dynamic || q.bodyEnd < 0) return undefined;
  const body = src.slice(q.bodyStart, q.bodyEnd);
  switch (q.style) {
    case '$':
      return body;
    case "'":
      return body.replaceAll("''", "'");
    case '"':
      return body.replaceAll('""', '"');
    case 'E':
      return decodeEscapeString(body);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** E'...' body; numeric escapes (octal, \x, \u, \U) are not decoded: undefined. */
function decodeEscapeString(body: string): string | undefined {
  let out = '';
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'") {
      out += body.slice(from, i + 1); // '' → '
      from = i + 2;
      i++;
    } else if (c === '\\') {
      const e = body[i + 1]!;
      if ((e >= '0' && e <= '7') || e === 'x' || e === 'u' || e === 'U') return undefined;
      out += body.slice(from, i) + (SIMPLE_ESCAPES[e] ?? e);
      from = i + 2;
      i++;
    }
  }
  return out + body.slice(from);
}

// ---------------------------------------------------------------------------
// Statement scanner

const isWord = (t: Token | undefined, word: string) => t?.type === 'word' && t.text === word;

/** Tokens kept for classification; every deciding keyword sits well within this. */
const HEAD_LIMIT = 32;
const KEYWORD_LIMIT = 80;

/**
 * Words that can be followed by `(` without being a function name: clause
 * keywords, operators and type names with modifiers (`numeric(10, 2)`).
 */
const NOT_FUNCTIONS = new Set([
  'all', 'analyze', 'and', 'any', 'array', 'as', 'between', 'bit', 'by', 'case', 'cast', 'char',
  'character', 'check', 'collate', 'conflict', 'decimal', 'default', 'distinct', 'else', 'end',
  'except', 'exists', 'explain', 'filter', 'float', 'for', 'from', 'group', 'having', 'ilike', 'in',
  'include', 'intersect', 'interval', 'into', 'is', 'join', 'key', 'lateral', 'like', 'limit', 'not',
  'numeric', 'offset', 'on', 'operator', 'or', 'over', 'overlaps', 'partition', 'primary', 'references',
  'returning', 'row', 'select', 'set', 'similar', 'some', 'table', 'then', 'time', 'timestamp', 'to',
  'union', 'unique', 'using', 'vacuum', 'values', 'varchar', 'varying', 'when', 'where', 'window',
  'with', 'within',
]);

/** Words after which `name (` names a relation, routine, type or prepared statement rather than calling it. */
const NAME_INTRODUCERS = new Set([
  'aggregate', 'as', 'copy', 'execute', 'exists', 'function', 'into', 'prepare', 'procedure',
  'references', 'table', 'type', 'using', 'view', 'with',
]);

/** An open call: its arguments are the tokens at bracket depth `depth`, split by commas. */
interface CallFrame {
  call: SqlFunctionCall;
  depth: number;
  /** current argument's extent; argStart < 0 while it has no token yet */
  argStart: number;
  argEnd: number;
  argDynamic: boolean;
  /** some token anywhere inside the call is dynamic */
  anyDynamic: boolean;
}

type Details = Pick<SqlStatement, 'kind' | 'setting' | 'name' | 'withHold' | 'onCommit' | 'temp'>;

/**
 * Consumes one statement's tokens as they come, keeping only the first
 * HEAD_LIMIT of them plus O(1) state per open function call.
 */
class StatementScanner {
  private readonly head: Token[] = [];
  private end: number;
  private keyword = '';
  private keywordOpen = true;
  /** ( and [ nesting */
  private depth = 0;
  /** BEGIN ... END nesting inside a CREATE FUNCTION/PROCEDURE body (BEGIN ATOMIC) */
  private blockDepth = 0;
  /** the last four tokens, most recent first */
  private p1: Token | undefined;
  private p2: Token | undefined;
  private p3: Token | undefined;
  private p4: Token | undefined;
  private readonly frames: CallFrame[] = [];
  private readonly calls: SqlFunctionCall[] = [];
  /** ON COMMIT tracking over top-level tokens until the first top-level AS */
  private onCommit: SqlStatement['onCommit'];
  private beforeAs = true;
  private top1: Token | undefined;
  private top2: Token | undefined;

  constructor(
    private readonly src: string,
    readonly start: number,
  ) {
    this.end = start;
  }

  /**
   * Whether a `;` here ends the statement. Like psql, semicolons inside
   * brackets or inside a BEGIN ATOMIC routine body do not.
   */
  get atTopLevel(): boolean {
    return this.depth === 0 && this.blockDepth === 0;
  }

  add(t: Token): void {
    if (this.head.length < HEAD_LIMIT) this.head.push(t);
    this.end = t.end;
    if (this.keywordOpen) this.extendKeyword(t);
    if (this.depth === 0) this.trackTopLevel(t);
    this.trackCalls(t);
    this.p4 = this.p3;
    this.p3 = this.p2;
    this.p2 = this.p1;
    this.p1 = t;
  }

  finish(partIndex: number, partOffset: number): SqlStatement {
    // Unterminated calls: their current arguments run to the end of the statement.
    for (const frame of this.frames) if (frame.argStart >= 0) frame.argEnd = this.end;
    while (this.frames.length > 0) this.closeFrame();
    const details = classify(new Head(this.src, this.head));
    // Object.assign onto a literal: much faster than spreading `details` first.
    const statement: SqlStatement = Object.assign(
      {
        kind: details.kind,
        keyword: details.kind === 'unknown' ? '' : this.keyword,
        start: this.start,
        end: this.end,
        partIndex,
        partOffset,
        functionCalls: this.calls,
      },
      details,
    );
    if (statement.kind === 'create-temp-table' && this.onCommit) statement.onCommit = this.onCommit;
    return statement;
  }

  private extendKeyword(t: Token): void {
    if (t.type !== 'word') {
      this.keywordOpen = false;
      return;
    }
    const word = this.src.slice(t.start, Math.min(t.end, t.start + KEYWORD_LIMIT)).toUpperCase();
    const next = this.keyword ? `${this.keyword} ${word}` : word;
    if (next.length > KEYWORD_LIMIT) this.keywordOpen = false;
    else this.keyword = next;
    if (word.length === KEYWORD_LIMIT) this.keywordOpen = false; // possibly truncated
  }

  private trackTopLevel(t: Token): void {
    if (t.type !== 'word') {
      this.shiftTop(t);
      return;
    }
    const w = t.text;
    if ((w === 'begin' || w === 'case' || w === 'end') && this.isRoutineDefinition()) {
      // psql's heuristic: CASE ... END only matters inside a BEGIN block.
      if (w === 'begin' || (w === 'case' && this.blockDepth > 0)) this.blockDepth++;
      else if (w === 'end' && this.blockDepth > 0) this.blockDepth--;
    }
    if (this.beforeAs) {
      if (w === 'as') this.beforeAs = false;
      else if (isWord(this.top2, 'on') && isWord(this.top1, 'commit')) {
        if (w === 'drop') this.onCommit = 'drop';
        else if (w === 'delete') this.onCommit = 'delete-rows';
        else if (w === 'preserve') this.onCommit = 'preserve-rows';
      }
    }
    this.shiftTop(t);
  }

  private shiftTop(t: Token): void {
    this.top2 = this.top1;
    this.top1 = t;
  }

  /** CREATE [OR REPLACE] FUNCTION|PROCEDURE */
  private isRoutineDefinition(): boolean {
    const h = new Head(this.src, this.head);
    if (h.word(0) !== 'create') return false;
    const i = h.word(1) === 'or' && h.word(2) === 'replace' ? 3 : 1;
    return h.word(i) === 'function' || h.word(i) === 'procedure';
  }

  private trackCalls(t: Token): void {
    const frame = this.frames.at(-1);
    if (t.type === 'op' && (t.text === '(' || t.text === '[')) {
      this.addToArgument(t);
      const call = t.text === '(' ? this.callBeforeParen() : undefined;
      if (call) {
        this.calls.push(call);
        this.frames.push({ call, depth: this.depth + 1, argStart: -1, argEnd: -1, argDynamic: false, anyDynamic: false });
      }
      this.depth++;
    } else if (t.type === 'op' && (t.text === ')' || t.text === ']')) {
      if (frame?.depth === this.depth) this.closeFrame();
      this.addToArgument(t);
      if (this.depth > 0) this.depth--;
    } else if (t.type === 'op' && t.text === ',' && frame?.depth === this.depth) {
      this.pushArgument(frame);
    } else {
      this.addToArgument(t);
    }
  }

  /** The call whose `(` is the current token, judged from the (at most four) tokens before it. */
  private callBeforeParen(): SqlFunctionCall | undefined {
    const name = this.nameOf(this.p1);
    if (name === undefined || (this.p1!.type === 'word' && NOT_FUNCTIONS.has(name))) return undefined;
    let schema: string | undefined;
    let before = this.p2;
    if (before?.type === 'op' && before.text === '.') {
      schema = this.nameOf(this.p3);
      if (schema === undefined) return undefined; // dynamic qualifier: not a call we can name
      before = this.p4;
    }
    if (before?.type === 'word' && NAME_INTRODUCERS.has(before.text)) return undefined;
    const start = this.p1!.start;
    return schema === undefined ? { name, args: [], start, argStarts: [] } : { name, schema, args: [], start, argStarts: [] };
  }

  private nameOf(t: Token | undefined): string | undefined {
    if (t?.type === 'word') return t.text;
    if (t?.type === 'ident') return literalValue(this.src, t);
    return undefined;
  }

  /** Every token belongs to the current argument of the innermost open call, if any. */
  private addToArgument(t: Token): void {
    const frame = this.frames.at(-1);
    if (!frame) return;
    if (frame.argStart < 0) frame.argStart = t.start;
    frame.argEnd = t.end;
    if (t.dynamic) frame.argDynamic = frame.anyDynamic = true;
  }

  private pushArgument(frame: CallFrame): void {
    const { argStart, argEnd, argDynamic } = frame;
    frame.call.args.push(argStart < 0 ? '' : argDynamic ? null : this.src.slice(argStart, argEnd));
    frame.call.argStarts.push(argStart);
    frame.argStart = -1;
    frame.argDynamic = false;
  }

  /** Ends the innermost call; a hole inside it makes the enclosing call's current argument dynamic. */
  private closeFrame(): void {
    const frame = this.frames.pop()!;
    if (frame.argStart >= 0 || frame.call.args.length > 0) this.pushArgument(frame);
    const parent = this.frames.at(-1);
    if (parent && frame.anyDynamic) parent.argDynamic = parent.anyDynamic = true;
  }
}

// ---------------------------------------------------------------------------
// Classification of a statement's leading tokens

/** A raw hole where a keyword could be. */
const DYNAMIC: unique symbol = Symbol('dynamic');

class Head {
  constructor(
    private readonly src: string,
    private readonly tokens: readonly Token[],
  ) {}

  get length(): number {
    return this.tokens.length;
  }

  /** Whether tokens beyond the kept ones may exist. */
  get truncated(): boolean {
    return this.tokens.length >= HEAD_LIMIT;
  }

  has(i: number): boolean {
    return i < this.tokens.length;
  }

  /** The lower-cased keyword at i, DYNAMIC for a raw hole, undefined for anything else. */
  word(i: number): string | typeof DYNAMIC | undefined {
    const t = this.tokens[i];
    if (t?.type === 'word') return t.text;
    return t?.type === 'hole' ? DYNAMIC : undefined;
  }

  isOp(i: number, op: string): boolean {
    const t = this.tokens[i];
    return t?.type === 'op' && t.text === op;
  }

  /** A constant identifier at i: unquoted (folded to lower case) or quoted. */
  name(i: number): string | undefined {
    const t = this.tokens[i];
    if (t?.type === 'word') return t.text;
    return t?.type === 'ident' ? literalValue(this.src, t) : undefined;
  }

  /** A constant string literal at i. */
  string(i: number): string | undefined {
    const t = this.tokens[i];
    return t?.type === 'string' ? literalValue(this.src, t) : undefined;
  }
}

const UNKNOWN: Details = { kind: 'unknown' };

/** Adds the optional detail only when known, so results compare cleanly. */
function withDetail<K extends 'name' | 'setting'>(details: Details, key: K, value: string | undefined): Details {
  return value === undefined ? details : { ...details, [key]: value };
}

function classify(h: Head): Details {
  const w0 = h.word(0);
  switch (w0) {
    case DYNAMIC:
      return UNKNOWN;
    case 'begin':
      return { kind: 'begin' };
    case 'start': {
      const w1 = h.word(1);
      if (w1 === DYNAMIC) return UNKNOWN;
      return { kind: w1 === 'transaction' ? 'begin' : 'other' };
    }
    case 'end':
      return { kind: 'commit' };
    case 'abort':
      return { kind: 'rollback' };
    case 'commit':
    case 'rollback':
      return classifyCommitRollback(h, w0);
    case 'savepoint':
      return withDetail({ kind: 'savepoint' }, 'name', h.name(1));
    case 'release':
      return withDetail({ kind: 'release-savepoint' }, 'name', savepointName(h, 1));
    case 'prepare': {
      const w1 = h.word(1);
      if (w1 === DYNAMIC) return UNKNOWN;
      // `PREPARE transaction AS ...` prepares a statement named "transaction".
      if (w1 === 'transaction' && !h.isOp(2, '(') && h.word(2) !== 'as') {
        return withDetail({ kind: 'prepare-transaction' }, 'name', h.string(2));
      }
      return withDetail({ kind: 'prepare' }, 'name', h.name(1));
    }
    case 'execute':
      return withDetail({ kind: 'execute' }, 'name', h.name(1));
    case 'deallocate': {
      const i = h.word(1) === 'prepare' && h.has(2) ? 2 : 1;
      return withDetail({ kind: 'deallocate' }, 'name', h.word(i) === 'all' ? undefined : h.name(i));
    }
    case 'set':
      return classifySet(h);
    case 'reset':
      return withDetail({ kind: 'reset' }, 'setting', settingName(h, 1));
    case 'listen':
    case 'notify':
      return withDetail({ kind: w0 }, 'name', h.name(1));
    case 'unlisten':
      return withDetail({ kind: 'unlisten' }, 'name', h.isOp(1, '*') ? '*' : h.name(1));
    case 'declare': {
      const details = withDetail({ kind: 'declare-cursor' }, 'name', h.name(1));
      const withHold = cursorWithHold(h);
      return withHold === undefined ? details : { ...details, withHold };
    }
    case 'create':
      return classifyCreate(h);
    case 'load':
      return { kind: 'load' };
    case 'discard': {
      const w1 = h.word(1);
      return withDetail({ kind: 'discard' }, 'setting', typeof w1 === 'string' ? w1 : undefined);
    }
    default:
      return { kind: 'other' };
  }
}

function classifyCommitRollback(h: Head, verb: 'commit' | 'rollback'): Details {
  const w1 = h.word(1);
  if (w1 === DYNAMIC) return UNKNOWN; // could be PREPARED (or TO)
  if (w1 === 'prepared') {
    return withDetail({ kind: verb === 'commit' ? 'commit-prepared' : 'rollback-prepared' }, 'name', h.string(2));
  }
  if (verb === 'commit') return { kind: 'commit' };
  // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name
  const i = w1 === 'work' || w1 === 'transaction' ? 2 : 1;
  const w = h.word(i);
  if (w === DYNAMIC) return UNKNOWN;
  if (w !== 'to') return { kind: 'rollback' };
  return withDetail({ kind: 'rollback-to-savepoint' }, 'name', savepointName(h, i + 1));
}

/** [SAVEPOINT] name at i. */
function savepointName(h: Head, i: number): string | undefined {
  return h.name(h.word(i) === 'savepoint' && h.has(i + 1) ? i + 1 : i);
}

function classifySet(h: Head): Details {
  let w = h.word(1);
  if (w === DYNAMIC) return UNKNOWN; // could be LOCAL, SESSION, TRANSACTION, ...
  let i = 1;
  let local = false;
  if (w === 'local' || w === 'session') {
    local = w === 'local';
    const w2 = h.word(2);
    if (w === 'session' && w2 === 'authorization') return { kind: 'set', setting: 'session authorization' };
    if (w === 'session' && w2 === 'characteristics') return { kind: 'set', setting: 'session characteristics' };
    i = 2;
    w = w2;
    if (w === DYNAMIC) {
      // Everything after SET LOCAL is transaction-scoped. After SET SESSION the
      // hole could be TRANSACTION ..., unless `=` / TO shows it is a parameter.
      if (local || h.isOp(3, '=') || h.word(3) === 'to') return { kind: local ? 'set-local' : 'set' };
      return UNKNOWN;
    }
  }
  if (local) return withDetail({ kind: 'set-local' }, 'setting', settingName(h, i));
  if (w === 'transaction') return { kind: 'set-transaction', setting: 'transaction' };
  if (w === 'constraints') return { kind: 'set-transaction', setting: 'constraints' };
  return withDetail({ kind: 'set' }, 'setting', settingName(h, i));
}

/** Multi-word parameter names of SET / RESET. */
const TWO_WORD_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['time', 'zone'],
  ['session', 'authorization'],
  ['xml', 'option'],
]);

/** The (possibly dotted) parameter name at i, lower-cased; undefined when dynamic. */
function settingName(h: Head, i: number): string | undefined {
  const first = h.name(i);
  if (first === undefined) return undefined;
  const second = TWO_WORD_SETTINGS.get(first);
  if (second !== undefined && h.word(i) === first && h.word(i + 1) === second) return `${first} ${second}`;
  let name = first;
  for (let j = i + 1; h.isOp(j, '.'); j += 2) {
    const part = h.name(j + 1);
    if (part === undefined) return undefined;
    name += `.${part}`;
  }
  return name.toLowerCase(); // parameter names are case-insensitive, even quoted
}

/** DECLARE name [options] CURSOR [WITH|WITHOUT HOLD] FOR ...; undefined when options are dynamic. */
function cursorWithHold(h: Head): boolean | undefined {
  for (let i = 2; i < h.length; i++) {
    const w = h.word(i);
    if (w === DYNAMIC) return undefined;
    if (w === 'for') return false;
    if ((w === 'with' || w === 'without') && h.word(i + 1) === 'hold') return w === 'with';
  }
  return h.truncated ? undefined : false;
}

/** CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY ... */
function classifyCreate(h: Head): Details {
  let i = 1;
  if (h.word(1) === 'or') {
    if (h.word(2) === DYNAMIC) return UNKNOWN;
    i = 3; // OR REPLACE
  }
  let w = h.word(i);
  if (w === 'global' || w === 'local') w = h.word(++i);
  if (w === DYNAMIC) return UNKNOWN;
  if (w !== 'temp' && w !== 'temporary') return { kind: 'other' };
  const object = h.word(i + 1);
  if (object === DYNAMIC) return UNKNOWN;
  return { kind: object === 'table' ? 'create-temp-table' : 'other', temp: true };
}
