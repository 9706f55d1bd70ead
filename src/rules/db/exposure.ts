// Which tables and views the Supabase Data API (PostgREST) serves, and to whom. Supabase serves the schemas
// listed under `[api] schemas` in supabase/config.toml (public and graphql_public by default) to every
// request carrying the anon key, which ships in the frontend: what is served there is on the internet
// unless row level security or a REVOKE says otherwise.
import type { RepoRuleContext } from '../family.js';
import { canUse } from '../../schema/replay-access.js';
import type { TableState } from '../../schema/schema-state.js';
import type { SchemaSource } from '../../scan/link-schema.js';
import type { MigrationTool } from '../../schema/migration-order.js';
import { dependenciesOf, manifestOf, manifestsOf, within } from '../manifests.js';

const DEFAULT_SCHEMAS = ['public', 'graphql_public'];
/** The roles the API runs requests as: without a session, and with one. */
export const API_ROLES = ['anon', 'authenticated'] as const;

const MIGRATION_TOOLS = new Set<string>([
  'supabase',
  'prisma',
  'drizzle',
  'flyway',
  'numbered',
  'sql-schema',
  'alembic',
] satisfies MigrationTool[]);

/** The PostgreSQL migration sets of the repo, replayed (SQLite/MySQL sets have no RLS or API roles). */
export function postgresSets(context: RepoRuleContext): SchemaSource[] {
  return context.links.schemaSources.filter((source) => MIGRATION_TOOLS.has(source.kind) && !source.caseless);
}

const SUPABASE_PACKAGES = ['@supabase/supabase-js', '@supabase/ssr'];

/**
 * The set's database is a Supabase one: Supabase migrations, or a package (the set's own, or a workspace
 * above it) that depends on the Supabase client or queries through it. Decided per set, so a monorepo's
 * plain PostgreSQL service is not judged by a Supabase app beside it.
 */
export function isSupabase(context: RepoRuleContext, set: SchemaSource): boolean {
  if (set.kind === 'supabase') return true;
  const manifests = manifestsOf(context.files, context.read);
  const owner = manifestOf(`${set.where}/_`, manifests);
  const dir = owner?.dir ?? '';
  const dependencies = owner ? dependenciesOf(owner, manifests) : new Set<string>();
  return (
    SUPABASE_PACKAGES.some((name) => dependencies.has(name)) ||
    context.links.queries.some((query) => query.client === 'supabase' && within(query.source.file, dir))
  );
}

/** The schemas the API serves, from the set's supabase/config.toml, else Supabase's defaults. */
export function exposedSchemas(context: RepoRuleContext, set: SchemaSource): Set<string> {
  const near = set.kind === 'supabase' ? `${set.where.replace(/\/?migrations$/, '')}/config.toml` : '';
  const config = near && context.files.includes(near) ? near : undefined;
  const listed = config ? apiSchemas(context.read(config) ?? '') : undefined;
  return new Set(listed ?? DEFAULT_SCHEMAS);
}

/** `schemas = [...]` of the `[api]` table of a config.toml; undefined when it does not set them. */
export function apiSchemas(toml: string): string[] | undefined {
  const start = toml.search(/^\[api\]\s*$/m);
  if (start < 0) return undefined;
  const rest = toml.slice(start + 5);
  const next = rest.search(/^\[/m);
  const section = next < 0 ? rest : rest.slice(0, next);
  const list = /^\s*schemas\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1];
  if (list === undefined) return undefined;
  return [...list.matchAll(/"([^"\n]*)"/g)].map((match) => match[1] as string);
}

/** The API roles that keep row privileges on the relation. */
export function apiRoles(table: TableState): string[] {
  return API_ROLES.filter((role) => canUse(table, role));
}
