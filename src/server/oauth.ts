import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { recordEvent } from '../store/events.js';
import { ACCESS_PREFIX, REFRESH_PREFIX, authenticate, hashToken } from '../store/principals.js';
import type { Store, Tx } from '../store/store.js';
import { consentPage, errorPage } from './consent-page.js';

export interface OAuthOptions {
  /** Access tokens live this long (default one hour); refresh tokens 30 days, rotated on every use. */
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  codeTtlSeconds?: number;
}

const ROLE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * The OAuth 2.1 authorization server for hosted MCP clients (DESIGN §9): RFC 8414 and RFC 9728 metadata,
 * dynamic client registration, authorization code with PKCE (S256 only), rotating refresh tokens with reuse
 * detection, and revocation. The consent page is where a human, proving who they are with a human token,
 * grants a client one role in their project; what it grants is always an agent principal.
 */
export function oauthRoutes(store: Store, options: OAuthOptions = {}): Hono {
  const app = new Hono();
  const accessTtl = options.accessTtlSeconds ?? 3600;
  const refreshTtl = options.refreshTtlSeconds ?? 30 * 86400;
  const codeTtl = options.codeTtlSeconds ?? 600;
  const now = () => store.now();
  const later = (seconds: number) => new Date(now().getTime() + seconds * 1000).toISOString();

  app.get('/.well-known/oauth-authorization-server', (c) => {
    const issuer = origin(c);
    return c.json({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      registration_endpoint: `${issuer}/oauth/register`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
      revocation_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
      scopes_supported: ['baton'],
    });
  });
  const resourceMetadata = (c: Context) =>
    c.json({
      resource: `${origin(c)}/mcp`,
      authorization_servers: [origin(c)],
      bearer_methods_supported: ['header'],
      scopes_supported: ['baton'],
      resource_name: 'Baton MCP',
    });
  app.get('/.well-known/oauth-protected-resource', resourceMetadata);
  app.get('/.well-known/oauth-protected-resource/mcp', resourceMetadata);

  app.post('/oauth/register', async (c) => {
    const metadata = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!metadata || typeof metadata !== 'object')
      return oauthError(c, 'invalid_client_metadata', 'expected a JSON object');
    const uris = metadata.redirect_uris;
    if (
      !Array.isArray(uris) ||
      uris.length === 0 ||
      !uris.every((u) => typeof u === 'string' && safeRedirect(u))
    )
      return oauthError(
        c,
        'invalid_redirect_uri',
        'redirect_uris: expected https URLs, or http on a loopback host (127.0.0.1, [::1], localhost)',
      );
    const method = String(metadata.token_endpoint_auth_method ?? 'client_secret_basic');
    if (!['none', 'client_secret_post', 'client_secret_basic'].includes(method))
      return oauthError(
        c,
        'invalid_client_metadata',
        `token_endpoint_auth_method "${method}" is not supported`,
      );
    const clientId = `client_${randomUUID()}`;
    const secret = method === 'none' ? undefined : randomBytes(32).toString('base64url');
    const at = now().toISOString();
    const stored = {
      client_name:
        typeof metadata.client_name === 'string' ? metadata.client_name.slice(0, 100) : 'an MCP client',
      redirect_uris: uris as string[],
      token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
    await store.db
      .insertInto('oauth_clients')
      .values({
        client_id: clientId,
        secret_hash: secret ? hashToken(secret) : null,
        redirect_uris: JSON.stringify(uris),
        metadata: JSON.stringify(stored),
        created_at: at,
      })
      .execute();
    return c.json(
      {
        ...stored,
        client_id: clientId,
        client_id_issued_at: Math.floor(now().getTime() / 1000),
        ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
      },
      201,
    );
  });

  app.get('/oauth/authorize', async (c) => {
    const request = await authorizationRequest(store, c.req.query(), origin(c));
    if ('error' in request) return c.html(errorPage(request.error), 400);
    return c.html(consentPage(request.client, c.req.query()));
  });

  app.post('/oauth/authorize', async (c) => {
    const form = await formOf(c);
    const request = await authorizationRequest(store, form, origin(c));
    if ('error' in request) return c.html(errorPage(request.error), 400);
    const back = new URL(request.redirectUri);
    if (form.state) back.searchParams.set('state', form.state);
    back.searchParams.set('iss', origin(c));
    if (form.decision !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return c.redirect(back.toString(), 302);
    }
    const role = form.role ?? '';
    const project = form.project ?? '';
    let human: Awaited<ReturnType<typeof authenticate>>;
    try {
      human = await authenticate(store, form.token ?? '');
    } catch {
      return c.html(consentPage(request.client, form, 'That token is not valid.'), 401);
    }
    if (!human.human)
      return c.html(consentPage(request.client, form, 'Only a human token can grant access.'), 403);
    if (human.project !== project)
      return c.html(
        consentPage(request.client, form, `Your token belongs to project ${human.project}, not ${project}.`),
        403,
      );
    if (!ROLE.test(role))
      return c.html(consentPage(request.client, form, 'Pick a role like backend, frontend or qa.'), 400);
    const code = randomBytes(32).toString('base64url');
    await store.write(async (tx) => {
      await tx
        .insertInto('oauth_codes')
        .values({
          hash: hashToken(code),
          client_id: request.client.client_id,
          redirect_uri: request.redirectUri,
          challenge: form.code_challenge ?? '',
          project,
          role,
          granted_by: human.id,
          resource: form.resource || null,
          expires_at: later(codeTtl),
        })
        .execute();
      await recordEvent(tx, {
        project,
        principal: human.id,
        action: 'oauth.granted',
        after: { client: request.client.client_id, name: request.client.name, role },
        at: now().toISOString(),
      });
    });
    back.searchParams.set('code', code);
    return c.redirect(back.toString(), 302);
  });

  app.post('/oauth/token', async (c) => {
    const form = await formOf(c);
    const client = await clientAuth(store, c.req.header('authorization'), form);
    if (!client) return oauthError(c, 'invalid_client', 'unknown client or wrong secret', 401);
    if (form.grant_type === 'authorization_code') {
      const issued = await store.write(async (tx) => {
        const code = await tx
          .selectFrom('oauth_codes')
          .selectAll()
          .where('hash', '=', hashToken(form.code ?? ''))
          .executeTakeFirst();
        if (!code || code.client_id !== client) return 'invalid_grant: unknown authorization code';
        if (code.used_at) {
          // A code presented twice was intercepted somewhere: everything it issued is revoked.
          await tx
            .updateTable('oauth_tokens')
            .set({ revoked_at: now().toISOString() })
            .where('family', '=', code.hash)
            .execute();
          return 'invalid_grant: the authorization code was already used';
        }
        if (code.expires_at <= now().toISOString()) return 'invalid_grant: the authorization code expired';
        if (code.redirect_uri !== form.redirect_uri)
          return 'invalid_grant: redirect_uri differs from the authorization request';
        if (!form.code_verifier || s256(form.code_verifier) !== code.challenge)
          return 'invalid_grant: PKCE verification failed';
        await tx
          .updateTable('oauth_codes')
          .set({ used_at: now().toISOString() })
          .where('hash', '=', code.hash)
          .execute();
        return issueTokens(tx, { client, family: code.hash, project: code.project, role: code.role });
      });
      return typeof issued === 'string'
        ? grantError(c, issued)
        : c.json(issued, 200, { 'cache-control': 'no-store' });
    }
    if (form.grant_type === 'refresh_token') {
      const issued = await store.write(async (tx) => {
        const old = await tx
          .selectFrom('oauth_tokens')
          .selectAll()
          .where('hash', '=', hashToken(form.refresh_token ?? ''))
          .where('kind', '=', 'refresh')
          .executeTakeFirst();
        if (!old || old.client_id !== client) return 'invalid_grant: unknown refresh token';
        if (old.used_at || old.revoked_at) {
          // Rotation means a refresh token works once: a second use is a stolen copy, so the grant ends.
          await tx
            .updateTable('oauth_tokens')
            .set({ revoked_at: now().toISOString() })
            .where('family', '=', old.family)
            .execute();
          return 'invalid_grant: the refresh token was already used or revoked';
        }
        if (old.expires_at <= now().toISOString()) return 'invalid_grant: the refresh token expired';
        await tx
          .updateTable('oauth_tokens')
          .set({ used_at: now().toISOString() })
          .where('hash', '=', old.hash)
          .execute();
        return issueTokens(tx, { client, family: old.family, project: old.project, role: old.role });
      });
      return typeof issued === 'string'
        ? grantError(c, issued)
        : c.json(issued, 200, { 'cache-control': 'no-store' });
    }
    return oauthError(c, 'unsupported_grant_type', 'expected authorization_code or refresh_token');
  });

  app.post('/oauth/revoke', async (c) => {
    const form = await formOf(c);
    const client = await clientAuth(store, c.req.header('authorization'), form);
    if (!client) return oauthError(c, 'invalid_client', 'unknown client or wrong secret', 401);
    const row = await store.db
      .selectFrom('oauth_tokens')
      .selectAll()
      .where('hash', '=', hashToken(form.token ?? ''))
      .executeTakeFirst();
    // RFC 7009: an unknown token is not an error. Revoking a refresh token ends its whole grant.
    if (row && row.client_id === client) {
      let query = store.db.updateTable('oauth_tokens').set({ revoked_at: now().toISOString() });
      query =
        row.kind === 'refresh' ? query.where('family', '=', row.family) : query.where('hash', '=', row.hash);
      await query.execute();
    }
    return c.body(null, 200);
  });

  async function issueTokens(
    tx: Tx,
    grant: { client: string; family: string; project: string; role: string },
  ) {
    const access = `${ACCESS_PREFIX}${randomBytes(32).toString('base64url')}`;
    const refresh = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
    const at = now().toISOString();
    const clientRow = await tx
      .selectFrom('oauth_clients')
      .select('metadata')
      .where('client_id', '=', grant.client)
      .executeTakeFirst();
    const name = clientRow
      ? (JSON.parse(clientRow.metadata) as { client_name?: string }).client_name
      : undefined;
    const label = `${name ?? 'MCP client'} (${grant.role})`;
    for (const [hash, kind, ttl] of [
      [hashToken(access), 'access', accessTtl],
      [hashToken(refresh), 'refresh', refreshTtl],
    ] as const)
      await tx
        .insertInto('oauth_tokens')
        .values({
          hash,
          kind,
          client_id: grant.client,
          family: grant.family,
          project: grant.project,
          role: grant.role,
          label,
          expires_at: later(ttl),
          created_at: at,
        })
        .execute();
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: accessTtl,
      refresh_token: refresh,
      scope: 'baton',
    };
  }
  return app;
}

