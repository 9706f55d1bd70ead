/**
 * Drizzle table definitions — https://orm.drizzle.team/docs/sql-schema-declaration
 * `export const users = pgTable('users', { id: serial('id').primaryKey(), createdAt: timestamp('created_at')
 * .defaultNow() })` declares table `users` with columns `id` and `created_at`; the binding `users` is how
 * queries name it (`db.select().from(users)`). Also `mysqlTable`/`sqliteTable`, `pgSchema('auth').table(…)`,
 * `pgTableCreator((name) => \`app_${name}\`)` prefixes, `pgEnum`, and the column callback form `(t) => ({…})`.
 */
import { type Node, calledName, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ModelFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import type { ColumnSpec, CreateEnumOp, CreateTableOp } from '../schema/schema-op.js';

/** Marks a column name that is a helper's parameter, until the helper's caller is read. */
const PARAM = '\u0000param:';
const TABLES = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable']);
const CREATORS = new Set(['pgTableCreator', 'mysqlTableCreator', 'sqliteTableCreator']);
const SCHEMAS = new Set(['pgSchema', 'mysqlSchema']);
/** Builders whose SQL type is not their name. */
const TYPE_NAMES: Record<string, string> = {
  doublePrecision: 'double precision',
  bigserial: 'bigserial',
  smallserial: 'smallserial',
  int: 'integer',
  tinyint: 'tinyint',
  mediumint: 'mediumint',
  datetime: 'datetime',
};
/** Chain methods that only add constraints or defaults we do not track, or that return the column as is. */
const NOT_NULL = new Set(['notNull', 'primaryKey']);
const DEFAULTS: Record<string, string> = { defaultNow: 'now()', defaultRandom: 'gen_random_uuid()' };

export const drizzleSchema: Extractor = {
  name: 'drizzle-schema',
  detect: (repo) => dependsOn(repo, 'drizzle-orm'),
  prefilter: (text) => /(?:pg|mysql|sqlite|singlestore)Table(?:Creator)?\s*\(|\.table\s*\(/.test(text),
  extract(file, facts) {
    const drizzle = (from: string) => from.startsWith('drizzle-orm');
    const tableFns = file.importedFrom(drizzle, [...TABLES]);
    const creatorFns = file.importedFrom(drizzle, [...CREATORS]);
    const schemaFns = file.importedFrom(drizzle, [...SCHEMAS, 'pgEnum', 'mysqlEnum']);
    if (tableFns.size === 0 && creatorFns.size === 0 && schemaFns.size === 0) return;
    const creators = new Map<string, { prefix: string; suffix: string }>();
    const schemas = new Map<string, string>();
    const enums = new Map<string, string>();
    const ops: (CreateTableOp | CreateEnumOp)[] = [];
    const models: ModelFact[] = [];
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const name = callee?.type === 'Identifier' ? (callee.name as string) : undefined;
      const bound = file.bindingName(call);
      if (name && creatorFns.has(name) && bound) {
        const naming = creatorNaming(call.arguments[0]);
        if (naming) creators.set(bound, naming);
      } else if (name && schemaFns.has(name) && SCHEMAS.has(importedName(file, name)) && bound) {
        const schema = stringLiteral(call.arguments[0]);
        if (schema) schemas.set(bound, schema);
      } else if (name && schemaFns.has(name) && /Enum$/.test(importedName(file, name))) {
        const enumName = stringLiteral(call.arguments[0]);
        const values = unwrap(call.arguments[1]);
        if (!enumName || values?.type !== 'ArrayExpression') continue;
        if (bound) enums.set(bound, enumName);
        ops.push({
          kind: 'createEnum',
          schema: 'public',
          name: enumName,
          values: (values.elements as Node[])
            .map((v) => stringLiteral(v))
            .filter((v): v is string => v !== undefined),
          line: file.position(call).line,
        });
      }
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      let schema = 'public';
      let naming = { prefix: '', suffix: '' };
      if (callee?.type === 'Identifier' && tableFns.has(callee.name)) {
        // plain pgTable/mysqlTable/sqliteTable
      } else if (callee?.type === 'Identifier' && creators.has(callee.name)) {
        naming = creators.get(callee.name) as typeof naming;
      } else if (
        callee?.type === 'MemberExpression' &&
        callee.property?.name === 'table' &&
        unwrap(callee.object)?.type === 'Identifier' &&
        schemas.has(unwrap(callee.object)?.name)
      ) {
        schema = schemas.get(unwrap(callee.object)?.name) as string;
      } else continue;
      const [nameNode, columnsNode] = call.arguments as Node[];
      const written = stringLiteral(nameNode);
      if (written === undefined) continue;
      const table = `${naming.prefix}${written}${naming.suffix}`;
      const columns: ColumnSpec[] = [];
      const fields: Record<string, string> = {};
      const callback = unwrap(columnsNode);
      const body =
        callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression'
          ? returnedObject(callback)
          : objectLiteral(file, columnsNode);
      for (const property of (body?.properties ?? []) as Node[]) {
        const key = property.type === 'Property' ? propertyName(property) : undefined;
        if (!key) continue;
        const column = readColumn(file, unwrap(property.value as Node), key, enums);
        if (!column) continue;
        columns.push(column);
        if (column.name !== key) fields[key] = column.name;
      }
      const line = file.position(call).line;
      ops.push({ kind: 'createTable', schema, name: table, columns, ifNotExists: false, line });
      const bound = file.bindingName(call);
      if (bound)
        models.push({
          name: bound,
          schema,
          table,
          fields,
          relations: [],
          relational: true,
          ...file.position(call),
        });
    }
    if (ops.length > 0) facts.database = { source: 'drizzle', ops, models };
  },
};

function importedName(file: ParsedFile, local: string): string {
  return file.facts.imports[local]?.name ?? local;
}

/**
 * The column a helper function returns: `function createdAtField(name = 'createdAt') { return
 * integer(name).notNull() }` called as `createdAtField()` is column `createdAt`.
 */
function readHelper(
  file: ParsedFile,
  helper: Node,
  callArgs: Node[],
  key: string,
  enums: Map<string, string>,
  depth: number,
): ColumnSpec | undefined {
  const fn = unwrap(helper);
  if (!fn || !/Function/.test(fn.type)) return undefined;
  const body = unwrap(fn.body);
  const returned =
    body?.type === 'BlockStatement'
      ? unwrap((body.body as Node[]).find((s) => s.type === 'ReturnStatement')?.argument)
      : body;
  const column = readColumn(file, returned, key, enums, depth + 1);
  if (!column) return undefined;
  // The builder's name argument is one of the helper's parameters: the caller's value, else its default.
  const params = fn.params as Node[];
  if (!column.name.startsWith(PARAM)) return column;
  const wanted = column.name.slice(PARAM.length);
  column.name = key;
  params.forEach((param, i) => {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    const fallback = param.type === 'AssignmentPattern' ? stringLiteral(param.right) : undefined;
    if (id?.name === wanted) column.name = stringLiteral(callArgs[i]) ?? fallback ?? key;
  });
  return column;
}

/** `(name) => \`app_${name}\``: the text around the table name. */
function creatorNaming(node: Node | undefined): { prefix: string; suffix: string } | undefined {
  const fn = unwrap(node);
  const param = fn?.params?.[0]?.name as string | undefined;
  const body = unwrap(fn?.body);
  if (!param || body?.type !== 'TemplateLiteral' || body.expressions.length !== 1) return undefined;
  if (unwrap(body.expressions[0])?.name !== param) return undefined;
  const [head, tail] = (body.quasis as Node[]).map((q) => (q.value?.cooked ?? '') as string);
  return { prefix: head ?? '', suffix: tail ?? '' };
}

function returnedObject(fn: Node): Node | undefined {
  const body = unwrap(fn.body);
  if (body?.type === 'ObjectExpression') return body;
  const ret = (body?.body as Node[] | undefined)?.find((s) => s.type === 'ReturnStatement');
  const value = unwrap(ret?.argument);
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/** `varchar('email', { length: 256 }).notNull().default('x')` → the column it declares. */
function readColumn(
  file: ParsedFile,
  value: Node | undefined,
  key: string,
  enums: Map<string, string>,
  depth = 0,
): ColumnSpec | undefined {
  let nullable = true;
  let defaultValue: string | undefined;
  let node = value;
  const chain: { method: string; args: Node[] }[] = [];
  // Walk down the method chain to the builder call at its root.
  while (node?.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    if (callee?.type === 'MemberExpression' && unwrap(callee.object)?.type === 'CallExpression') {
      chain.push({ method: callee.property?.name as string, args: node.arguments as Node[] });
      node = unwrap(callee.object);
      continue;
    }
    break;
  }
  if (node?.type !== 'CallExpression') return undefined;
  const builderCallee = unwrap(node.callee);
  // `text('name')` or, in the callback form, `t.text()`.
  const builder = calledName(builderCallee);
  if (!builder) return undefined;
  const args = node.arguments as Node[];
  // `createdAtField()`: a helper of the app's own that returns a column builder, read through once.
  const helper =
    builderCallee?.type === 'Identifier' && !file.facts.imports[builder]
      ? file.topLevel.get(builder)
      : undefined;
  if (helper && depth < 2) {
    const inner = readHelper(file, helper, args, key, enums, depth);
    if (inner) return inner;
  }
  const nameArg = unwrap(args[0]);
  // Inside a helper, a name given as a parameter is filled in by the helper's caller (see readHelper).
  const name =
    stringLiteral(nameArg) ?? (depth > 0 && nameArg?.type === 'Identifier' ? `${PARAM}${nameArg.name}` : key);
  const options = unwrap(args.find((a) => unwrap(a)?.type === 'ObjectExpression'));
  let type = enums.get(builder) ?? TYPE_NAMES[builder] ?? builder.toLowerCase();
  const length = unwrap(objectProperty(options, 'length'))?.value;
  if (typeof length === 'number') type = `${type}(${length})`;
  if (builder === 'timestamp' && unwrap(objectProperty(options, 'withTimezone'))?.value === true)
    type = 'timestamp with time zone';
  for (const { method, args: margs } of chain) {
    if (NOT_NULL.has(method)) nullable = false;
    if (method === 'array') type = `${type}[]`;
    if (DEFAULTS[method]) defaultValue = DEFAULTS[method];
    if (method === 'default') {
      const literal = unwrap(margs[0]);
      defaultValue = literal?.type === 'Literal' ? String(literal.value) : 'expression';
    }
  }
  if (/serial$/.test(builder)) nullable = false;
  return { name, type, nullable, ...(defaultValue === undefined ? {} : { default: defaultValue }) };
}
