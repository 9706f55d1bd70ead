// libpg-query reports every location as a UTF-8 byte offset into the text it parsed, while JavaScript
// strings index UTF-16 code units. SqlSource owns that conversion and the slicing of expression text.
import { type LexOptions, skipOpaque, skipTrivia } from './sql-lexing.js';

const PG_LEX: LexOptions = { mysql: false };
const MAX_EXPRESSION_CHARS = 200;

export class SqlSource {
  private byteToChar: Int32Array | undefined;
  private lineStarts: number[] | undefined;

  /** `firstLine` is the file line of `text[0]`, so a statement parsed on its own still reports file lines. */
  constructor(
    readonly text: string,
    private readonly firstLine = 1,
  ) {
    // Pure ASCII (the usual migration) needs no table: bytes and characters coincide.
    if (Buffer.byteLength(text, 'utf8') !== text.length) this.byteToChar = buildByteToChar(text);
  }

  charIndex(byteOffset: number): number {
    const table = this.byteToChar;
    if (!table) return Math.min(byteOffset, this.text.length);
    return table[Math.min(Math.max(byteOffset, 0), table.length - 1)] ?? this.text.length;
  }

  /** File line of the first keyword at or after a statement's byte offset (leading comments skipped). */
  statementLine(byteOffset: number): number {
    return this.lineOf(skipTrivia(this.text, this.charIndex(byteOffset), PG_LEX));
  }

  lineOf(charIndex: number): number {
    this.lineStarts ??= computeLineStarts(this.text);
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= charIndex) low = mid;
      else high = mid - 1;
    }
    return this.firstLine + low;
  }

  /**
   * The SQL text of an expression node, shortened. The parser only records where tokens start, so the
   * text runs from the earliest location in the subtree to where the expression visibly ends: an unmatched
   * `)`, a top-level `,` or `;`, or `boundByte` (the next clause's location, e.g. the next column
   * constraint, since `DEFAULT 0 NOT NULL` has no punctuation between the two).
   */
  expressionText(node: unknown, boundByte?: number): string | undefined {
    const range = { min: Number.POSITIVE_INFINITY, max: -1 };
    collectLocations(node, range);
    if (range.max < 0) return undefined;
    const text = this.text;
    const lo = this.charIndex(range.min);
    const hi = this.charIndex(range.max);
    const limit = boundByte === undefined ? text.length : this.charIndex(boundByte);
    let depth = 0;
    let lowest = 0;
    for (let i = lo; i < hi; ) {
      const skipped = skipOpaque(text, i, PG_LEX);
      if (skipped > i) {
        i = skipped;
        continue;
      }
      const c = text[i++];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') lowest = Math.min(lowest, --depth);
    }
    // Parentheses are not nodes, so `(a) + b` starts before its first location: take back the opener.
    let start = lo;
    for (let open = -lowest; open > 0; open--) {
      let j = start - 1;
      while (j >= 0 && /\s/.test(text[j] ?? '')) j--;
      if (text[j] !== '(' && text[j] !== '[') break;
      start = j;
      depth++;
    }
    let end = hi;
    while (end < limit) {
      const skipped = skipOpaque(text, end, PG_LEX);
      if (skipped > end) {
        end = skipped;
        continue;
      }
      const c = text[end];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') {
        if (depth <= 0) break;
        depth--;
      } else if ((c === ',' || c === ';') && depth <= 0) break;
      end++;
    }
    return shortenSql(text.slice(start, Math.min(end, limit)));
  }
}

/** Collapses whitespace and caps the length: the text is for people and rule messages, not execution. */
export function shortenSql(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXPRESSION_CHARS ? `${flat.slice(0, MAX_EXPRESSION_CHARS - 1)}…` : flat;
}

function collectLocations(node: unknown, range: { min: number; max: number }): void {
  if (Array.isArray(node)) {
    for (const item of node) collectLocations(item, range);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'location' && typeof value === 'number') {
      if (value >= 0) {
        range.min = Math.min(range.min, value);
        range.max = Math.max(range.max, value);
      }
    } else collectLocations(value, range);
  }
}

function buildByteToChar(text: string): Int32Array {
  const table = new Int32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const following = text.charCodeAt(i + 1);
    const isPair = code >= 0xd800 && code <= 0xdbff && following >= 0xdc00 && following <= 0xdfff;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : isPair ? 4 : 3;
    table.fill(i, byte, byte + width);
    byte += width;
    if (isPair) i++;
  }
  table[byte] = text.length;
  return table;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
