// schema.prisma → the tables and enums Prisma Migrate would create, as schema ops, so a Prisma project
// without committed migrations still has a schema. Names follow what Prisma puts in the database:
// https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping
import { createRequire } from 'node:module';
import type {
  Attribute,
  BlockAttribute,
  Enum,
  Field,
  Func,
  getSchema as GetSchema,
  Model,
  Value,
  View,
} from '@mrleebo/prisma-ast';
import { formatColumnType } from './column-type.js';
import {
  type ColumnSpec,
  type CreateEnumOp,
  type CreateTableOp,
  DEFAULT_SCHEMA,
  type SchemaOp,
} from './schema-op.js';

export interface PrismaSchemaResult {
  /** createTable, createView and createEnum ops, replayable like a migration. */
  ops: SchemaOp[];
  /** Each model's table, and its fields' columns, for queries written against the model (`prisma.user`). */
  models: PrismaModel[];
  diagnostics: string[];
}

export interface PrismaModel {
  name: string;
  schema: string;
  table: string;
  /** Field → column where `@map` renames it. */
  fields: Record<string, string>;
  /** Fields typed by another model: relations, not columns. */
  relations: string[];
  line: number;
}

// Prisma's default column types on PostgreSQL (https://www.prisma.io/docs/orm/reference/prisma-schema-reference).
const POSTGRES_TYPES = new Map([
  ['String', 'text'],
  ['Int', 'integer'],
  ['BigInt', 'bigint'],
  ['Float', 'double precision'],
  ['Decimal', 'numeric(65,30)'],
  ['Boolean', 'boolean'],
  ['DateTime', 'timestamp(3)'],
  ['Json', 'jsonb'],
  ['Bytes', 'bytea'],
]);
const NATIVE_TYPE_NAMES = new Map([['doubleprecision', 'double precision']]);

interface PrismaBlock {
  model: Model | View;
  table: string;
  schema: string;
  line: number;
}

// Building the Prisma grammar (chevrotain) costs ~0.2 s of every parse worker's start-up; most repos have no
// schema.prisma, so the parser is loaded the first time one is read.
let loadedGetSchema: typeof GetSchema | undefined;
function getSchema(text: string): ReturnType<typeof GetSchema> {
  loadedGetSchema ??= (
    createRequire(import.meta.url)('@mrleebo/prisma-ast') as { getSchema: typeof GetSchema }
  ).getSchema;
  return loadedGetSchema(text);
}

/** Reads schema.prisma; a schema that does not parse yields a diagnostic, never an exception. */
export function readPrismaSchema(text: string): PrismaSchemaResult {
  let list: ReturnType<typeof GetSchema>['list'];
  try {
    list = getSchema(text).list;
  } catch (error) {
    // chevrotain puts the offending token on the error; at end of input its line is NaN.
    const line = (error as { token?: { startLine?: number } }).token?.startLine;
    const at = typeof line === 'number' && Number.isFinite(line) ? `line ${line}: ` : '';
    const message = (error as Error).message.replace(/\s+/g, ' ').trim();
    const short = message.length > 80 ? `${message.slice(0, 79)}…` : message;
    return { ops: [], models: [], diagnostics: [`${at}could not parse Prisma schema (${short})`] };
  }
  const lines = blockLines(text);
  const provider = list.flatMap((b) => (b.type === 'datasource' ? b.assignments : []));
  const providerName = provider.find((a) => a.type === 'assignment' && a.key === 'provider');
  // Without a datasource (multi-file schemas keep it elsewhere) assume PostgreSQL, Prisma's usual target.
  const providerText = providerName?.type === 'assignment' ? String(providerName.value) : 'postgresql';
  const postgres = /postgres|cockroach/.test(providerText);
  const enums = new Map<string, string>();
  const ops: SchemaOp[] = [];
  for (const block of list) {
    if (block.type !== 'enum') continue;
    const op = enumOp(block, lines.get(`enum ${block.name}`) ?? 1);
    enums.set(block.name, op.name);
    ops.push(op);
  }
  const blocks: PrismaBlock[] = [];
  for (const block of list) {
    if (block.type !== 'model' && block.type !== 'view') continue;
    const attributes = block.properties.filter((p): p is BlockAttribute => p.type === 'attribute');
    const table = stringArg(attributes.find((a) => a.name === 'map')) ?? block.name;
    const schema = stringArg(attributes.find((a) => a.name === 'schema')) ?? DEFAULT_SCHEMA;
    blocks.push({ model: block, table, schema, line: lines.get(`${block.type} ${block.name}`) ?? 1 });
  }
  const models = new Map(blocks.map((b) => [b.model.name, b]));
  for (const block of blocks) {
    const columns = modelColumns(block.model, models, enums, postgres);
    const { table: name, schema, line } = block;
    if (block.model.type === 'view')
      ops.push({
        kind: 'createView',
        line,
        schema,
        name,
        columns: columns.map((c) => c.name),
        replace: false,
      });
    else ops.push({ kind: 'createTable', line, schema, name, columns, ifNotExists: false });
  }
  ops.push(...joinTables(blocks, models, enums, postgres));
  return { ops, models: blocks.map((block) => modelMap(block, models)), diagnostics: [] };
}

