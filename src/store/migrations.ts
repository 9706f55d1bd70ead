import type { Kysely } from 'kysely';
import type { StoreDialect } from './store.js';

/**
 * Our own schema, one entry per version, applied in order at start inside one write transaction. Never edit a
 * shipped entry: add the next one. A store newer than the last entry is refused (see `migrate`).
 */
export const MIGRATIONS: readonly ((db: Kysely<unknown>, dialect: StoreDialect) => Promise<void>)[] = [
  async (db, dialect) => {
    const id = (b: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
      dialect === 'postgres'
        ? b.addColumn('id', 'integer', (c) => c.generatedAlwaysAsIdentity().primaryKey())
        : b.addColumn('id', 'integer', (c) => c.autoIncrement().primaryKey());
    await db.schema
      .createTable('projects')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('ticket_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await id(db.schema.createTable('tokens'))
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('human', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();
    await id(db.schema.createTable('tickets'))
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('acceptance', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('milestone', 'text')
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('blocked_by', 'text', (c) => c.notNull())
      .addColumn('links', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text')
      .addColumn('resolution', 'text')
      .addColumn('verified_by', 'text')
      .addColumn('verified_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('tickets_number', ['project', 'number'])
      .execute();
    await db.schema
      .createIndex('tickets_fingerprint')
      .on('tickets')
      .columns(['project', 'fingerprint'])
      .execute();
    await db.schema
      .createTable('steps')
      .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('holder', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('finished_at', 'text')
      .addPrimaryKeyConstraint('steps_pk', ['ticket_id', 'position'])
      .execute();
    await id(db.schema.createTable('notes'))
      .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notes_ticket').on('notes').column('ticket_id').execute();
    await id(db.schema.createTable('events'))
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('ticket', 'integer')
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_ticket').on('events').columns(['project', 'ticket']).execute();
    await db.schema.createIndex('events_principal').on('events').columns(['project', 'principal']).execute();
    await id(db.schema.createTable('scans'))
      .addColumn('project', 'text', (c) => c.notNull().references('projects.name'))
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .addColumn('health', 'integer')
      .addColumn('summary', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('scan_items')
      .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('scan_items_pk', ['scan_id', 'fingerprint'])
      .execute();
  },
  // 2: the whole ScanResult of each scan (gzip, base64), so tools answer from the latest scan without
  // rescanning; older rows keep only their summary.
  async (db) => {
    await db.schema.alterTable('scans').addColumn('result', 'text').execute();
  },
  // 3: OAuth 2.1 for hosted MCP clients — registered clients, one-time authorization codes, and access and
  // refresh tokens (stored as hashes, like our own tokens).
  async (db) => {
    await db.schema
      .createTable('oauth_clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text')
      .addColumn('redirect_uris', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('oauth_codes')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('resource', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema
      .createTable('oauth_tokens')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_tokens_family').on('oauth_tokens').column('family').execute();
  },
  // Scan jobs a worker finished: recorded in the scan's own transaction, so a retried job never scans twice.
  async (db) => {
    await db.schema
      .createTable('scan_jobs')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('scan_id', 'integer', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
