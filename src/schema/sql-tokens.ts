// A small tokenizer and cursor for the tolerant reader. Hand-written on purpose: statements come from
// untrusted repositories, and a regex with nested quantifiers could backtrack for minutes on one line.
import { type LexOptions, skipOpaque, skipTrivia } from './sql-lexing.js';

export interface SqlToken {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Words lower-cased; quoted identifiers and strings without their quotes, case kept. */
  value: string;
  start: number;
  end: number;
}

const isWordStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isWordPart = (c: string): boolean => isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function tokenize(text: string, options: LexOptions): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = skipTrivia(text, 0, options);
  while (i < text.length) {
    const start = i;
    const c = text[i] as string;
    if (c === '[' && isWordStart(text[i + 1] ?? '')) {
      // SQLite and SQL Server quote identifiers with brackets; `text[]` and `a[1]` stay punctuation.
      const close = text.indexOf(']', i + 1);
      i = close < 0 ? text.length : close + 1;
      tokens.push({ kind: 'quoted', value: text.slice(start + 1, close < 0 ? i : close), start, end: i });
    } else if (c === "'" || c === '"' || c === '`') {
      i = skipOpaque(text, i, options);
      const inner = text.slice(start + 1, text[i - 1] === c && i - start > 1 ? i - 1 : i);
      const value = inner.replaceAll(c + c, c);
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', value, start, end: i });
    } else if (isWordStart(c)) {
      while (i < text.length && isWordPart(text[i] as string)) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i).toLowerCase(), start, end: i });
    } else if (isDigit(c)) {
      while (i < text.length && (isDigit(text[i] as string) || text[i] === '.')) i++;
      tokens.push({ kind: 'number', value: text.slice(start, i), start, end: i });
    } else {
      i++;
      tokens.push({ kind: 'punct', value: c, start, end: i });
    }
    i = skipTrivia(text, i, options);
  }
  return tokens;
}

/** Forward-only reading over a token list; every method consumes at most what it matched. */
export class TokenCursor {
  private index = 0;

  constructor(
    readonly tokens: readonly SqlToken[],
    readonly text: string,
  ) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.index + offset];
  }

  next(): SqlToken | undefined {
    return this.tokens[this.index++];
  }

  /** The lower-cased word at the cursor, if it is a bare word. */
  word(offset = 0): string | undefined {
    const token = this.peek(offset);
    return token?.kind === 'word' ? token.value : undefined;
  }

  /** Consumes the words in order when all of them are next; otherwise consumes nothing. */
  accept(...words: string[]): boolean {
    if (!words.every((w, k) => this.word(k) === w)) return false;
    this.index += words.length;
    return true;
  }

  /** Whether the token `offset` ahead is the punctuation `value` (a string '(' is not). */
  isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'punct' && token.value === value;
  }

  acceptPunct(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.index++;
    return true;
  }

  /** A bare or quoted identifier. Bare ones are lower-cased, as PostgreSQL folds them. */
  identifier(): string | undefined {
    const token = this.peek();
    if (token?.kind !== 'word' && token?.kind !== 'quoted') return undefined;
    this.index++;
    return token.value;
  }

  /** `a`, `a.b` → [a] or [a, b]; [] when no identifier is next. */
  qualifiedName(): string[] {
    const parts: string[] = [];
    for (
      let part = this.identifier();
      part !== undefined;
      part = this.acceptPunct('.') ? this.identifier() : undefined
    )
      parts.push(part);
    return parts;
  }

  /** When at `(`, consumes through the matching `)` and returns the tokens inside; undefined if not at `(` or unclosed. */
  group(): SqlToken[] | undefined {
    if (!this.isPunct('(')) return undefined;
    const from = ++this.index;
    for (let depth = 1; this.index < this.tokens.length; this.index++) {
      const token = this.tokens[this.index] as SqlToken;
      if (token.kind !== 'punct') continue;
      if (token.value === '(') depth++;
      else if (token.value === ')' && --depth === 0) return this.tokens.slice(from, this.index++);
    }
    return undefined;
  }

  /** The source text from token `from` through the token before the cursor. */
  textSince(from: SqlToken): string {
    const last = this.tokens[this.index - 1];
    return last ? this.text.slice(from.start, last.end) : '';
  }
}

/** Splits tokens at top-level commas: the elements of a column list or an ALTER TABLE action list. */
export function splitAtCommas(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct') {
      if (token.value === '(') depth++;
      else if (token.value === ')') depth--;
      else if (token.value === ',' && depth === 0) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1]?.push(token);
  }
  return parts.filter((part) => part.length > 0);
}
