import type { SchemaSummary, SummaryTable } from '../scan/link-schema.js';
import type { Mismatch } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import type { ProjectSchema } from './schema-usage.js';

/**
 * `schema-source-drift`: a schema source that disagrees with the one the database follows — a Prisma schema
 * edited without a migration, Supabase types generated before the last migration. Each table or column one
 * side has and the other lacks, in `public` (platform schemas are managed elsewhere).
 */
export function schemaSourceDrift(schemas: readonly ProjectSchema[]): Mismatch[] {
  const primaries = schemas.flatMap(({ summary }) => summary.sources.filter((s) => s.primary));
  if (primaries.length === 0) return [];
  const truth = new Map<string, SummaryTable>();
  for (const source of primaries) for (const table of source.tables) truth.set(key(table), table);
  const truthWhere = primaries.map((s) => s.where).join(', ');
  const out: Mismatch[] = [];
  for (const { summary } of schemas) {
    for (const source of summary.sources) {
      // Models and generated types describe the primary database; another migration set is another
      // database (an analytics store, a second service) with nothing to agree on.
      if (source.primary || source.migrations || source.kind === 'mongoose') continue;
      out.push(...compare(truth, truthWhere, source));
    }
  }
  return out;
}

function compare(
  truth: Map<string, SummaryTable>,
  truthWhere: string,
  other: SchemaSummary['sources'][number],
): Mismatch[] {
  const out: Mismatch[] = [];
  const theirs = new Map(
    other.tables.filter((t) => t.schema === 'public' && !t.external).map((t) => [key(t), t]),
  );
  const ours = [...truth.values()].filter((t) => t.schema === 'public' && !t.external);
  // Which side to fix: what only the other source has was never migrated; what it lacks, it missed.
  const behind = REGENERATE[other.kind] ?? `Update ${other.where} to match the migrations.`;
  const ahead = `Write a migration for it${other.kind === 'prisma-schema' ? ' (`prisma migrate dev`)' : ''}, or remove it from ${other.where}.`;
  const drift = (
    table: string,
    column: string | undefined,
    message: string,
    at: SummaryTable,
    otherAhead: boolean,
  ) =>
    out.push({
      fingerprint: fingerprint(
        'schema-source-drift',
        other.kind,
        other.where,
        table,
        column ?? '',
        String(otherAhead),
      ),
      kind: 'schema-source-drift',
      severity: 'warning',
      message,
      table,
      ...(column ? { column } : {}),
      suggestion: otherAhead ? ahead : behind,
      sources: [at.source],
    });
  for (const table of ours) {
    const match = theirs.get(key(table));
    if (!match) {
      drift(
        table.name,
        undefined,
        `Table "${table.name}" is in ${truthWhere} but not in ${other.where} (${other.kind}).`,
        table,
        false,
      );
      continue;
    }
    if (!table.columnsKnown || !match.columnsKnown) continue;
    // One mismatch per table and direction, naming every column: a stale types file lists dozens.
    const columns = new Set(match.columns.map((c) => c.name));
    const onlyOurs = table.columns.filter((c) => !columns.has(c.name)).map((c) => c.name);
    const mine = new Set(table.columns.map((c) => c.name));
    const onlyTheirs = match.columns.filter((c) => !mine.has(c.name)).map((c) => c.name);
    if (onlyOurs.length > 0)
      drift(
        table.name,
        onlyOurs.length === 1 ? onlyOurs[0] : undefined,
        `${columnList(table.name, onlyOurs)} in ${truthWhere} but not in ${other.where} (${other.kind}).`,
        table,
        false,
      );
    if (onlyTheirs.length > 0)
      drift(
        table.name,
        onlyTheirs.length === 1 ? onlyTheirs[0] : undefined,
        `${columnList(table.name, onlyTheirs)} in ${match.source.file} (${other.kind}) but not in ${truthWhere}.`,
        match,
        true,
      );
  }
  for (const [name, table] of theirs)
    if (!truth.has(name))
      drift(
        table.name,
        undefined,
        `Table "${table.name}" is in ${table.source.file} (${other.kind}) but not in ${truthWhere}.`,
        table,
        true,
      );
  return out;
}

function columnList(table: string, columns: string[]): string {
  const shown = columns
    .slice(0, 8)
    .map((c) => `"${c}"`)
    .join(', ');
  const more = columns.length > 8 ? ` and ${columns.length - 8} more` : '';
  return columns.length === 1
    ? `Column "${table}.${columns[0]}" is`
    : `Columns ${shown}${more} of "${table}" are`;
}

const REGENERATE: Record<string, string> = {
  'supabase-types': 'Regenerate the types (`supabase gen types typescript`) after the last migration.',
  'prisma-schema':
    'Pull the schema from the database (`prisma db pull`), or add the missing fields to schema.prisma.',
  'drizzle-schema':
    'Add it to the Drizzle schema (or `drizzle-kit pull`), so queries through Drizzle can use it.',
};

function key(table: SummaryTable): string {
  return `${table.schema}.${table.name}`;
}
