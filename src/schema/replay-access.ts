// Replays who may use a table: GRANT / REVOKE and ALTER DEFAULT PRIVILEGES, and a view's security_invoker.
// Only revocations are kept: a table starts with whatever the platform grants (Supabase grants everything
// in `public` to `anon` and `authenticated`), and the migrations can only take that away or give it back.
import type { ReplayContext } from './replay-context.js';
import type { GrantOp, RlsAllOp, SetViewOptionsOp } from './schema-op.js';
import { objectKey, type TableState } from './schema-state.js';

/** Table privileges that let a role read or change rows. */
export const ROW_PRIVILEGES = ['select', 'insert', 'update', 'delete'] as const;

type Revoked = Map<string, Set<string>>;

function change(revoked: Revoked, op: GrantOp): void {
  const privileges = op.privileges.includes('all') ? ROW_PRIVILEGES : op.privileges;
  for (const role of op.roles) {
    const set = revoked.get(role) ?? new Set<string>();
    for (const privilege of privileges) {
      if (op.grant) set.delete(privilege);
      else set.add(privilege);
    }
    revoked.set(role, set);
  }
}

/** A copy of the default revocations for a table created now in `schema`. */
export function defaultRevocations(ctx: ReplayContext, schema: string): Revoked | undefined {
  const defaults = [ctx.state.defaultRevoked.get('*'), ctx.state.defaultRevoked.get(schema)];
  if (!defaults[0] && !defaults[1]) return undefined;
  const out: Revoked = new Map();
  for (const revoked of defaults)
    for (const [role, set] of revoked ?? []) out.set(role, new Set([...(out.get(role) ?? []), ...set]));
  return out;
}

export function applyGrant(ctx: ReplayContext, op: GrantOp): void {
  if (op.defaults) {
    for (const schema of op.targets.length > 0 ? op.targets.map((t) => t.schema) : ['*']) {
      const revoked = ctx.state.defaultRevoked.get(schema) ?? new Map();
      change(revoked, op);
      ctx.state.defaultRevoked.set(schema, revoked);
    }
    return;
  }
  const touched: TableState[] = [];
  for (const target of op.targets) {
    if (target.name !== undefined) {
      const table = ctx.state.tables.get(objectKey(target.schema, target.name));
      if (table) touched.push(table);
    } else
      for (const table of ctx.state.tables.values()) if (table.schema === target.schema) touched.push(table);
  }
  for (const table of touched) {
    table.revoked ??= new Map();
    change(table.revoked, op);
  }
}

export function applyViewOptions(ctx: ReplayContext, op: SetViewOptionsOp): void {
  const view = ctx.state.tables.get(objectKey(op.schema, op.name));
  if (view?.kind === 'view') view.securityInvoker = op.securityInvoker;
}

/** Whether `role` keeps any row privilege on the table. */
export function canUse(table: TableState, role: string): boolean {
  const revoked = table.revoked?.get(role);
  return !revoked || ROW_PRIVILEGES.some((privilege) => !revoked.has(privilege));
}

/** A DO block's loop: every table of the schema at this point gets RLS enabled or disabled. */
export function applyRlsAll(ctx: ReplayContext, op: RlsAllOp): void {
  const source = ctx.source(op);
  for (const table of ctx.state.tables.values())
    if (table.schema === op.schema && table.kind === 'table') {
      table.rls = op.kind === 'enableRlsAll';
      table.rlsSource = source;
    }
}