/** The server's own origin as the client reached it (behind a proxy, X-Forwarded-* say how). */
export function origin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() || url.host;
  return `${proto}://${host}`;
}

interface AuthorizationRequest {
  client: { client_id: string; name: string };
  redirectUri: string;
}

/**
 * Checks an authorization request before anything is shown or any redirect happens: a known client, a
 * redirect URI registered for it exactly, a PKCE S256 challenge, our resource. Errors are shown on our
 * page, never sent to an unverified redirect URI.
 */
async function authorizationRequest(
  store: Store,
  query: Record<string, string | undefined>,
  issuer: string,
): Promise<AuthorizationRequest | { error: string }> {
  const row = query.client_id
    ? await store.db
        .selectFrom('oauth_clients')
        .selectAll()
        .where('client_id', '=', query.client_id)
        .executeTakeFirst()
    : undefined;
  if (!row) return { error: 'Unknown client: it has to register first.' };
  const uris = JSON.parse(row.redirect_uris) as string[];
  if (!query.redirect_uri || !uris.includes(query.redirect_uri))
    return { error: 'The redirect URI is not one this client registered (they must match exactly).' };
  if (query.response_type !== 'code') return { error: 'Only response_type=code is supported.' };
  if (query.code_challenge_method !== 'S256' || !/^[A-Za-z0-9._~-]{43,128}$/.test(query.code_challenge ?? ''))
    return { error: 'A PKCE code_challenge with code_challenge_method=S256 is required.' };
  if (
    query.resource &&
    query.resource.replace(/\/$/, '') !== `${issuer}/mcp` &&
    query.resource.replace(/\/$/, '') !== issuer
  )
    return { error: `This server grants access to ${issuer}/mcp only.` };
  const name = (JSON.parse(row.metadata) as { client_name?: string }).client_name ?? 'an MCP client';
  return { client: { client_id: row.client_id, name }, redirectUri: query.redirect_uri };
}

/** The client a token request comes from: public clients by id, confidential ones by id and secret. */
async function clientAuth(
  store: Store,
  header: string | undefined,
  form: Record<string, string>,
): Promise<string | undefined> {
  let id = form.client_id;
  let secret = form.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (basic) {
    const [user, pass] = Buffer.from(basic[1] as string, 'base64')
      .toString('utf8')
      .split(':');
    id = decodeURIComponent(user ?? '');
    secret = decodeURIComponent(pass ?? '');
  }
  if (!id) return undefined;
  const row = await store.db
    .selectFrom('oauth_clients')
    .select(['client_id', 'secret_hash'])
    .where('client_id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.secret_hash && (!secret || hashToken(secret) !== row.secret_hash)) return undefined;
  return row.client_id;
}

/** A form-encoded body as strings (a file field reads as empty: nothing here takes files). */
async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

function safeRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function oauthError(c: Context, error: string, description: string, status: 400 | 401 = 400) {
  return c.json({ error, error_description: description }, status);
}

function grantError(c: Context, text: string) {
  const [error, description] = text.split(': ');
  return oauthError(c, error as string, description ?? text);
}
