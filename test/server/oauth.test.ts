import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  type OAuthClientProvider,
  auth,
  discoverAuthorizationServerMetadata,
  refreshAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { Store, createToken, listEvents } from '../../src/store/index.js';
import { STORE_KINDS } from '../store/stores.js';

/** The SDK's client side of OAuth, with the browser replaced by the test following the redirect. */
class TestProvider implements OAuthClientProvider {
  readonly redirectUrl = 'http://127.0.0.1:9/callback';
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  get clientMetadata(): OAuthClientMetadata {
    return {
      redirect_uris: [this.redirectUrl],
      client_name: 'Hosted agent',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(client: OAuthClientInformationMixed) {
    this.client = client;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

describe('OAuth 2.1 for hosted MCP clients, driven by the SDK client', () => {
  let store: Store;
  let base: string;
  let close: () => void;
  let human: string;
  let agent: string;
  beforeAll(async () => {
    store = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh());
    const server = serve({ fetch: createApp(store, { log: false }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
    human = (await createToken(store, { project: 'shop', role: 'qa', human: true })).token;
    agent = (await createToken(store, { project: 'shop', role: 'backend' })).token;
  });
  afterAll(async () => {
    close();
    await store.close();
  });

  const consent = async (url: URL, fields: Record<string, string>) => {
    const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), ...fields });
    return fetch(`${base}/oauth/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  };
  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('registers, authorizes with PKCE on the consent page, calls, refreshes, revokes and is refused', async () => {
    const mcp = new URL(`${base}/mcp`);
    const unauthenticated = await fetch(mcp, { method: 'POST', body: '{}' });
    expect(unauthenticated.headers.get('www-authenticate')).toContain(
      `resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
    );
    const provider = new TestProvider();
    expect(await auth(provider, { serverUrl: mcp })).toBe('REDIRECT');
    const url = provider.authorizationUrl as URL;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const page = await fetch(url);
    expect(await page.text()).toContain('Hosted agent wants to work on your board');
    // Only a human token of the project grants; an agent token cannot.
    expect(
      (await consent(url, { project: 'shop', role: 'frontend', token: agent, decision: 'allow' })).status,
    ).toBe(403);
    expect(
      (await consent(url, { project: 'blog', role: 'frontend', token: human, decision: 'allow' })).status,
    ).toBe(403);
    const granted = await consent(url, {
      project: 'shop',
      role: 'frontend',
      token: human,
      decision: 'allow',
    });
    expect(granted.status).toBe(302);
    const back = new URL(granted.headers.get('location') as string);
    expect(back.origin + back.pathname).toBe(provider.redirectUrl);
    const code = back.searchParams.get('code') as string;
    expect(await auth(provider, { serverUrl: mcp, authorizationCode: code })).toBe('AUTHORIZED');
    const first = provider.saved as OAuthTokens;
    expect(first.access_token).toMatch(/^baton_at_/);

    const client = new Client({ name: 'hosted', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    const created = (await client.callTool({
      name: 'create_ticket',
      arguments: { title: 'Via OAuth', steps: ['frontend'] },
    })) as unknown as {
      structuredContent: { key: string; steps: { role: string }[] };
    };
    expect(created.structuredContent.key).toBe('HO-1');
    const claimed = (await client.callTool({
      name: 'claim_step',
      arguments: { ticket: 'HO-1' },
    })) as unknown as {
      isError?: boolean;
    };
    expect(claimed.isError).toBeFalsy();
    const events = await listEvents(store, 'shop');
    expect(events.find((e) => e.action === 'oauth.granted')).toMatchObject({
      principal: 'token:1',
      after: { role: 'frontend' },
    });
    expect(events.find((e) => e.action === 'ticket.created')?.principal).toMatch(/^oauth:/);
    await client.close();

    // Refresh rotates the pair; the first refresh token is then spent.
    const clientId = (provider.client as { client_id: string }).client_id;
    // With the SDK's own refresh helper, against the metadata it discovers.
    const metadata = await discoverAuthorizationServerMetadata(base);
    const second = await refreshAuthorization(base, {
      ...(metadata ? { metadata } : {}),
      clientInformation: provider.client as OAuthClientInformationMixed,
      refreshToken: first.refresh_token as string,
      resource: `${base}/mcp`,
    });
    expect(second.access_token).not.toBe(first.access_token);
    const call = (token: string) =>
      fetch(mcp, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await call(second.access_token)).status).toBe(200);
    // Revoked: refused.
    expect((await form('/oauth/revoke', { token: second.access_token, client_id: clientId })).status).toBe(
      200,
    );
    expect((await call(second.access_token)).status).toBe(401);
    // A spent refresh token used again ends the whole grant, the new refresh token included.
    expect(
      await (
        await form('/oauth/token', {
          grant_type: 'refresh_token',
          refresh_token: first.refresh_token as string,
          client_id: clientId,
        })
      ).json(),
    ).toMatchObject({
      error: 'invalid_grant',
    });
    expect(
      await (
        await form('/oauth/token', {
          grant_type: 'refresh_token',
          refresh_token: second.refresh_token as string,
          client_id: clientId,
        })
      ).json(),
    ).toMatchObject({
      error: 'invalid_grant',
    });
    // A code works once; presenting it again ends what it granted.
    const replay = await form('/oauth/token', {
      grant_type: 'authorization_code',
      code,
      code_verifier: provider.verifier,
      redirect_uri: provider.redirectUrl,
      client_id: (provider.client as { client_id: string }).client_id,
    });
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses unregistered redirect URIs, plain PKCE, wrong secrets and wrong verifiers', async () => {
    const register = await fetch(`${base}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://evil.example/cb'] }),
    });
    expect(await register.json()).toMatchObject({ error: 'invalid_redirect_uri' });
    const registered = (await (
      await fetch(`${base}/oauth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://127.0.0.1:9/cb'],
          token_endpoint_auth_method: 'client_secret_post',
        }),
      })
    ).json()) as { client_id: string; client_secret: string };
    expect(registered.client_secret).toBeTruthy();
    const authorize = (params: Record<string, string>) =>
      fetch(
        `${base}/oauth/authorize?${new URLSearchParams({ client_id: registered.client_id, response_type: 'code', redirect_uri: 'http://127.0.0.1:9/cb', code_challenge_method: 'S256', code_challenge: 'x'.repeat(43), ...params })}`,
        { redirect: 'manual' },
      );
    expect((await authorize({ redirect_uri: 'http://127.0.0.1:9/other' })).status).toBe(400);
    expect((await authorize({ code_challenge_method: 'plain' })).status).toBe(400);
    expect((await authorize({})).status).toBe(200);
    const url = new URL(
      `${base}/oauth/authorize?${new URLSearchParams({ client_id: registered.client_id, response_type: 'code', redirect_uri: 'http://127.0.0.1:9/cb', code_challenge_method: 'S256', code_challenge: 'x'.repeat(43) })}`,
    );
    const granted = await consent(url, { project: 'shop', role: 'qa', token: human, decision: 'allow' });
    const code = new URL(granted.headers.get('location') as string).searchParams.get('code') as string;
    const wrongSecret = await form('/oauth/token', {
      grant_type: 'authorization_code',
      code,
      code_verifier: 'v'.repeat(43),
      redirect_uri: 'http://127.0.0.1:9/cb',
      client_id: registered.client_id,
      client_secret: 'nope',
    });
    expect(wrongSecret.status).toBe(401);
    const wrongVerifier = await form('/oauth/token', {
      grant_type: 'authorization_code',
      code,
      code_verifier: 'v'.repeat(43),
      redirect_uri: 'http://127.0.0.1:9/cb',
      client_id: registered.client_id,
      client_secret: registered.client_secret,
    });
    expect(await wrongVerifier.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'PKCE verification failed',
    });
    const denied = await consent(url, { decision: 'deny' });
    expect(new URL(denied.headers.get('location') as string).searchParams.get('error')).toBe('access_denied');
  });

  it('lets access tokens expire after their lifetime', async () => {
    let clock = Date.parse('2026-11-22T10:00:00Z');
    const timed = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh(), {
      now: () => new Date(clock),
    });
    const app = createApp(timed, { log: false, oauth: { accessTtlSeconds: 60 } });
    const person = (await createToken(timed, { project: 'shop', role: 'qa', human: true })).token;
    const post = (path: string, body: Record<string, string>) =>
      app.request(path, {
        method: 'POST',
        body: new URLSearchParams(body),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const { client_id } = (await (
      await app.request('/oauth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://localhost:9/cb'],
          token_endpoint_auth_method: 'none',
        }),
      })
    ).json()) as { client_id: string };
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const granted = await post('/oauth/authorize', {
      client_id,
      response_type: 'code',
      redirect_uri: 'http://localhost:9/cb',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      project: 'shop',
      role: 'qa',
      token: person,
      decision: 'allow',
    });
    const code = new URL(granted.headers.get('location') as string).searchParams.get('code') as string;
    const tokens = (await (
      await post('/oauth/token', {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: 'http://localhost:9/cb',
        client_id,
      })
    ).json()) as { access_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(60);
    const list = () =>
      app.request('/api/v1/tickets', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await list()).status).toBe(200);
    clock += 61_000;
    const expired = await list();
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await timed.close();
  });
});
