import type { SchemaSource } from '../../scan/link-schema.js';
import type { SourceRef, TableState } from '../../schema/schema-state.js';
import { type RepoFinding, type RepoRuleContext, repoFinding } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { browserClient } from './browser-client.js';
import { apiRoles, exposedSchemas, isSupabase, postgresSets } from './exposure.js';
import {
  AUTH_USERS_EXPOSED,
  POLICY_ALWAYS_TRUE,
  POLICY_WITHOUT_RLS,
  RLS_DISABLED,
  SECURITY_DEFINER_VIEW,
} from './rules.js';

// `USING (true)` on these lets a role change or remove every row. INSERT … WITH CHECK (true) is left alone:
// "anyone may add a row" is how waitlists, contact forms and public uploads are meant to work.
const ROW_CHANGES = new Set(['all', 'update', 'delete']);
const EVERYONE = new Set(['public', 'anon']);

const nameOf = (table: TableState) => `${table.schema}.${table.name}`;

/**
 * Splinter-style checks on the schema each PostgreSQL migration set leaves: tables and views that the
 * Supabase API serves without row level security doing its job. Policies that PostgreSQL ignores or that
 * filter nothing are judged in any PostgreSQL database; exposure only where the repo uses Supabase.
 */
export function rlsFindings(context: RepoRuleContext): RepoFinding[] {
  const sets = postgresSets(context);
  if (sets.length === 0) return [];
  const found = new Map<string, RepoFinding>();
  let browser: string | null | undefined;
  // Read the repo for a browser client once, and only when a finding's severity depends on it.
  const browserEvidence = () => {
    if (browser === undefined) browser = browserClient(context) ?? null;
    return browser ?? undefined;
  };
  const report = (rule: RuleMeta, at: SourceRef, subject: string, message: string, severity?: 'warning') => {
    const finding = repoFinding(rule, at, subject, message, severity);
    // One set may replay a table another set also has: the first report stands.
    if (!found.has(finding.key)) found.set(finding.key, finding);
  };
  for (const set of sets) {
    const supabase = isSupabase(context, set);
    const exposed = supabase ? exposedSchemas(context, set) : new Set<string>();
    for (const table of set.state.tables.values()) {
      // The Storage API checks storage.objects' policies as the caller's role, anon key included.
      const apiServed = exposed.has(table.schema) || (supabase && nameOf(table) === 'storage.objects');
      const served = apiServed ? apiRoles(table) : [];
      if (table.kind === 'table') tableChecks(table, served, report, browserEvidence);
      else if (served.length > 0 && table.securityInvoker !== true) viewChecks(table, served, set, report);
    }
  }
  return [...found.values()];
}

type Report = (rule: RuleMeta, at: SourceRef, subject: string, message: string, severity?: 'warning') => void;

function tableChecks(
  table: TableState,
  served: readonly string[],
  report: Report,
  browserEvidence: () => string | undefined,
): void {
  const name = nameOf(table);
  // Policies without RLS get their own, more precise finding below.
  if (!table.external && !table.rls && served.length > 0 && table.policies.length === 0) {
    const browser = browserEvidence();
    report(
      RLS_DISABLED,
      table.rlsSource ?? table.created ?? table.source,
      name,
      `Table ${name} has row level security off and the Supabase API serves it to ${served.join(' and ')}: anyone with the anon key can read and change every row${browser ? ` — the anon key is in client code (${browser})` : ''}.`,
      browser ? undefined : 'warning',
    );
  }
  const first = table.policies[0];
  if (first && !table.rls && !table.external)
    report(
      POLICY_WITHOUT_RLS,
      first.source,
      name,
      `Table ${name} has ${table.policies.length === 1 ? `policy "${first.name}"` : `${table.policies.length} policies`} but row level security is not enabled: PostgreSQL ignores them, so every role with privileges on the table sees and changes all rows.`,
    );
  for (const policy of table.policies) {
    if (!policy.alwaysTrue || !ROW_CHANGES.has(policy.command)) continue;
    const everyone = policy.roles.some((role) => EVERYONE.has(role)) && served.includes('anon');
    const roles = policy.roles.filter((role) => role === 'authenticated' || EVERYONE.has(role));
    if (roles.length === 0) continue;
    report(
      POLICY_ALWAYS_TRUE,
      policy.source,
      `${name}:${policy.name}`,
      `Policy "${policy.name}" lets ${roles.join(', ')} ${policy.command === 'all' ? 'read, change and delete' : policy.command} every row of ${name}: its expression is \`true\`${everyone ? ', and the anon key is enough' : ''}.`,
      everyone ? undefined : 'warning',
    );
  }
}

function viewChecks(table: TableState, served: readonly string[], set: SchemaSource, report: Report): void {
  const name = nameOf(table);
  const at = table.created ?? table.source;
  const roles = served.join(' and ');
  if (table.reads?.includes('auth.users')) {
    report(
      AUTH_USERS_EXPOSED,
      at,
      name,
      `${table.materialized ? 'Materialized view' : 'View'} ${name} reads auth.users and the Supabase API serves it to ${roles}: every user's email, phone and metadata can be read with the anon key.`,
    );
    return;
  }
  const protectedTables = (table.reads ?? []).filter((read) => set.state.tables.get(read)?.rls === true);
  if (protectedTables.length === 0) return;
  report(
    SECURITY_DEFINER_VIEW,
    at,
    name,
    table.materialized
      ? `Materialized view ${name} is a snapshot without row level security, so the Supabase API serves every row of ${protectedTables.join(', ')} to ${roles} through it.`
      : `View ${name} runs with its owner's rights (no security_invoker), so the Supabase API serves ${protectedTables.join(', ')} to ${roles} through it without their row level security.`,
  );
}
