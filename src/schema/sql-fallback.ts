// The tolerant reader for statements PostgreSQL's parser rejects: mostly MySQL and SQLite DDL (backticks,
// AUTO_INCREMENT, ENGINE=…, MODIFY/CHANGE). It recognises the common table-shaping statements and nothing
// more; anything else is reported by the caller as unparsed.
import { formatColumnType } from './column-type.js';
import { qualifiedName } from './pg-nodes.js';
import type { ColumnSpec, SchemaOp } from './schema-op.js';
import type { LexOptions } from './sql-lexing.js';
import { splitAtCommas, type SqlToken, TokenCursor, tokenize } from './sql-tokens.js';

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

// Statements that never shape the schema: skipped silently in any dialect, parsed or not.
const IRRELEVANT =
  words(`insert replace update delete select with values set lock unlock use start begin commit
  rollback savepoint release pragma grant revoke comment analyze optimize vacuum truncate call show explain flush
  reset checkpoint`);
const TABLE_CONSTRAINTS = words(
  'constraint primary unique key index foreign check fulltext spatial exclude period',
);
// Words that end a column's type and start its constraints.
const COLUMN_CLAUSES = words(`not null primary unique default auto_increment autoincrement references check
  constraint collate comment generated as on identity key charset`);
const MYSQL_ATTRIBUTES = words('unsigned signed zerofill binary');
// MySQL's integer display width (`int(11)`) is not a size; dropping it lets `int(11)` equal `integer`.
const INTEGER_TYPES = words('int integer bigint smallint tinyint mediumint');

/** Ops for one statement, `[]` for statements that do not shape the schema, undefined when not understood. */
export function readFallbackStatement(
  text: string,
  line: number,
  options: LexOptions,
): SchemaOp[] | undefined {
  const cursor = new TokenCursor(tokenize(text, options), text);
  const verb = cursor.word();
  if (verb === undefined) return undefined;
  if (IRRELEVANT.has(verb)) return [];
  cursor.next();
  if (verb === 'create') return createOps(cursor, line);
  if (verb === 'alter') return alterOps(cursor, line);
  if (verb === 'drop') return dropOps(cursor, line);
  if (verb === 'rename' && cursor.accept('table')) return renameTablesOps(cursor, line);
  return undefined;
}

function createOps(cursor: TokenCursor, line: number): SchemaOp[] | undefined {
  cursor.accept('or', 'replace');
  const unique = cursor.accept('unique');
  if (cursor.accept('index')) return createIndexOps(cursor, line, unique);
  cursor.accept('temporary') || cursor.accept('temp');
  if (!cursor.accept('table')) return undefined;
  const ifNotExists = cursor.accept('if', 'not', 'exists');
  const table = qualifiedName(cursor.qualifiedName());
  const body = cursor.group();
  if (!table || !body) return undefined;
  const columns: ColumnSpec[] = [];
  const primaryKey = new Set<string>();
  for (const element of splitAtCommas(body)) {
    const elementCursor = new TokenCursor(element, cursor.text);
    if (TABLE_CONSTRAINTS.has(elementCursor.word() ?? '')) {
      for (const key of primaryKeyColumns(elementCursor)) primaryKey.add(key);
      continue;
    }
    const column = columnSpec(elementCursor);
    if (column) columns.push(column);
  }
  for (const column of columns) if (primaryKey.has(column.name)) column.nullable = false;
  return [{ kind: 'createTable', line, ...table, columns, ifNotExists }];
}

function createIndexOps(cursor: TokenCursor, line: number, unique: boolean): SchemaOp[] | undefined {
  const concurrently = cursor.accept('concurrently');
  const ifNotExists = cursor.accept('if', 'not', 'exists');
  const name = cursor.word() === 'on' ? undefined : cursor.identifier();
  if (!cursor.accept('on')) return undefined;
  const table = qualifiedName(cursor.qualifiedName());
  if (cursor.accept('using')) cursor.identifier();
  const elements = cursor.group();
  if (!table || !elements) return undefined;
  const columns = splitAtCommas(elements).map((element) => {
    const only = element[0];
    return element.length === 1 && only && only.kind !== 'string'
      ? only.value
      : tokenText(cursor.text, element);
  });
  const named = name === undefined ? {} : { name };
  return [
    {
      kind: 'createIndex',
      line,
      schema: table.schema,
      table: table.name,
      ...named,
      columns,
      unique,
      concurrently,
      ifNotExists,
    },
  ];
}

