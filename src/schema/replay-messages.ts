// Conflict messages read as the statement a person wrote, so they can find it without opening the op list.
import { DEFAULT_SCHEMA, type SchemaOp } from './schema-op.js';

/** `orders`, `"Orders"`, `app.orders`: how a person would write the name in SQL. */
export function sqlName(schema: string, name: string): string {
  const quoted = quoteIdentifier(name);
  return schema === DEFAULT_SCHEMA ? quoted : `${quoteIdentifier(schema)}.${quoted}`;
}

/** The qualified name as the database reports it, for the "table … does not exist" half of a message. */
export function fullName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function describeOp(op: SchemaOp): string {
  switch (op.kind) {
    case 'createTable':
      return `CREATE TABLE ${sqlName(op.schema, op.name)}`;
    case 'createView':
      return `CREATE VIEW ${sqlName(op.schema, op.name)}`;
    case 'dropTable':
      return `DROP TABLE ${sqlName(op.schema, op.name)}`;
    case 'dropView':
      return `DROP VIEW ${sqlName(op.schema, op.name)}`;
    case 'renameTable':
      return `ALTER TABLE ${sqlName(op.schema, op.name)} RENAME TO ${quoteIdentifier(op.to)}`;
    case 'addColumn':
      return `${alter(op)} ADD COLUMN ${quoteIdentifier(op.column.name)}`;
    case 'dropColumn':
      return `${alter(op)} DROP COLUMN ${quoteIdentifier(op.column)}`;
    case 'renameColumn':
      return `${alter(op)} RENAME COLUMN ${quoteIdentifier(op.from)} TO ${quoteIdentifier(op.to)}`;
    case 'alterColumnType':
      return `${alter(op)} ALTER COLUMN ${quoteIdentifier(op.column)} TYPE ${op.type}`;
    case 'setNotNull':
    case 'dropNotNull':
      return `${alter(op)} ALTER COLUMN ${quoteIdentifier(op.column)} ${op.kind === 'setNotNull' ? 'SET' : 'DROP'} NOT NULL`;
    case 'setDefault':
    case 'dropDefault':
      return `${alter(op)} ALTER COLUMN ${quoteIdentifier(op.column)} ${op.kind === 'setDefault' ? 'SET' : 'DROP'} DEFAULT`;
    case 'enableRls':
    case 'disableRls':
      return `${alter(op)} ${op.kind === 'enableRls' ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`;
    case 'createPolicy':
      return `CREATE POLICY "${op.name}" ON ${sqlName(op.schema, op.table)}`;
    case 'dropPolicy':
      return `DROP POLICY "${op.name}" ON ${sqlName(op.schema, op.table)}`;
    case 'createIndex':
      return `CREATE INDEX${op.name ? ` ${quoteIdentifier(op.name)}` : ''} ON ${sqlName(op.schema, op.table)}`;
    case 'createEnum':
      return `CREATE TYPE ${sqlName(op.schema, op.name)} AS ENUM`;
    case 'alterEnumAddValue':
      return `ALTER TYPE ${sqlName(op.schema, op.name)} ADD VALUE '${op.value}'`;
    case 'renameEnumValue':
      return `ALTER TYPE ${sqlName(op.schema, op.name)} RENAME VALUE '${op.from}' TO '${op.to}'`;
    case 'renameType':
      return `ALTER TYPE ${sqlName(op.schema, op.name)} RENAME TO ${quoteIdentifier(op.to)}`;
    case 'dropType':
      return `DROP TYPE ${sqlName(op.schema, op.name)}`;
    case 'createFunction':
      return `CREATE FUNCTION ${sqlName(op.schema, op.name)}`;
    case 'dropFunction':
      return `DROP FUNCTION ${sqlName(op.schema, op.name)}`;
    case 'createSchema':
      return `CREATE SCHEMA ${quoteIdentifier(op.name)}`;
    case 'setViewOptions':
      return `ALTER VIEW ${sqlName(op.schema, op.name)} SET (security_invoker = ${op.securityInvoker})`;
    case 'enableRlsAll':
    case 'disableRlsAll':
      return `DO: ${op.kind === 'enableRlsAll' ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY on every table of ${quoteIdentifier(op.schema)}`;
    case 'grant':
      return `${op.grant ? 'GRANT' : 'REVOKE'} ${op.privileges.join(', ').toUpperCase()} ${op.grant ? 'TO' : 'FROM'} ${op.roles.join(', ')}`;
    case 'insertBucket':
      return `INSERT INTO storage.buckets ('${op.id}')`;
  }
}

function alter(op: { schema: string; table: string }): string {
  return `ALTER TABLE ${sqlName(op.schema, op.table)}`;
}

/**
 * A repo-relative path shortened for a message; the conflict keeps the full path separately. Names that do
 * not carry the version (Prisma's `migration.sql`) keep their folder, which does.
 */
export function shortPath(path: string): string {
  const parts = path.split('/');
  const base = parts.at(-1) ?? path;
  return /^\d/.test(base) || parts.length < 2 ? base : parts.slice(-2).join('/');
}
