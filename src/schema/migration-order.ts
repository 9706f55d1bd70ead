// Finds the migration sets in a repository and orders each the way its tool applies it. Order matters:
// replaying `V10__` before `V2__` or a Drizzle journal out of order invents conflicts that do not exist.
//   Supabase: https://supabase.com/docs/reference/cli/supabase-migration-new
//   Prisma:   https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories
//   Drizzle:  https://orm.drizzle.team/docs/drizzle-kit-migrate
//   Flyway:   https://documentation.red-gate.com/fd/migrations-184127470.html

export type MigrationTool =
  | 'supabase'
  | 'prisma'
  | 'drizzle'
  | 'flyway'
  | 'numbered'
  | 'sql-schema'
  | 'alembic';

export interface MigrationFile {
  /** Repo-relative path. */
  file: string;
  /** The version the tool records; '' when it has none (repeatable and single-file schemas). */
  version: string;
}

export interface MigrationSet {
  tool: MigrationTool;
  /** The folder holding the set (the file itself for a single-file schema). */
  dir: string;
  files: MigrationFile[];
}

// Folder names that hold plain numbered migrations (golang-migrate, dbmate, goose, sqlx, Flyway's db/migration).
const MIGRATION_DIRS = new Set(['migrations', 'migration', 'migrate', 'sql']);
const SCHEMA_FILES = new Set(['schema.sql', 'init.sql', 'structure.sql']);

interface Candidate extends MigrationFile {
  /** What the tool sorts by. */
  key: string;
}

/** Every migration set in the repo, each ordered; a repo may hold several and the caller picks. */
export function findMigrations(
  paths: readonly string[],
  readText: (path: string) => string | undefined,
): MigrationSet[] {
  const pathSet = new Set(paths);
  const sqlFiles = paths.filter((path) => path.endsWith('.sql') && !isExcluded(path));
  const sets: MigrationSet[] = [];
  const claimed = new Set<string>();
  const add = (tool: MigrationTool, dir: string, files: MigrationFile[]): void => {
    if (files.length === 0) return;
    for (const file of files) claimed.add(file.file);
    sets.push({ tool, dir, files });
  };

  for (const dir of drizzleDirs(paths)) add('drizzle', dir, drizzleFiles(dir, sqlFiles, pathSet, readText));
  for (const [dir, files] of alembicDirs(paths)) add('alembic', dir, alembicOrder(files, readText));

  const groups = new Map<string, { tool: MigrationTool; files: Candidate[] }>();
  const group = (tool: MigrationTool, dir: string, candidate: Candidate): void => {
    const entry = groups.get(dir) ?? { tool, files: [] };
    if (tool === 'flyway') entry.tool = tool;
    entry.files.push(candidate);
    groups.set(dir, entry);
  };
  for (const file of sqlFiles) {
    if (claimed.has(file)) continue;
    const { dir, name } = splitPath(file);
    const folder = splitPath(dir);
    const digits = leadingDigits(name);
    if (folder.name === 'migrations' && splitPath(folder.dir).name === 'supabase') {
      // The Supabase CLI only runs files named <digits>_<name>.sql and compares versions as strings.
      if (digits && name[digits.length] === '_')
        group('supabase', dir, { file, version: digits, key: digits });
    } else if ((name === 'migration.sql' || name === 'up.sql') && isMigrationDir(folder.dir)) {
      // One folder per migration (Prisma, Diesel): the folder name carries the version and the order.
      const version = leadingDigits(folder.name.replaceAll('-', '')) || folder.name;
      const prisma = name === 'migration.sql' && isPrismaDir(folder.dir, pathSet);
      group(prisma ? 'prisma' : 'numbered', folder.dir, { file, version, key: folder.name });
    } else if (isMigrationDir(dir)) {
      const flyway = flywayVersion(name);
      if (flyway !== undefined) group('flyway', dir, { file, version: flyway, key: flyway });
      else if (digits) group('numbered', dir, { file, version: stripZeros(digits), key: digits });
    }
  }
  for (const [dir, { tool, files }] of groups) add(tool, dir, sortFor(tool, files));

  const setDirs = new Set(sets.map((set) => set.dir));
  for (const file of sqlFiles) {
    const { dir, name } = splitPath(file);
    if (SCHEMA_FILES.has(name.toLowerCase()) && !claimed.has(file) && !setDirs.has(dir))
      add('sql-schema', file, [{ file, version: '' }]);
  }
  return sets.sort((a, b) => compareText(a.dir, b.dir));
}

