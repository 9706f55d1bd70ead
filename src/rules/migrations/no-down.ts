import { findMigrations } from '../../schema/migration-order.js';
import { type RepoFinding, type RepoRuleContext, repoFinding } from '../family.js';
import { dependenciesOf, manifestOf, manifestsOf } from '../manifests.js';
import { alembicDownState, type DownState, scriptDownState, sqlDownState } from './down-section.js';
import { NO_DOWN } from './rules.js';

// JavaScript migration tools that run a `down` to roll back.
const SCRIPT_TOOLS = [
  'knex',
  'sequelize',
  'sequelize-cli',
  'umzug',
  'typeorm',
  'node-pg-migrate',
  'kysely',
  'db-migrate',
  '@mikro-orm/migrations',
  'migrate-mongo',
];
const SCRIPT = /\.(?:[cm]?js|[cm]?ts)$/;
const IN_MIGRATIONS = /(?:^|\/)migrations?\//;

/**
 * The newest migration of each set whose tool can roll back, when it has no rollback: that is the one
 * this deploy applies, and the one a failed deploy would need to undo. Older files were applied long ago;
 * reporting each of them would bury the one that matters.
 */
export function noDownFindings(context: RepoRuleContext): RepoFinding[] {
  const found: RepoFinding[] = [];
  const exists = new Set(context.files);
  for (const set of findMigrations(context.files, context.read)) {
    // Supabase, Prisma and Drizzle migrations only go forward: there is no down to ask for.
    if (set.tool === 'supabase' || set.tool === 'prisma' || set.tool === 'drizzle') continue;
    const states = set.files.map(({ file }) =>
      set.tool === 'alembic'
        ? alembicDownState(context.read(file) ?? '')
        : sqlDownState(file, context.read(file) ?? '', (p) => exists.has(p)),
    );
    report(
      found,
      set.dir,
      set.files.map((f) => f.file),
      states,
    );
  }
  for (const [dir, files] of scriptMigrationDirs(context)) {
    const states = files.map((file) => scriptDownState(context.read(file) ?? ''));
    report(found, dir, files, states);
  }
  return found;
}

function report(
  found: RepoFinding[],
  dir: string,
  all: readonly string[],
  allStates: readonly DownState[],
): void {
  // Files that are not migrations of a rollback-keeping tool (helpers, plain SQL) say nothing either way.
  const files = all.filter((_, index) => allStates[index] !== 'unknown');
  const states = allStates.filter((state) => state !== 'unknown');
  const newest = files.length - 1;
  const state = states[newest];
  if (state !== 'missing' && state !== 'empty') return;
  const without = states.filter((s) => s === 'missing' || s === 'empty').length;
  const file = files[newest] as string;
  const others =
    without > 1
      ? ` (${without - 1} earlier migration${without > 2 ? 's' : ''} in ${dir} also have none)`
      : '';
  found.push(
    repoFinding(
      NO_DOWN,
      { file, line: 1 },
      file,
      `The newest migration ${file} has ${state === 'empty' ? 'an empty' : 'no'} down migration: if this deploy is rolled back, the database cannot follow the code back${others}.`,
    ),
  );
}

/** Script migrations by folder, each in the order its tool runs them (timestamp or number prefixes sort). */
function scriptMigrationDirs(context: RepoRuleContext): Map<string, string[]> {
  const manifests = manifestsOf(context.files, context.read);
  const byDir = new Map<string, string[]>();
  for (const file of context.files) {
    if (!SCRIPT.test(file) || !IN_MIGRATIONS.test(file) || file.endsWith('.d.ts')) continue;
    const manifest = manifestOf(file, manifests);
    const dependencies = manifest ? dependenciesOf(manifest, manifests) : new Set<string>();
    if (!SCRIPT_TOOLS.some((tool) => dependencies.has(tool))) continue;
    const dir = file.slice(0, file.lastIndexOf('/'));
    const list = byDir.get(dir);
    if (list) list.push(file);
    else byDir.set(dir, [file]);
  }
  for (const list of byDir.values()) list.sort();
  return byDir;
}
