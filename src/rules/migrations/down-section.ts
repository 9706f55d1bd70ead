// Whether a migration file carries a rollback, for the tools that keep one: golang-migrate and Diesel (a
// `.down.sql` / `down.sql` beside the file), dbmate, goose and sql-migrate (a down section in the file), and
// the JavaScript tools (knex, Sequelize, TypeORM, node-pg-migrate, Kysely …: a `down` function).

/** What a file says about its rollback; `unknown` when its tool has none or cannot be told. */
export type DownState = 'present' | 'missing' | 'empty' | 'unknown';

const SECTION_MARKERS: readonly [up: RegExp, down: RegExp][] = [
  [/^--\s*migrate:up\b/im, /^--\s*migrate:down\b/im],
  [/^--\s*\+goose\s+up\b/im, /^--\s*\+goose\s+down\b/im],
  [/^--\s*\+migrate\s+up\b/im, /^--\s*\+migrate\s+down\b/im],
];

/** A SQL migration's rollback: a sibling down file, or the down section of a single-file tool. */
export function sqlDownState(file: string, text: string, exists: (path: string) => boolean): DownState {
  if (file.endsWith('.up.sql'))
    return exists(`${file.slice(0, -'.up.sql'.length)}.down.sql`) ? 'present' : 'missing';
  if (file.endsWith('/up.sql'))
    return exists(`${file.slice(0, -'up.sql'.length)}down.sql`) ? 'present' : 'missing';
  for (const [up, down] of SECTION_MARKERS) {
    if (!up.test(text)) continue;
    const at = text.search(down);
    if (at < 0) return 'missing';
    const body = text.slice(at).split('\n').slice(1).join('\n');
    return hasStatement(stripSqlComments(body)) ? 'present' : 'empty';
  }
  return 'unknown';
}

function stripSqlComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//g, '');
}

function hasStatement(sql: string): boolean {
  return /[^\s;]/.test(sql);
}

// Where a JavaScript migration defines its steps: `exports.down =`, `export async function down(`,
// `export const down =`, a `down(…) {` / `async down(…) {` method, `down: async (…) => {`.
const UP =
  /\b(?:exports\.up\s*=|function\s+up\s*\(|const\s+up\s*=|up\s*:\s*(?:async\s*)?(?:function\b|\()|(?:async\s+)?up\s*\([^)]{0,200}\)\s*(?::\s*[\w<>\s]{0,60})?\{)/;
const DOWN =
  /\b(?:exports\.down\s*=|function\s+down\s*\(|const\s+down\s*=|down\s*:\s*(?:async\s*)?(?:function\b|\()|(?:async\s+)?down\s*\([^)]{0,200}\)\s*(?::\s*[\w<>\s]{0,60})?\{)/;

/** A JavaScript/TypeScript migration's `down`: absent, empty (only comments or a bare return) or present. */
export function scriptDownState(text: string): DownState {
  if (!UP.test(text)) return 'unknown';
  const match = DOWN.exec(text);
  if (!match) return 'missing';
  const open = text.indexOf('{', match.index + match[0].length - 1);
  // An arrow with an expression body (`down = () => knex.schema.dropTable('x')`) does something.
  if (open < 0 || /=>\s*[^\s{]/.test(text.slice(match.index, open))) return 'present';
  const body = blockBody(text, open);
  if (body === undefined) return 'present';
  const code = body
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//g, '')
    .trim();
  return code === '' || /^return(?:\s+Promise\.resolve\(\s*\))?\s*;?$/.test(code) ? 'empty' : 'present';
}

/** The text between the brace at `open` and its match; strings are skipped so braces in them do not count. */
function blockBody(text: string, open: number): string | undefined {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/** An Alembic revision's `downgrade()`: absent, only `pass` (with comments or a docstring), or real. */
export function alembicDownState(text: string): DownState {
  const start = /^def downgrade\([^)\n]{0,200}\)[^:\n]{0,80}:[ \t]*\n/m.exec(text);
  if (!start) return 'missing';
  const body: string[] = [];
  for (const line of text.slice(start.index + start[0].length).split('\n')) {
    if (line.trim() !== '' && !/^[ \t]/.test(line)) break;
    body.push(line);
  }
  const code = body
    .join('\n')
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, '')
    .replace(/#[^\n]*/g, '')
    .replace(/\bpass\b/g, '')
    .trim();
  return code === '' ? 'empty' : 'present';
}