function sortFor(tool: MigrationTool, files: Candidate[]): MigrationFile[] {
  const byName = (a: Candidate, b: Candidate) => compareText(a.file, b.file);
  const order: Record<MigrationTool, (a: Candidate, b: Candidate) => number> = {
    supabase: (a, b) => compareText(a.key, b.key) || byName(a, b),
    prisma: (a, b) => compareText(a.key, b.key),
    // Flyway runs versioned migrations by numeric version parts, then repeatable ones (R__) by name.
    flyway: (a, b) => compareFlyway(a.key, b.key) || byName(a, b),
    // golang-migrate, goose and sqlx parse the prefix as a number: 9_x runs before 10_x.
    numbered: (a, b) => compareNumbers(a.key, b.key) || byName(a, b),
    drizzle: byName,
    'sql-schema': byName,
    alembic: byName,
  };
  return [...files].sort(order[tool]).map(({ file, version }) => ({ file, version }));
}

/** Alembic keeps revisions as Python files in `versions/` beside its `env.py`. */
function alembicDirs(paths: readonly string[]): Map<string, string[]> {
  const envs = new Set(
    paths.filter((path) => path.endsWith('/env.py') || path === 'env.py').map((p) => splitPath(p).dir),
  );
  const dirs = new Map<string, string[]>();
  for (const path of paths) {
    const { dir, name } = splitPath(path);
    const versions = splitPath(dir);
    if (
      !name.endsWith('.py') ||
      name === '__init__.py' ||
      versions.name !== 'versions' ||
      !envs.has(versions.dir)
    )
      continue;
    dirs.set(dir, [...(dirs.get(dir) ?? []), path]);
  }
  return dirs;
}

