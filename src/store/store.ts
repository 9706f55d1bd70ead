import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction, sql } from 'kysely';
import pg from 'pg';
import { BatonError } from '../errors.js';
import { collectEvents } from './events.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { StoreTables } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';
export type Tx = Kysely<StoreTables> | Transaction<StoreTables>;

export interface StoreOptions {
  /** The clock, for leases and timestamps; tests move it. */
  now?: () => Date;
  /** How long a claim holds without activity (default 30 minutes). */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 30 * 60_000;

/** Where the embedded store lives when no `--db` is given: one file under the project's `.baton/`. */
export function defaultStorePath(root = process.cwd()): string {
  return resolve(root, '.baton', 'baton.db');
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * The store: one kysely query layer over an SQLite file (WAL, so several processes may open it) or a
 * PostgreSQL database. Every write runs in `write()`, a transaction that takes the write lock up front on
 * SQLite (`BEGIN IMMEDIATE`: a deferred one could fail mid-way when another process wrote first).
 */
export type EventListener = (event: { project: string; action: string }) => void;

export class Store {
  readonly leaseMs: number;
  private readonly listeners = new Set<EventListener>();
  private readonly clock: () => Date;
  /** Tells this process's notifications from other servers' (PostgreSQL fan-out). */
  private readonly instance = randomUUID();
  private fanIn: EventFanIn | undefined;

  private constructor(
    readonly db: Kysely<StoreTables>,
    readonly dialect: StoreDialect,
    readonly location: string,
    /** The SQLite handle, for online backups. */
    readonly sqlite: Database.Database | undefined,
    options: StoreOptions,
  ) {
    this.clock = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  static async open(location: string, options: StoreOptions = {}): Promise<Store> {
    let store: Store;
    if (isPostgresUrl(location)) {
      const pool = new pg.Pool({ connectionString: location, max: 10 });
      store = new Store(
        new Kysely({ dialect: new PostgresDialect({ pool }) }),
        'postgres',
        location,
        undefined,
        options,
      );
    } else {
      const file = resolve(location);
      mkdirSync(dirname(file), { recursive: true });
      const handle = new Database(file);
      try {
        handle.pragma('busy_timeout = 15000');
        handle.pragma('journal_mode = WAL');
        // NORMAL in WAL mode survives a killed process; only a power cut may drop the last commits.
        handle.pragma('synchronous = NORMAL');
        handle.pragma('foreign_keys = ON');
      } catch (error) {
        handle.close();
        throw new BatonError('invalid-store', `${file} is not a Baton store: ${(error as Error).message}`, {
          cause: error,
        });
      }
      store = new Store(
        new Kysely({ dialect: new SqliteDialect({ database: handle }) }),
        'sqlite',
        file,
        handle,
        options,
      );
    }
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      if (error instanceof BatonError) throw error;
      throw new BatonError(
        'invalid-store',
        `cannot open the store at ${store.describe()}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return store;
  }

  now(): Date {
    return this.clock();
  }

  /** The location without a password, for messages. */
  describe(): string {
    return this.location.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }

  /** Observes the events of this store's committed writes (metrics); returns the function that stops it. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    // On PostgreSQL, several servers share the store: the others' events arrive through LISTEN.
    if (this.dialect === 'postgres' && !this.fanIn)
      this.fanIn = new EventFanIn(this.location, this.instance, (event) => this.announce(event));
    return () => this.listeners.delete(listener);
  }

  /** Resolves once events of other servers are heard (at once on SQLite, which has no other servers). */
  async listening(): Promise<void> {
    await this.fanIn?.ready;
  }

  private announce(event: { project: string; action: string }): void {
    for (const listener of this.listeners) listener(event);
  }

  async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // Events are announced after the commit: a rolled-back write announces nothing.
    const events: { project: string; action: string }[] = [];
    const run = async (tx: Tx) => {
      collectEvents(tx, events);
      const value = await work(tx);
      // NOTIFY is transactional: other servers hear of the events exactly when they commit, never before.
      if (this.dialect === 'postgres')
        for (const { project, action } of events)
          await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ project, action, from: this.instance })})`.execute(
            tx,
          );
      return value;
    };
    let result: T;
    if (this.dialect === 'postgres') result = await this.db.transaction().execute(run);
    else
      result = await this.db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const value = await run(connection);
          await sql`commit`.execute(connection);
          return value;
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
      });
    for (const event of events) this.announce(event);
    return result;
  }

  async close(): Promise<void> {
    await this.fanIn?.close();
    await this.db.destroy();
  }

  /** Applies our schema migrations; refuses a store written by a newer Baton rather than guess at it. */
  private async migrate(): Promise<void> {
    await this.write(async (tx) => {
      // Two processes starting at once: the second waits here and then finds the work done.
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(2071815)`.execute(tx);
      await tx.schema
        .createTable('baton_meta')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      const row = await tx
        .selectFrom('baton_meta')
        .select('value')
        .where('key', '=', 'schema_version')
        .executeTakeFirst();
      const current = row ? Number(row.value) : 0;
      if (current > SCHEMA_VERSION)
        throw new BatonError(
          'store-too-new',
          `the store at ${this.describe()} has schema version ${current}, but this Baton knows only up to ${SCHEMA_VERSION}: upgrade Baton (nothing was changed)`,
        );
      for (let version = current; version < SCHEMA_VERSION; version++)
        await (MIGRATIONS[version] as (typeof MIGRATIONS)[number])(tx as Kysely<unknown>, this.dialect);
      if (current === SCHEMA_VERSION) return;
      if (row)
        await tx
          .updateTable('baton_meta')
          .set({ value: String(SCHEMA_VERSION) })
          .where('key', '=', 'schema_version')
          .execute();
      else
        await tx
          .insertInto('baton_meta')
          .values({ key: 'schema_version', value: String(SCHEMA_VERSION) })
          .execute();
    });
  }
}

const CHANNEL = 'baton_events';

/**
 * One LISTEN connection per store: events other servers committed, announced here as if written here.
 * Reconnects after a lost connection (1 s apart); events sent while it was down are not replayed (the event
 * log has them; a page reloads its view on the next event anyway).
 */
class EventFanIn {
  private client: pg.Client | undefined;
  private closed = false;
  private heard: () => void = () => {};
  /** The first LISTEN is in place. */
  readonly ready = new Promise<void>((resolve) => {
    this.heard = resolve;
  });

  constructor(
    private readonly url: string,
    private readonly instance: string,
    private readonly announce: (event: { project: string; action: string }) => void,
  ) {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    const retry = () => {
      if (this.client !== client || this.closed) return;
      this.client = undefined;
      void client.end().catch(() => {});
      setTimeout(() => void this.connect(), 1000).unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (message) => {
      try {
        const event = JSON.parse(message.payload ?? '') as { project: string; action: string; from: string };
        if (event.from !== this.instance) this.announce({ project: event.project, action: event.action });
      } catch {
        // Not ours: another program notifying on the channel.
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.heard();
    } catch {
      retry();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