function alterOps(cursor: TokenCursor, line: number): SchemaOp[] | undefined {
  cursor.accept('online') || cursor.accept('ignore');
  if (!cursor.accept('table')) return undefined;
  const tableIfExists = cursor.accept('if', 'exists');
  cursor.accept('only');
  const table = qualifiedName(cursor.qualifiedName());
  if (!table) return undefined;
  const target = {
    line,
    schema: table.schema,
    table: table.name,
    ...(tableIfExists ? { tableIfExists } : {}),
  };
  const rest: SqlToken[] = [];
  while (!cursor.done) rest.push(cursor.next() as SqlToken);
  const ops: SchemaOp[] = [];
  for (const action of splitAtCommas(rest)) {
    const op = new TokenCursor(action, cursor.text);
    if (op.accept('add')) {
      if (TABLE_CONSTRAINTS.has(op.word() ?? '')) {
        for (const column of primaryKeyColumns(op)) ops.push({ kind: 'setNotNull', ...target, column });
        continue;
      }
      op.accept('column');
      const ifNotExists = op.accept('if', 'not', 'exists');
      const column = columnSpec(op);
      if (column) ops.push({ kind: 'addColumn', ...target, column, ifNotExists });
    } else if (op.accept('drop')) {
      if (TABLE_CONSTRAINTS.has(op.word() ?? '')) continue;
      op.accept('column');
      const ifExists = op.accept('if', 'exists');
      const column = op.identifier();
      if (column !== undefined) ops.push({ kind: 'dropColumn', ...target, column, ifExists });
    } else if (op.accept('rename')) {
      if (op.accept('to') || op.accept('as') || op.peek(1) === undefined) {
        const to = op.identifier();
        if (to !== undefined)
          ops.push({
            kind: 'renameTable',
            line,
            schema: table.schema,
            name: table.name,
            to,
            ifExists: tableIfExists,
          });
        continue;
      }
      if (op.word() === 'index' || op.word() === 'key' || op.word() === 'constraint') continue;
      op.accept('column');
      const from = op.identifier();
      const to = op.accept('to') ? op.identifier() : undefined;
      if (from !== undefined && to !== undefined) ops.push({ kind: 'renameColumn', ...target, from, to });
    } else if (op.accept('modify') || op.accept('change')) {
      // MODIFY redefines a column in place; CHANGE also renames it. Both restate type and nullability.
      const renames = action[0]?.value === 'change';
      op.accept('column');
      const from = renames ? op.identifier() : undefined;
      const column = columnSpec(op);
      if (!column) continue;
      if (from !== undefined && from !== column.name)
        ops.push({ kind: 'renameColumn', ...target, from, to: column.name });
      ops.push({ kind: 'alterColumnType', ...target, column: column.name, type: column.type });
      ops.push({ kind: column.nullable ? 'dropNotNull' : 'setNotNull', ...target, column: column.name });
    } else if (op.accept('alter')) {
      op.accept('column');
      const column = op.identifier();
      if (column !== undefined) ops.push(...alterColumnOps(op, { ...target, column }));
    }
  }
  return ops;
}

function alterColumnOps(
  op: TokenCursor,
  target: { line: number; schema: string; table: string; column: string },
): SchemaOp[] {
  if (op.accept('set', 'not', 'null')) return [{ kind: 'setNotNull', ...target }];
  if (op.accept('drop', 'not', 'null')) return [{ kind: 'dropNotNull', ...target }];
  if (op.accept('drop', 'default')) return [{ kind: 'dropDefault', ...target }];
  if (op.accept('set', 'default')) {
    const expression = defaultText(op);
    return expression ? [{ kind: 'setDefault', ...target, default: expression }] : [];
  }
  if (op.accept('set', 'data', 'type') || op.accept('type')) {
    const type = columnType(op);
    return type ? [{ kind: 'alterColumnType', ...target, type }] : [];
  }
  return [];
}

