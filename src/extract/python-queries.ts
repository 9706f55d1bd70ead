/**
 * What Python code reads and writes in the database, before linking:
 * - SQL text given to `execute` / `exec_driver_sql` / asyncpg's `fetch*` (directly or through SQLAlchemy's
 *   `text("…")`, or a module constant), read by PostgreSQL's parser like SQL in JavaScript;
 * - SQLAlchemy / SQLModel selects: `select(Item)`, `select(Item.id, Item.title)`, `session.query(User)`, with
 *   the columns each statement names as `Model.attribute` (`.where(Item.owner_id == …)`, `.order_by(…)`).
 * Model names are mapped to their tables by the linker, through the models' own facts.
 */
import { readSqlUsage } from '../schema/sql-usage.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import type { FileFacts } from './facts.js';
import {
  type PyFile,
  type PyNode,
  callArguments,
  callsNamed,
  descendants,
  dottedName,
  stringValue,
  assignmentIn,
} from './python/py-file.js';
import { sqlQueryFact } from './sql-queries.js';

// The calls read below, by the name they end in.
const CALLEES = /execute|executemany|exec_driver_sql|fetch\w*|select|query/;
const ATTRIBUTES = new Set(['attribute']);
const EXECUTE =
  /^(?:execute|executemany|exec_driver_sql|fetch|fetchrow|fetchval|fetch_all|fetch_one|fetch_val)$/;
// Statements a query's parts live in: the columns a select names are in the same statement.
const STATEMENTS = new Set([
  'expression_statement',
  'return_statement',
  'assignment',
  'augmented_assignment',
]);

export const pythonQueries: Extractor = {
  name: 'python-queries',
  language: 'python',
  needs: ['python-parser', 'sql-parser'],
  detect: (repo) =>
    dependsOnPython(
      repo,
      'sqlalchemy',
      'sqlmodel',
      'flask-sqlalchemy',
      'asyncpg',
      'psycopg',
      'psycopg2',
      'psycopg2-binary',
      'databases',
    ),
  prefilter: (text) => /\.(?:execute|exec_driver_sql|fetch\w*|query)\(|\bselect\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const constants = sqlConstants(file);
    for (const call of callsNamed(file, CALLEES)) {
      const callee = call.childForFieldName('function');
      const name = dottedName(callee) ?? '';
      const method = name.split('.').pop() ?? '';
      if (callee?.type === 'attribute' && EXECUTE.test(method)) rawSql(file, facts, call, constants);
      else if (method === 'select' || (method === 'query' && callee?.type === 'attribute'))
        ormSelect(file, facts, call);
    }
  },
};

/** Module-level `QUERY = "SELECT …"` constants, for `execute(QUERY)`. */
function sqlConstants(file: PyFile): Map<string, string> {
  const constants = new Map<string, string>();
  for (const statement of file.statements()) {
    const assignment = assignmentIn(statement);
    const name = assignment?.childForFieldName('left');
    const value = stringValue(assignment?.childForFieldName('right'));
    if (name?.type === 'identifier' && value !== undefined) constants.set(name.text, value);
  }
  return constants;
}

function rawSql(file: PyFile, facts: FileFacts, call: PyNode, constants: Map<string, string>): void {
  let argument: PyNode | undefined = callArguments(call).positional[0];
  // SQLAlchemy's text("…") wraps the SQL.
  if (
    argument?.type === 'call' &&
    /(?:^|\.)text$/.test(dottedName(argument.childForFieldName('function')) ?? '')
  )
    argument = callArguments(argument).positional[0];
  const sql = argument?.type === 'identifier' ? constants.get(argument.text) : stringValue(argument);
  if (!sql || !/^\s*(?:select|insert|update|delete|with)\b/i.test(sql)) return;
  // `:name` (SQLAlchemy) and `%(name)s` / `%s` (DB-API) parameters read as PostgreSQL's `$1`.
  const usage = readSqlUsage(sql.replace(/(?<![:\w]):\w+|%\(\w+\)s|%s/g, '$1'));
  const at = file.position(call);
  // PostgreSQL's own catalogs (`pg_roles`, `information_schema.tables`) are not the app's schema.
  for (const use of usage ?? [])
    if (!/^pg_/.test(use.table) && use.schema !== 'pg_catalog' && use.schema !== 'information_schema')
      facts.queries.push({ ...sqlQueryFact(use, at), client: 'python-sql' });
}

/** `select(Item)` / `select(Item.id, Item.title)` / `session.query(User)`: the model and the columns named. */
function ormSelect(file: PyFile, facts: FileFacts, call: PyNode): void {
  const models = new Set<string>();
  const named = new Map<string, Set<string>>();
  for (const argument of callArguments(call).positional) {
    const name = dottedName(argument);
    if (!name) continue;
    const [model, column] = name.split('.');
    if (!model || !/^[A-Z]/.test(model)) continue;
    models.add(model);
    if (column) named.set(model, new Set([...(named.get(model) ?? []), column]));
  }
  if (models.size === 0) return;
  const statement = enclosingStatement(call);
  for (const attribute of descendants(statement, ATTRIBUTES)) {
    const object = attribute.childForFieldName('object');
    const column = attribute.childForFieldName('attribute')?.text;
    if (
      object?.type === 'identifier' &&
      models.has(object.text) &&
      column &&
      !/^(?:query|c|__\w+__)$/.test(column)
    )
      named.set(object.text, new Set([...(named.get(object.text) ?? []), column]));
  }
  for (const model of models)
    facts.queries.push({
      client: 'sqlalchemy',
      op: 'select',
      table: { k: 'str', v: model },
      target: 'table',
      // The class, followed through imports to the model that declares it (its table, its column names).
      modelRef: { k: 'ref', name: model },
      columns: [...(named.get(model) ?? [])],
      ...file.position(call),
    });
}

function enclosingStatement(node: PyNode): PyNode {
  let current: PyNode = node;
  for (let depth = 0; current.parent && depth < 50; depth++) {
    if (STATEMENTS.has(current.type)) return current;
    current = current.parent;
  }
  return current;
}