const REVISION = /^revision\s*(?::\s*str\s*)?=\s*['"]([\w-]{1,64})['"]/m;
const DOWN_REVISION =
  /^down_revision\s*(?::[^=\n]{0,80})?=\s*(?:['"]([\w-]{1,64})['"]|None|\(([^)\n]{0,300})\))/m;

/**
 * Alembic applies revisions along the `down_revision` chain, not by file name: parents first. A merge
 * revision (a tuple of parents) waits for all of them; a branch point keeps file-name order between its
 * children. Unreadable files go last, by name.
 */
function alembicOrder(
  files: readonly string[],
  readText: (path: string) => string | undefined,
): MigrationFile[] {
  const nodes = files.map((file) => {
    const text = readText(file) ?? '';
    const down = DOWN_REVISION.exec(text);
    const parents = down?.[1]
      ? [down[1]]
      : down?.[2]
        ? [...down[2].matchAll(/['"]([\w-]{1,64})['"]/g)].map((m) => m[1] as string)
        : [];
    return { file, revision: REVISION.exec(text)?.[1] ?? '', parents };
  });
  const byRevision = new Map(nodes.filter((n) => n.revision).map((n) => [n.revision, n]));
  const done = new Set<string>();
  const ordered: MigrationFile[] = [];
  const sorted = [...nodes].sort((a, b) => compareText(a.file, b.file));
  // Kahn's algorithm over the chain; bounded by the number of files.
  for (let progress = true; progress; ) {
    progress = false;
    for (const node of sorted) {
      if (done.has(node.file)) continue;
      if (
        node.parents.some((parent) => byRevision.has(parent) && !done.has(byRevision.get(parent)?.file ?? ''))
      )
        continue;
      done.add(node.file);
      ordered.push({ file: node.file, version: node.revision });
      progress = true;
    }
  }
  for (const node of sorted)
    if (!done.has(node.file)) ordered.push({ file: node.file, version: node.revision });
  return ordered;
}

function drizzleDirs(paths: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    const { dir, name } = splitPath(path);
    if (splitPath(dir).name === 'meta' && (name === '_journal.json' || name.endsWith('_snapshot.json')))
      dirs.add(splitPath(dir).dir);
  }
  return dirs;
}

/** Drizzle applies the journal's entries by `idx`; without a readable journal, by file name. */
function drizzleFiles(
  dir: string,
  sqlFiles: readonly string[],
  pathSet: ReadonlySet<string>,
  readText: (path: string) => string | undefined,
): MigrationFile[] {
  const journal = joinPath(dir, 'meta/_journal.json');
  const entries = pathSet.has(journal) ? journalEntries(readText(journal)) : undefined;
  const files = entries
    ? entries.map((entry) => joinPath(dir, `${entry.tag}.sql`)).filter((file) => pathSet.has(file))
    : sqlFiles.filter((file) => splitPath(file).dir === dir).sort(compareText);
  return files.map((file) => ({
    file,
    version: leadingDigits(splitPath(file).name) || splitPath(file).name,
  }));
}

function journalEntries(text: string | undefined): { idx: number; tag: string }[] | undefined {
  if (text === undefined) return undefined;
  try {
    const journal = JSON.parse(text) as { entries?: unknown };
    if (!Array.isArray(journal.entries)) return undefined;
    const entries = journal.entries.filter(
      (e): e is { idx: number; tag: string } => typeof e?.idx === 'number' && typeof e?.tag === 'string',
    );
    return entries.sort((a, b) => a.idx - b.idx);
  } catch {
    return undefined;
  }
}

/** `V1_1__add.sql` → `1.1`; `R__views.sql` → '' (repeatable); undefined for anything else. */
function flywayVersion(name: string): string | undefined {
  const separator = name.indexOf('__');
  if (separator < 1) return undefined;
  const prefix = name.slice(0, separator);
  if (prefix === 'R') return '';
  if (prefix[0] !== 'V' || prefix.length < 2) return undefined;
  const version = prefix.slice(1).replaceAll('_', '.');
  const parts = version.split('.');
  return parts.every((part) => part !== '' && leadingDigits(part) === part)
    ? parts.map(stripZeros).join('.')
    : undefined;
}

function compareFlyway(a: string, b: string): number {
  // Repeatables ('') run after every versioned migration.
  if (a === '' || b === '') return (a === '' ? 1 : 0) - (b === '' ? 1 : 0);
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const order = compareNumbers(left[i] ?? '', right[i] ?? '');
    if (order !== 0) return left[i] === undefined ? -1 : right[i] === undefined ? 1 : order;
  }
  return 0;
}

/** Compares digit strings as numbers of any length, without converting (timestamps overflow nothing). */
function compareNumbers(a: string, b: string): number {
  const left = stripZeros(a);
  const right = stripZeros(b);
  return left.length - right.length || compareText(left, right);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits[i] === '0') i++;
  return digits.slice(i);
}

function leadingDigits(name: string): string {
  let i = 0;
  while (i < name.length && name.charCodeAt(i) >= 48 && name.charCodeAt(i) <= 57) i++;
  return name.slice(0, i);
}

/** Rollbacks and seed data are not migrations. */
function isExcluded(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  const name = parts.at(-1) ?? '';
  if (name.endsWith('.down.sql') || name === 'down.sql' || name.startsWith('seed') || /^u\d/.test(name))
    return true;
  return parts.some((part) => part === 'seed' || part === 'seeds');
}

/** A folder named like a migrations folder, or directly inside one (`migrations/postgres/`). */
function isMigrationDir(dir: string): boolean {
  const { dir: parent, name } = splitPath(dir);
  return MIGRATION_DIRS.has(name) || MIGRATION_DIRS.has(splitPath(parent).name);
}

function isPrismaDir(dir: string, pathSet: ReadonlySet<string>): boolean {
  return splitPath(splitPath(dir).dir).name === 'prisma' || pathSet.has(joinPath(dir, 'migration_lock.toml'));
}

function splitPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
}

function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
