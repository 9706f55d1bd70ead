import type { Mismatch } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import type { ProjectSchema } from './schema-usage.js';

const ADVICE = {
  'duplicate-version': 'Give one of the two migrations a new, later version.',
  'missing-object': 'Reorder the migrations, or create the object before this statement uses it.',
  'already-exists': 'Drop the duplicate CREATE, or make it CREATE … IF NOT EXISTS if both are meant to run.',
} as const;

/**
 * `migration-conflict`: what the replay found breaking the order — two migrations with one version, a
 * statement against an object that does not exist yet at that point, a CREATE of something already there.
 */
export function migrationConflicts(schemas: readonly ProjectSchema[]): Mismatch[] {
  return schemas.flatMap(({ repo, summary }) =>
    summary.conflicts.map((conflict) => ({
      // Line numbers move with unrelated edits; the statement and the file name the conflict.
      fingerprint: fingerprint(
        'migration-conflict',
        repo,
        conflict.kind,
        conflict.file,
        withoutLines(conflict.message),
      ),
      kind: 'migration-conflict',
      severity: 'error' as const,
      message: conflict.message,
      suggestion: ADVICE[conflict.kind],
      sources: [{ repo, file: conflict.file, line: conflict.line, column: 1 }],
    })),
  );
}

function withoutLines(message: string): string {
  return message.replace(/\bline \d+/g, 'line');
}
