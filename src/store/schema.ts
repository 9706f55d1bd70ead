import type { Generated } from 'kysely';

/**
 * The store's tables as kysely sees them. Times are ISO-8601 UTC strings (they sort as text on both
 * stores), booleans are 0/1 integers, and lists or objects are JSON text: one representation on SQLite and
 * PostgreSQL, so one query layer serves both.
 */
export interface StoreTables {
  baton_meta: { key: string; value: string };
  projects: { name: string; created_at: string; ticket_seq: number };
  tokens: {
    id: Generated<number>;
    project: string;
    role: string;
    human: number;
    label: string;
    hash: string;
    created_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
  };
  tickets: {
    id: Generated<number>;
    project: string;
    number: number;
    title: string;
    description: string;
    acceptance: string;
    priority: string;
    milestone: string | null;
    labels: string;
    blocked_by: string;
    links: string;
    fingerprint: string | null;
    resolution: string | null;
    verified_by: string | null;
    verified_at: string | null;
    version: number;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  steps: {
    ticket_id: number;
    position: number;
    role: string;
    status: string;
    holder: string | null;
    claimed_at: string | null;
    lease_until: string | null;
    finished_at: string | null;
  };
  notes: {
    id: Generated<number>;
    ticket_id: number;
    kind: string;
    author: string;
    body: string;
    data: string | null;
    created_at: string;
  };
  events: {
    id: Generated<number>;
    project: string;
    ticket: number | null;
    principal: string;
    action: string;
    before: string | null;
    after: string | null;
    at: string;
  };
  scans: {
    id: Generated<number>;
    project: string;
    scanned_at: string;
    health: number | null;
    summary: string;
    result: string | null;
  };
  oauth_clients: {
    client_id: string;
    secret_hash: string | null;
    redirect_uris: string;
    metadata: string;
    created_at: string;
  };
  oauth_codes: {
    hash: string;
    client_id: string;
    redirect_uri: string;
    challenge: string;
    project: string;
    role: string;
    granted_by: string;
    resource: string | null;
    expires_at: string;
    used_at: string | null;
  };
  oauth_tokens: {
    hash: string;
    kind: string;
    client_id: string;
    family: string;
    project: string;
    role: string;
    label: string;
    expires_at: string;
    used_at: string | null;
    revoked_at: string | null;
    created_at: string;
  };
  scan_jobs: {
    key: string;
    project: string;
    scan_id: number;
    recorded_at: string;
  };
  scan_items: {
    scan_id: number;
    fingerprint: string;
    kind: string;
    severity: string;
    message: string;
  };
}