function dropOps(cursor: TokenCursor, line: number): SchemaOp[] | undefined {
  const kind = cursor.accept('table') ? 'dropTable' : cursor.accept('view') ? 'dropView' : undefined;
  if (!kind) return cursor.word() === 'index' || cursor.word() === 'trigger' ? [] : undefined;
  const ifExists = cursor.accept('if', 'exists');
  const ops: SchemaOp[] = [];
  do {
    const relation = qualifiedName(cursor.qualifiedName());
    if (relation) ops.push({ kind, line, ...relation, ifExists });
  } while (cursor.acceptPunct(','));
  return ops.length > 0 ? ops : undefined;
}

function renameTablesOps(cursor: TokenCursor, line: number): SchemaOp[] | undefined {
  const ops: SchemaOp[] = [];
  do {
    const from = qualifiedName(cursor.qualifiedName());
    const to = cursor.accept('to') ? cursor.qualifiedName().at(-1) : undefined;
    if (from && to !== undefined) ops.push({ kind: 'renameTable', line, ...from, to, ifExists: false });
  } while (cursor.acceptPunct(','));
  return ops.length > 0 ? ops : undefined;
}

function columnSpec(cursor: TokenCursor): ColumnSpec | undefined {
  const name = cursor.identifier();
  if (name === undefined) return undefined;
  const type = columnType(cursor);
  const column: ColumnSpec = { name, type, nullable: true };
  while (!cursor.done) {
    if (cursor.accept('not', 'null') || cursor.accept('primary', 'key')) column.nullable = false;
    else if (cursor.accept('null')) column.nullable = true;
    else if (cursor.accept('default')) {
      const expression = defaultText(cursor);
      if (expression) column.default = expression;
    } else cursor.next();
  }
  return column;
}

/** `varchar(255)`, `int(11) unsigned`, `character varying`, `text[]`; '' when SQLite omits the type. */
function columnType(cursor: TokenCursor): string {
  const before: string[] = [];
  const after: string[] = [];
  let modifiers: string[] = [];
  let arrayDims = 0;
  while (!cursor.done) {
    const word = cursor.word();
    if (
      word !== undefined &&
      !COLUMN_CLAUSES.has(word) &&
      !(word === 'character' && cursor.word(1) === 'set')
    ) {
      (modifiers.length > 0 || MYSQL_ATTRIBUTES.has(word) ? after : before).push(word);
      cursor.next();
    } else if (cursor.isPunct('(') && before.length > 0 && modifiers.length === 0) {
      modifiers = splitAtCommas(cursor.group() ?? []).map((part) => tokenText(cursor.text, part));
    } else if (cursor.isPunct('[') && cursor.isPunct(']', 1)) {
      cursor.next();
      cursor.next();
      arrayDims++;
    } else break;
  }
  const base = before.join(' ');
  if (!base) return '';
  const type = formatColumnType(base, INTEGER_TYPES.has(base) ? [] : modifiers, arrayDims);
  return after.length > 0 ? `${type} ${after.join(' ')}` : type;
}

/** One default term: a literal, `-1`, a call such as `now()`, a parenthesised expression, plus `::casts`. */
function defaultText(cursor: TokenCursor): string | undefined {
  const first = cursor.peek();
  if (!first) return undefined;
  if (cursor.isPunct('-') || cursor.isPunct('+')) cursor.next();
  if (cursor.group() === undefined) {
    cursor.next();
    cursor.group();
  }
  while (cursor.isPunct(':') && cursor.isPunct(':', 1)) {
    cursor.next();
    cursor.next();
    cursor.identifier();
  }
  return cursor.textSince(first);
}

function primaryKeyColumns(cursor: TokenCursor): string[] {
  while (!cursor.done && !cursor.accept('primary', 'key')) cursor.next();
  const group = cursor.group();
  if (!group) return [];
  return splitAtCommas(group).flatMap((part) =>
    part[0] && part[0].kind !== 'string' ? [part[0].value] : [],
  );
}

function tokenText(text: string, tokens: readonly SqlToken[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? text.slice(first.start, last.end) : '';
}
