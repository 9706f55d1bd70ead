import type { SchemaConflict } from '../schema/schema-state.js';
import type { Mismatch, SourceLocation } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import type { ProjectSchema } from './schema-usage.js';

const ADVICE = {
  'duplicate-version': 'Give one of the two migrations a new, later version.',
  'missing-object': 'Reorder the migrations, or create the object before this statement uses it.',
  'already-exists': 'Drop the duplicate CREATE, or make it CREATE … IF NOT EXISTS if both are meant to run.',
} as const;

/** Locations listed on one mismatch; the rest are counted in its message. */
const MAX_SOURCES = 10;

/**
 * `migration-conflict`: what the replay found breaking the order — two migrations with one version, a
 * statement against an object that does not exist yet at that point, a CREATE of something already there.
 * Every statement about one missing object is one mismatch: a history that starts after a table was made
 * (in a dashboard, by hand) would otherwise be reported once per ALTER and policy.
 */
export function migrationConflicts(schemas: readonly ProjectSchema[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (const { repo, summary } of schemas) {
    const generated = new Set(
      summary.sources
        .filter((source) => source.kind === 'supabase-types')
        .flatMap((source) => source.tables.map((table) => `table:${table.schema}.${table.name}`)),
    );
    const groups = new Map<string, SchemaConflict[]>();
    for (const conflict of summary.conflicts) {
      const key =
        conflict.kind === 'missing-object' && conflict.object
          ? conflict.object
          : `${conflict.file}\u0000${conflict.message}`;
      groups.set(key, [...(groups.get(key) ?? []), conflict]);
    }
    for (const [key, group] of groups) {
      const [first] = group as [SchemaConflict, ...SchemaConflict[]];
      const more = group.length - 1;
      const outside = generated.has(key)
        ? ' It is in the generated types, so it was made outside the migrations: a fresh database built from them fails here.'
        : '';
      const sources: SourceLocation[] = group
        .slice(0, MAX_SOURCES)
        .map((conflict) => ({ repo, file: conflict.file, line: conflict.line, column: 1 }));
      out.push({
        // Line numbers move with unrelated edits; the object (or the statement) and the file name the conflict.
        fingerprint: fingerprint(
          'migration-conflict',
          repo,
          first.kind,
          first.object ?? first.file,
          withoutLines(first.message),
        ),
        kind: 'migration-conflict',
        severity: 'error',
        message: `${first.message}${more > 0 ? ` (and ${more} more statement${more === 1 ? '' : 's'} using it)` : ''}.${outside}`,
        suggestion: outside
          ? 'Add a migration at the start of the history that creates it (`supabase db diff` against the live database).'
          : ADVICE[first.kind],
        sources,
      });
    }
  }
  return out;
}

function withoutLines(message: string): string {
  return message.replace(/\bline \d+/g, 'line');
}
