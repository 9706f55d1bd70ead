import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/**
 * The two stores every store test runs against: a fresh SQLite file, and a fresh database in the throwaway
 * PostgreSQL cluster of test/setup/postgres.ts (skipped, with the reason in its name, where none is installed).
 */
export interface StoreKind {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** A new, empty store location. */
  fresh(): Promise<string>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let databases = 0;

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'sqlite',
    available: true,
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
      dirs.push(dir);
      return join(dir, '.baton', 'baton.db');
    },
  },
  {
    name: 'postgres',
    available: inject('postgresUrl') !== '',
    async fresh() {
      const admin = inject('postgresUrl');
      const name = `baton_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      return admin.replace(/\/postgres$/, `/${name}`);
    },
  },
];

export function storeLabel(kind: StoreKind): string {
  return kind.available ? kind.name : `${kind.name} (not installed here: skipped)`;
}
