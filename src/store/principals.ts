import { createHash, randomBytes } from 'node:crypto';
import { BatonError } from '../errors.js';
import { recordEvent } from './events.js';
import type { Store, Tx } from './store.js';

/** Who acts: a token's holder (an agent, or a human when the token says so), or Baton itself. */
export interface Principal {
  /** `token:<n>`, or `system:<what>` for Baton's own writes (auto-tickets after a scan). */
  id: string;
  project: string;
  role: string;
  human: boolean;
  label: string;
}

export interface TokenInfo {
  id: number;
  project: string;
  role: string;
  human: boolean;
  label: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

const ROLE = /^[a-z][a-z0-9_-]{0,31}$/;
const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PREFIX = 'baton_';
/** OAuth access tokens: short-lived, issued by the authorization server to hosted MCP clients. */
export const ACCESS_PREFIX = 'baton_at_';
export const REFRESH_PREFIX = 'baton_rt_';

export function systemPrincipal(project: string, what = 'scan'): Principal {
  return { id: `system:${what}`, project, role: 'system', human: false, label: `Baton (${what})` };
}

export function checkProjectName(project: string): void {
  if (!PROJECT.test(project))
    throw new BatonError(
      'invalid-argument',
      `project "${project}": expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
}

export async function ensureProject(tx: Tx, project: string, at: string): Promise<void> {
  checkProjectName(project);
  const found = await tx.selectFrom('projects').select('name').where('name', '=', project).executeTakeFirst();
  if (!found)
    await tx.insertInto('projects').values({ name: project, created_at: at, ticket_seq: 0 }).execute();
}

/** Tokens are shown once and stored as a SHA-256 hash: the store never holds a usable secret. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(
  store: Store,
  input: { project: string; role: string; human?: boolean; label?: string },
): Promise<{ token: string; info: TokenInfo }> {
  if (!ROLE.test(input.role))
    throw new BatonError(
      'invalid-argument',
      `role "${input.role}": expected a lower-case word like backend, frontend or qa`,
    );
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const at = store.now().toISOString();
  const human = input.human === true;
  const label = input.label ?? `${human ? 'human' : 'agent'} ${input.role}`;
  const row = await store.write(async (tx) => {
    await ensureProject(tx, input.project, at);
    const inserted = await tx
      .insertInto('tokens')
      .values({
        project: input.project,
        role: input.role,
        human: human ? 1 : 0,
        label,
        hash: hashToken(token),
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, {
      project: input.project,
      principal: 'admin:local',
      action: 'token.created',
      after: { id: inserted.id, role: input.role, human, label },
      at,
    });
    return inserted;
  });
  return {
    token,
    info: { id: row.id, project: input.project, role: input.role, human, label, createdAt: at },
  };
}

export async function listTokens(store: Store, project: string): Promise<TokenInfo[]> {
  const rows = await store.db
    .selectFrom('tokens')
    .selectAll()
    .where('project', '=', project)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    project: row.project,
    role: row.role,
    human: row.human === 1,
    label: row.label,
    createdAt: row.created_at,
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  }));
}

export async function revokeToken(store: Store, project: string, id: number): Promise<void> {
  const at = store.now().toISOString();
  await store.write(async (tx) => {
    const result = await tx
      .updateTable('tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('project', '=', project)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new BatonError('not-found', `token ${id} is not an active token of project ${project}`);
    await recordEvent(tx, { project, principal: 'admin:local', action: 'token.revoked', after: { id }, at });
  });
}

/** The principal a token stands for; a wrong, unknown or revoked token is refused without saying which. */
export async function authenticate(store: Store, token: string): Promise<Principal> {
  if (token.startsWith(ACCESS_PREFIX)) return authenticateAccess(store, token);
  const row = token.startsWith(PREFIX)
    ? await store.db.selectFrom('tokens').selectAll().where('hash', '=', hashToken(token)).executeTakeFirst()
    : undefined;
  if (!row || row.revoked_at)
    throw new BatonError('unauthorized', 'the token is not valid (unknown or revoked)');
  const now = store.now();
  // Recording use at most once a minute keeps reads from turning into writes.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000)
    await store.db
      .updateTable('tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  return {
    id: `token:${row.id}`,
    project: row.project,
    role: row.role,
    human: row.human === 1,
    label: row.label,
  };
}

/**
 * An OAuth access token's principal: always an agent (a consent grants a role, never the human gate), named
 * by its grant so the event log tells one client's actions from another's across refreshes.
 */
async function authenticateAccess(store: Store, token: string): Promise<Principal> {
  const row = await store.db
    .selectFrom('oauth_tokens')
    .selectAll()
    .where('hash', '=', hashToken(token))
    .where('kind', '=', 'access')
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= store.now().toISOString())
    throw new BatonError('unauthorized', 'the token is not valid (unknown, expired or revoked)');
  return {
    id: `oauth:${row.family.slice(0, 12)}`,
    project: row.project,
    role: row.role,
    human: false,
    label: row.label,
  };
}
