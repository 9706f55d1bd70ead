// What a PostgreSQL statement says about who may read what: the relations a view reads and whether it runs
// as its caller, and GRANT / REVOKE on tables. Supabase serves the `public` schema to anyone holding the
// anon key, so these decide whether a table or view is open to the internet (the `db.*` rules).
import { names, type PgNode, type PgRangeVar, type PgString, relationName } from './pg-nodes.js';
import type { GrantOp, SchemaOp } from './schema-op.js';

type Body = Record<string, unknown>;

// A view query nests subqueries, joins and CTEs; a hostile file cannot make the walk unbounded.
const MAX_DEPTH = 64;

/** `schema.name` of every relation a query reads, CTE names excluded. */
export function relationsRead(query: unknown): string[] {
  const ranges: PgRangeVar[] = [];
  const ctes = new Set<string>();
  // The select's FROM comes before its WITH in the tree: CTE names are collected first, filtered after.
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    const record = node as PgNode;
    const cte = (record.CommonTableExpr as { ctename?: string } | undefined)?.ctename;
    if (cte) ctes.add(cte);
    const range = record.RangeVar as PgRangeVar | undefined;
    if (range) {
      ranges.push(range);
      return;
    }
    for (const value of Object.values(record)) walk(value, depth + 1);
  };
  walk(query, 0);
  const found = new Set<string>();
  for (const range of ranges) {
    const relation = relationName(range);
    if (relation && !(range.schemaname === undefined && ctes.has(relation.name)))
      found.add(`${relation.schema}.${relation.name}`);
  }
  return [...found];
}

interface PgDefElem {
  defname?: string;
  arg?: PgNode;
}

/** The `security_invoker` option of a WITH list; undefined when the list does not set it. */
export function securityInvoker(options: unknown, reset = false): boolean | undefined {
  for (const item of (options as { DefElem?: PgDefElem }[] | undefined) ?? []) {
    const option = item.DefElem;
    if (option?.defname?.toLowerCase() !== 'security_invoker') continue;
    if (reset) return false;
    // `WITH (security_invoker)` alone means true, as for every boolean reloption.
    if (!option.arg) return true;
    const value = (option.arg as PgString).String?.sval;
    const integer = (option.arg.Integer as { ival?: number } | undefined)?.ival;
    if (value !== undefined) return ['on', 'true', 'yes', '1'].includes(value.toLowerCase());
    return integer !== undefined && integer !== 0;
  }
  return undefined;
}

interface PgAlterTableCmd {
  subtype?: string;
  def?: { List?: { items?: unknown[] } };
}

/** `ALTER VIEW v SET (security_invoker = …)` / `RESET (security_invoker)`. */
export function viewOptionOps(stmt: Body, line: number): SchemaOp[] {
  const view = relationName(stmt.relation as PgRangeVar | undefined);
  if (!view) return [];
  const ops: SchemaOp[] = [];
  for (const { AlterTableCmd: cmd } of (stmt.cmds as { AlterTableCmd?: PgAlterTableCmd }[] | undefined) ??
    []) {
    const reset = cmd?.subtype === 'AT_ResetRelOptions';
    if (cmd?.subtype !== 'AT_SetRelOptions' && !reset) continue;
    const value = securityInvoker(cmd.def?.List?.items, reset);
    if (value !== undefined) ops.push({ kind: 'setViewOptions', line, ...view, securityInvoker: value });
  }
  return ops;
}

interface PgRoleSpec {
  rolename?: string;
  roletype?: string;
}

interface PgGrantBody {
  is_grant?: boolean;
  targtype?: string;
  objtype?: string;
  objects?: ({ RangeVar?: PgRangeVar } & PgString)[];
  privileges?: { AccessPriv?: { priv_name?: string } }[];
  grantees?: { RoleSpec?: PgRoleSpec }[];
}

function roleNames(grantees: PgGrantBody['grantees']): string[] {
  return (grantees ?? []).map(
    ({ RoleSpec: role }) =>
      role?.rolename?.toLowerCase() ??
      (role?.roletype ?? 'ROLESPEC_PUBLIC').replace('ROLESPEC_', '').toLowerCase(),
  );
}

function grantOp(body: PgGrantBody, line: number, schemas: string[] | undefined): GrantOp[] {
  if (body.objtype !== 'OBJECT_TABLE') return [];
  const targets: GrantOp['targets'] = [];
  if (schemas) for (const schema of schemas) targets.push({ schema });
  else if (body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA')
    for (const object of body.objects ?? []) {
      if (object.String?.sval) targets.push({ schema: object.String.sval });
    }
  else
    for (const object of body.objects ?? []) {
      const relation = relationName(object.RangeVar);
      if (relation) targets.push(relation);
    }
  const privileges = (body.privileges ?? []).flatMap(({ AccessPriv: p }) =>
    p?.priv_name ? [p.priv_name] : [],
  );
  return [
    {
      kind: 'grant',
      line,
      grant: body.is_grant === true,
      targets,
      defaults: schemas !== undefined,
      roles: roleNames(body.grantees),
      privileges: privileges.length > 0 ? privileges.map((p) => p.toLowerCase()) : ['all'],
    },
  ];
}

/** GRANT / REVOKE … ON [TABLE] t | ALL TABLES IN SCHEMA s. */
export function grantOps(body: Body, line: number): SchemaOp[] {
  return grantOp(body as PgGrantBody, line, undefined);
}

/** ALTER DEFAULT PRIVILEGES [IN SCHEMA s] GRANT / REVOKE … ON TABLES. */
export function defaultPrivilegeOps(body: Body, line: number): SchemaOp[] {
  const options = (body.options as { DefElem?: PgDefElem }[] | undefined) ?? [];
  const inSchemas = options.find((o) => o.DefElem?.defname === 'schemas')?.DefElem?.arg as
    | { List?: { items?: PgString[] } }
    | undefined;
  // FOR ROLE only narrows whose future objects are meant; the migrations' own role is the usual one.
  return grantOp((body.action ?? {}) as PgGrantBody, line, names(inSchemas?.List?.items));
}

// A loop over the catalog's table list, and what it does to each table. Bounded by the block's length.
const TABLE_LOOP = /\b(?:pg_tables|pg_class|information_schema\.tables)\b/i;
const RLS_CHANGE = /\b(enable|disable)\s+row\s+level\s+security\b/i;
const SCHEMA_FILTER = /\b(?:schemaname|table_schema|nspname)\s*=\s*'([^'\n]{1,63})'/i;

/**
 * `DO $$ … FOR t IN SELECT … FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE '… ENABLE ROW LEVEL
 * SECURITY' …` applies to every table the schema has at that point. Other DO blocks stay unread.
 */
export function doBlockOps(body: Body, line: number): SchemaOp[] {
  const code = (
    (body.args as { DefElem?: PgDefElem }[] | undefined)?.find((a) => a.DefElem?.defname === 'as')?.DefElem
      ?.arg as PgString | undefined
  )?.String?.sval;
  if (!code || !TABLE_LOOP.test(code)) return [];
  const change = RLS_CHANGE.exec(code)?.[1]?.toLowerCase();
  if (!change) return [];
  const schema = SCHEMA_FILTER.exec(code)?.[1] ?? 'public';
  return [{ kind: change === 'enable' ? 'enableRlsAll' : 'disableRlsAll', line, schema }];
}
