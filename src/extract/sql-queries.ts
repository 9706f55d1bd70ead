/**
 * SQL written in code: `pool.query('SELECT …', [id])`, `sql\`UPDATE users SET name = ${name}\`` (postgres.js,
 * @vercel/postgres, Neon, Drizzle's `sql`), `prisma.$queryRaw\`…\``, `knex.raw('…')`, better-sqlite3's
 * `db.prepare('…')`. The text is read with PostgreSQL's own parser; `${…}` and `?` are parameters. Text that
 * does not parse (a table name from a variable, another dialect) is counted unresolved, never guessed.
 */
import { type Node, dottedName, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import type { FileFacts, QueryFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { readSqlUsage, type SqlUsage } from '../schema/sql-usage.js';

/** Functions and methods that take SQL text first. */
const SQL_CALLS = new Set([
  'query',
  'execute',
  'raw',
  'prepare',
  'exec',
  'unsafe',
  '$queryRaw',
  '$executeRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'sql',
]);
/** Tags that mark SQL templates. */
const SQL_TAGS = new Set(['sql', 'SQL', '$queryRaw', '$executeRaw', 'raw', 'query', 'unsafe']);
const DML = /^(?:select|insert|update|delete|with)\b/i;
const SQL_STRING = /['"`]\s*(?:select|insert|update|delete|with)\s/i;
const MAX_SQL = 64 * 1024;
const SQL_PUNCTUATION = /[*,=(]|\$\d|\{\{/;

export const sqlQueries: Extractor = {
  name: 'sql-queries',
  detect: () => true,
  needs: 'sql-parser',
  // A string or template that starts with a DML keyword: `'SELECT …`, `` sql`\n  UPDATE … ``. Words like
  // "select" and "from" alone are in every React file (`import … from`, `<select>`).
  prefilter: (text) => SQL_STRING.test(text),
  extract(file, facts) {
    for (const call of file.calls) {
      const name = dottedName(call.callee)?.split('.').pop();
      const first = (call.arguments as Node[])[0];
      if (name && SQL_CALLS.has(name)) {
        const sql = sqlText(file, first);
        if (sql) read(file, facts, call, sql, true);
        continue;
      }
      // A project's own wrapper (`rawQuery(\`select … from visit\`)`): SQL written in place, read when it
      // parses; text that does not parse is not counted, since the callee may not run SQL at all.
      const literal = unwrap(first);
      if (literal?.type === 'Literal' || literal?.type === 'TemplateLiteral') {
        const sql = sqlText(file, literal);
        // "Select all items from the cart" parses as SQL too: prose has no operators, lists or parameters.
        if (sql && SQL_PUNCTUATION.test(sql.text)) read(file, facts, call, sql, false);
      }
    }
    for (const tagged of file.taggedTemplates) {
      const tag = dottedName(tagged.tag)?.split('.').pop();
      if (!tag || !SQL_TAGS.has(tag)) continue;
      read(file, facts, tagged, templateText(tagged.quasi), true);
    }
  },
};

/** SQL text as written, and whether template holes (`${x}`) were filled with parameters to read it. */
interface SqlText {
  text: string;
  holes: boolean;
}

function read(file: ParsedFile, facts: FileFacts, at: Node, { text, holes }: SqlText, known: boolean): void {
  if (!DML.test(skipComments(text)) || text.length > MAX_SQL) return;
  const usage = readSqlUsage(asPostgres(text));
  const position = file.position(at);
  if (!usage) {
    // A template with holes that does not parse has a name filled in at run time (`FROM ${table}`): a query
    // we know is there and cannot read, counted by the linker. Plain text that does not parse is not
    // PostgreSQL — a UI string that starts like SQL, or another dialect — and is left alone.
    if (!known || !holes) return;
    facts.queries.push({
      client: 'sql',
      op: 'unknown',
      table: { k: 'dyn' },
      target: 'table',
      columns: [],
      ...position,
    });
    return;
  }
  for (const use of usage) facts.queries.push(sqlQueryFact(use, position));
}

/** One table a SQL statement uses, as a query; a table outside `public` keeps its schema (`auth.users`). */
export function sqlQueryFact(use: SqlUsage, at: { line: number; column: number }): QueryFact {
  return {
    client: 'sql',
    op: use.op,
    table: { k: 'str', v: use.schema === 'public' ? use.table : `${use.schema}.${use.table}` },
    target: 'table',
    columns: use.columns,
    ...(use.star ? { open: true } : {}),
    line: at.line,
    column: at.column,
  };
}

/** A string literal, a template (holes become parameters) or a local constant holding one. */
function sqlText(file: ParsedFile, node: Node | undefined): SqlText | undefined {
  let value = unwrap(node);
  if (value?.type === 'Identifier')
    value = unwrap(file.localInit(value.name, value) ?? file.topLevel.get(value.name));
  if (value?.type === 'Literal' && typeof value.value === 'string')
    return { text: value.value, holes: false };
  if (value?.type === 'TemplateLiteral') return templateText(value);
  return undefined;
}

function templateText(template: Node): SqlText {
  const quasis = template.quasis as Node[];
  const text = quasis
    .map((q, i) => (i === 0 ? '' : `$${i}`) + (q.value?.cooked ?? q.value?.raw ?? ''))
    .join('');
  return { text, holes: quasis.length > 1 };
}

/**
 * Habits PostgreSQL's parser rejects: `?` placeholders and backtick quotes (MySQL, SQLite), and `{{name}}`
 * template parameters (query helpers of the app's own). Each placeholder becomes a numbered parameter.
 */
function asPostgres(text: string): string {
  let n = 1000;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      out += quote === undefined && char === '`' ? '"' : char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '`') {
      quote = '`';
      out += '"';
    } else if (char === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close < 0) {
        out += char;
        continue;
      }
      out += `$${n++}`;
      i = close + 1;
    } else out += char === '?' ? `$${n++}` : char;
  }
  return out;
}

/** Leading blanks and comments, without regular expressions that could backtrack on hostile text. */
function skipComments(text: string): string {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
    if (text.startsWith('--', at)) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? text.length : end + 2;
    } else return text.slice(at);
  }
}
