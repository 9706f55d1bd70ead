import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { BatonError } from '../errors.js';
import { SCHEMA_VERSION } from './migrations.js';
import type { Store } from './store.js';

/**
 * An online backup of the embedded store: SQLite's backup API copies a consistent snapshot while other
 * processes keep reading and writing. PostgreSQL has its own tools (docs/store.md).
 */
export async function backupStore(store: Store, file: string): Promise<{ pages: number }> {
  if (!store.sqlite)
    throw new BatonError(
      'invalid-argument',
      'backup works on the embedded store; back up PostgreSQL with pg_dump (docs/store.md)',
    );
  const target = resolve(file);
  if (existsSync(target))
    throw new BatonError('invalid-argument', `${file}: already exists; choose a new file`);
  const { totalPages } = await store.sqlite.backup(target);
  return { pages: totalPages };
}

/**
 * Replaces the embedded store with a backup after checking that it is one (our tables, a schema version this
 * Baton knows, SQLite's integrity check). The current store is kept next to it as `<name>.before-restore`.
 * Stop servers using the store first: open connections would keep writing to the replaced file.
 */
export async function restoreStore(storeFile: string, backupFile: string): Promise<{ kept?: string }> {
  const source = resolve(backupFile);
  if (!existsSync(source)) throw new BatonError('path-not-found', `${backupFile}: no such file`);
  let backup: Database.Database;
  try {
    backup = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BatonError('invalid-store', `${backupFile}: not an SQLite file (${(error as Error).message})`);
  }
  const target = resolve(storeFile);
  const staged = `${target}.restoring`;
  try {
    const check = checkBackup(backup, backupFile);
    if (check) throw new BatonError('invalid-store', check);
    rmSync(staged, { force: true });
    await backup.backup(staged);
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw new BatonError('invalid-store', `${backupFile}: ${(error as Error).message}`);
  } finally {
    backup.close();
  }
  let kept: string | undefined;
  if (existsSync(target)) {
    kept = `${target}.before-restore`;
    // Fold the live WAL into the file so what is kept is complete.
    const current = new Database(target);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    rmSync(kept, { force: true });
    renameSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staged, target);
  return kept ? { kept } : {};
}

function checkBackup(db: Database.Database, name: string): string | undefined {
  try {
    const row = db.prepare("select value from baton_meta where key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    if (!row) return `${name}: not a Baton store (no schema version)`;
    if (Number(row.value) > SCHEMA_VERSION)
      return `${name}: schema version ${row.value} is newer than this Baton (${SCHEMA_VERSION}); upgrade Baton first`;
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `${name}: integrity check failed (${String(integrity)})`;
    return undefined;
  } catch (error) {
    return `${name}: not a Baton store (${(error as Error).message})`;
  }
}