function modelMap(block: PrismaBlock, models: ReadonlyMap<string, PrismaBlock>): PrismaModel {
  const fields: Record<string, string> = {};
  const relations: string[] = [];
  for (const field of block.model.properties) {
    if (field.type !== 'field') continue;
    if (typeof field.fieldType === 'string' && models.has(field.fieldType)) relations.push(field.name);
    const mapped = stringArg(field.attributes?.find((a) => a.name === 'map' && a.group === undefined));
    if (mapped !== undefined && mapped !== field.name) fields[field.name] = mapped;
  }
  return {
    name: block.model.name,
    schema: block.schema,
    table: block.table,
    fields,
    relations,
    line: block.line,
  };
}

function enumOp(block: Enum, line: number): CreateEnumOp {
  const attributes = block.enumerators.filter((e): e is BlockAttribute => e.type === 'attribute');
  const values = block.enumerators.flatMap((e) =>
    e.type === 'enumerator' ? [stringArg(e.attributes?.find((a) => a.name === 'map')) ?? e.name] : [],
  );
  const name = stringArg(attributes.find((a) => a.name === 'map')) ?? block.name;
  const schema = stringArg(attributes.find((a) => a.name === 'schema')) ?? DEFAULT_SCHEMA;
  return { kind: 'createEnum', line, schema, name, values };
}

function modelColumns(
  model: Model | View,
  models: ReadonlyMap<string, PrismaBlock>,
  enums: ReadonlyMap<string, string>,
  postgres: boolean,
): ColumnSpec[] {
  const fields = model.properties.filter((p): p is Field => p.type === 'field');
  const compositeId = model.properties.find(
    (p): p is BlockAttribute => p.type === 'attribute' && p.name === 'id' && p.group === undefined,
  );
  const idFields = new Set(arrayArg(compositeId));
  const columns: ColumnSpec[] = [];
  for (const field of fields) {
    // A field typed by another model is the relation's other side, not a column.
    if (typeof field.fieldType === 'string' && models.has(field.fieldType)) continue;
    const attribute = (name: string) =>
      field.attributes?.find((a) => a.name === name && a.group === undefined);
    const defaultValue = attribute('default')?.args?.[0]?.value as Value | undefined;
    const increments = isCall(defaultValue, 'autoincrement');
    const column: ColumnSpec = {
      name: stringArg(attribute('map')) ?? field.name,
      type: fieldType(field, enums, postgres, increments),
      // Scalar lists are created without NOT NULL; ids always with.
      nullable: field.optional === true || field.array === true,
    };
    if (attribute('id') || idFields.has(field.name) || increments) column.nullable = false;
    const rendered =
      defaultValue === undefined || increments ? undefined : defaultText(defaultValue, field, enums);
    if (rendered !== undefined) column.default = rendered;
    columns.push(column);
  }
  return columns;
}

function fieldType(
  field: Field,
  enums: ReadonlyMap<string, string>,
  postgres: boolean,
  serial: boolean,
): string {
  const dims = field.array ? 1 : 0;
  if (typeof field.fieldType !== 'string') {
    // Unsupported("circle") names the database type directly.
    return formatColumnType(unquote(String(field.fieldType.params?.[0] ?? field.fieldType.name)), [], dims);
  }
  const native = field.attributes?.find((a) => a.group === 'db');
  if (native) {
    const name = native.name.toLowerCase();
    const args = (native.args ?? []).map((arg) => String(arg.value));
    return formatColumnType(NATIVE_TYPE_NAMES.get(name) ?? name, args, dims);
  }
  const enumName = enums.get(field.fieldType);
  if (enumName !== undefined) return formatColumnType(enumName, [], dims);
  if (!postgres) return formatColumnType(field.fieldType, [], dims);
  if (serial) return field.fieldType === 'BigInt' ? 'bigserial' : 'serial';
  return formatColumnType(POSTGRES_TYPES.get(field.fieldType) ?? field.fieldType, [], dims);
}

