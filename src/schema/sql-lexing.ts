// Quote- and comment-aware scanning shared by the statement splitter, the expression slicer and the
// tolerant tokenizer. Every loop here only moves forward and closing delimiters are found with indexOf,
// so hostile input costs linear time.

export interface LexOptions {
  /** MySQL habits: backslash escapes inside '…' and `#` line comments. */
  mysql: boolean;
}

const isWordChar = (c: string | undefined): boolean =>
  c !== undefined &&
  ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * If a string, quoted identifier, dollar-quoted body or comment starts at `i`, returns the index just past
 * it (the end of the text when unterminated); otherwise returns `i`.
 */
export function skipOpaque(text: string, i: number, options: LexOptions): number {
  const c = text[i];
  const next = text[i + 1];
  if (c === '-' && next === '-') return lineEnd(text, i);
  if (c === '/' && next === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (c === '#' && options.mysql && startsLine(text, i)) return lineEnd(text, i);
  if (c === "'") {
    // E'…' is PostgreSQL's escape-string syntax; MySQL always honours backslashes.
    const escapes =
      options.mysql || ((text[i - 1] === 'E' || text[i - 1] === 'e') && !isWordChar(text[i - 2]));
    return skipQuoted(text, i, "'", escapes);
  }
  if (c === '"' || c === '`') return skipQuoted(text, i, c, false);
  if (c === '$' && !isWordChar(text[i - 1])) return skipDollarQuoted(text, i);
  return i;
}

function skipQuoted(text: string, i: number, quote: string, backslashEscapes: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslashEscapes && c === '\\') j += 2;
    else if (c === quote) {
      if (text[j + 1] !== quote) return j + 1;
      j += 2;
    } else j++;
  }
  return text.length;
}

// $tag$ … $tag$ where tag is empty or an identifier; `$1` is a parameter, not a quote.
function skipDollarQuoted(text: string, i: number): number {
  let j = i + 1;
  const first = text[j];
  if (first !== '$' && (!isWordChar(first) || (first !== undefined && first >= '0' && first <= '9')))
    return i;
  while (isWordChar(text[j])) j++;
  if (text[j] !== '$') return i;
  const tag = text.slice(i, j + 1);
  const end = text.indexOf(tag, j + 1);
  return end < 0 ? text.length : end + tag.length;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

function startsLine(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || text[j] === '\n';
}

/** Skips whitespace and comments from `i`. */
export function skipTrivia(text: string, i: number, options: LexOptions): number {
  let j = i;
  for (;;) {
    while (isSpace(text[j])) j++;
    const c = text[j];
    const isComment =
      (c === '-' && text[j + 1] === '-') ||
      (c === '/' && text[j + 1] === '*') ||
      (c === '#' && options.mysql && startsLine(text, j));
    if (!isComment) return j;
    j = skipOpaque(text, j, options);
  }
}

export interface SqlStatementText {
  text: string;
  /** Character offset of the statement in the file. */
  start: number;
  /** 1-based line of the statement's first character. */
  line: number;
}

/**
 * Splits a script into statements at `;` (or the delimiter a MySQL `DELIMITER //` line sets), keeping
 * strings, quoted identifiers, dollar-quoted bodies and comments whole. Leading comments are not part of
 * a statement, so `line` points at its first keyword.
 */
export function splitStatements(text: string, options: LexOptions): SqlStatementText[] {
  const statements: SqlStatementText[] = [];
  let delimiter = ';';
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  let i = skipTrivia(text, 0, options);
  while (i < text.length) {
    const start = i;
    if (/^delimiter[ \t]/i.test(text.slice(i, i + 10))) {
      const end = lineEnd(text, i);
      delimiter = text.slice(i + 10, end).trim() || ';';
      i = skipTrivia(text, end, options);
      continue;
    }
    let end = text.length;
    while (i < text.length) {
      if (text.startsWith(delimiter, i)) {
        end = i;
        i += delimiter.length;
        break;
      }
      const skipped = skipOpaque(text, i, options);
      i = skipped > i ? skipped : i + 1;
    }
    const body = text.slice(start, end).trimEnd();
    if (body.length > 0) statements.push({ text: body, start, line: lineAt(start) });
    i = skipTrivia(text, i, options);
  }
  return statements;
}