function defaultText(value: Value, field: Field, enums: ReadonlyMap<string, string>): string | undefined {
  if (isCall(value, 'dbgenerated')) return unquote(String((value as Func).params?.[0] ?? ''));
  if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'function')
    return `${value.name}(${(value.params ?? []).map(String).join(', ')})`;
  if (typeof value !== 'string') return Array.isArray(value) ? JSON.stringify(value) : String(value);
  if (value.startsWith('"')) return `'${unquote(value).replaceAll("'", "''")}'`;
  // A bare word on an enum field is one of its values, stored as a string literal.
  return typeof field.fieldType === 'string' && enums.has(field.fieldType) ? `'${value}'` : value;
}

/**
 * Implicit many-to-many relations (two list fields pointing at each other, no relation model) get a join
 * table `_<RelationName>`, or `_<A>To<B>` with the model names sorted, holding columns A and B.
 */
function joinTables(
  blocks: readonly PrismaBlock[],
  models: ReadonlyMap<string, PrismaBlock>,
  enums: ReadonlyMap<string, string>,
  postgres: boolean,
): CreateTableOp[] {
  const sides = new Map<string, { model: string; target: string; list: boolean }[]>();
  for (const block of blocks) {
    for (const field of block.model.properties) {
      if (field.type !== 'field' || typeof field.fieldType !== 'string' || !models.has(field.fieldType))
        continue;
      const relation = field.attributes?.find((a) => a.name === 'relation');
      const name = relationName(relation);
      const pair = [block.model.name, field.fieldType].sort().join(',');
      const key = name === undefined ? pair : `${pair}:${name}`;
      const list = sides.get(key) ?? [];
      list.push({ model: block.model.name, target: field.fieldType, list: field.array === true });
      sides.set(key, list);
    }
  }
  const ops: CreateTableOp[] = [];
  for (const [key, [left, right, ...extra]] of sides) {
    if (!left || !right || extra.length > 0 || !left.list || !right.list) continue;
    const [a, b] = [left.model, right.model].sort() as [string, string];
    const named = key.indexOf(':');
    const first = models.get(a) as PrismaBlock;
    const name = named >= 0 ? `_${key.slice(named + 1)}` : `_${a}To${b}`;
    // The join columns hold the ids, typed like them (an autoincrement id is a plain integer here).
    const idType = (model: string) => {
      const fields = (models.get(model) as PrismaBlock).model.properties;
      const id = fields.find(
        (f): f is Field =>
          f.type === 'field' && (f.attributes ?? []).some((a) => a.name === 'id' && !a.group),
      );
      return id ? fieldType(id, enums, postgres, false) : 'text';
    };
    const columns = [
      { name: 'A', type: idType(a), nullable: false },
      { name: 'B', type: idType(b), nullable: false },
    ];
    ops.push({
      kind: 'createTable',
      line: first.line,
      schema: first.schema,
      name,
      columns,
      ifNotExists: false,
    });
  }
  return ops;
}

function relationName(relation: Attribute | undefined): string | undefined {
  for (const arg of relation?.args ?? []) {
    const value = arg.value;
    if (typeof value === 'string') return unquote(value);
    if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'keyValue')
      if (value.key === 'name') return unquote(String(value.value));
  }
  return undefined;
}

/** The first argument as a string: `@@map("x")`, `@@map(name: "x")`. */
function stringArg(attribute: Attribute | BlockAttribute | undefined): string | undefined {
  const value = attribute?.args?.[0]?.value;
  if (typeof value === 'string') return unquote(value);
  if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'keyValue')
    return unquote(String(value.value));
  return undefined;
}

function arrayArg(attribute: BlockAttribute | undefined): string[] {
  const value = attribute?.args?.[0]?.value;
  const array = typeof value === 'object' && value !== null && 'type' in value ? value : undefined;
  const fields = array?.type === 'keyValue' ? array.value : array;
  if (typeof fields !== 'object' || fields === null || !('type' in fields) || fields.type !== 'array')
    return [];
  return (fields.args ?? []).map((arg) => String(arg));
}

function isCall(value: Value | undefined, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'function' &&
    value.name === name
  );
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1);
  }
}

/** `model User` → its line: the AST carries no positions by default. */
function blockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split('\n').forEach((line, index) => {
    const words = line.trim().split(/\s+/);
    if (words.length >= 2 && ['model', 'enum', 'view'].includes(words[0] ?? '')) {
      const name = (words[1] ?? '').replace(/\{$/, '');
      if (!lines.has(`${words[0]} ${name}`)) lines.set(`${words[0]} ${name}`, index + 1);
    }
  });
  return lines;
}
