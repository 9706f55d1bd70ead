import { createHash, randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BatonError, type ErrorCode } from '../errors.js';
import { type Principal, type Store, authenticate } from '../store/index.js';
import { TOOLS } from '../tools/catalogue.js';
import { parseInput } from '../tools/tool.js';
import { loggedCall } from '../tools/tool-log.js';
import { type ToolObserver, mcpServerFor } from './mcp.js';
import { Metrics } from './metrics.js';
import { type OAuthOptions, oauthRoutes, origin } from './oauth.js';
import { dashboardRoutes } from './dashboard-api.js';
import { restDocument } from './openapi.js';
import { webRoutes } from './web.js';
import { RateLimiter } from './rate-limit.js';
import { ROUTES, queryInput } from './routes.js';
import type { ScanJobs } from './scan-jobs.js';
import { RescanQueue, projectsWithRepo, validSignature } from './webhook.js';

const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  'invalid-argument': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'claim-refused': 409,
};

/** Request bodies are small JSON documents; anything bigger is refused before it is read. */
const MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  /** One JSON object per line (default: stderr); `false` for none. */
  log?: ((entry: Record<string, unknown>) => void) | false;
  /** Per-token limit (default 600 a minute, bursts of 120). */
  rateLimit?: { perMinute: number; burst: number };
  metrics?: Metrics;
  /** The shared secret of `POST /webhooks/git` (GitHub's `X-Hub-Signature-256`); without it the route is off. */
  webhookSecret?: string;
  oauth?: OAuthOptions;
  /** Receives the rescan queue, so a caller can wait for it (tests, shutdown). */
  onRescans?: (queue: RescanQueue) => void;
  /** On PostgreSQL: pushes become scan jobs for `baton worker` processes instead of in-process rescans. */
  jobs?: ScanJobs;
}

export type Env = { Variables: { principal: Principal; requestId: string } };

/** The HTTP surface over one store: `/healthz`, `/metrics`, REST `/api/v1` and MCP `/mcp` (bearer tokens). */
export function createApp(store: Store, options: AppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const metrics = options.metrics ?? new Metrics();
  const log =
    options.log === false
      ? () => {}
      : (options.log ??
        ((entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`)));
  const limiter = new RateLimiter(options.rateLimit?.perMinute ?? 600, options.rateLimit?.burst ?? 120);
  store.onEvent((event) => metrics.events.inc({ action: event.action }));

  app.use(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    const surface = c.req.path.startsWith('/mcp') ? 'mcp' : c.req.path.startsWith('/api/') ? 'rest' : 'other';
    metrics.requests.inc({ surface, status: `${Math.floor(c.res.status / 100)}xx` });
    log({
      time: new Date().toISOString(),
      level: c.res.status >= 500 ? 'error' : 'info',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      principal: c.get('principal')?.id,
    });
  });
  const bearer: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // RFC 9728: a 401 names the resource metadata, where an OAuth client learns how to get a token.
    const challenge = `Bearer realm="baton", resource_metadata="${origin(c)}/.well-known/oauth-protected-resource/mcp"`;
    if (!match) {
      c.header('WWW-Authenticate', challenge);
      throw new BatonError('unauthorized', 'send a token as Authorization: Bearer <token>');
    }
    let principal: Principal;
    try {
      principal = await authenticate(store, match[1] as string);
    } catch (error) {
      c.header('WWW-Authenticate', `${challenge}, error="invalid_token"`);
      throw error;
    }
    c.set('principal', principal);
    const wait = limiter.take(principal.id);
    if (wait > 0) {
      metrics.rateLimited.inc();
      c.header('Retry-After', String(wait));
      return c.json(
        { error: { code: 'rate-limited', message: `too many requests; retry in ${wait} s` } },
        429,
      );
    }
    await next();
  };
  /** Every tool call: counted, timed, and appended to the caller's event log. */
  const observe =
    (transport: string, principal: () => Principal): ToolObserver =>
    async (tool, work, input) => {
      const started = performance.now();
      try {
        const result = await loggedCall({ store, principal: principal() }, tool, transport, input, work);
        metrics.toolCalls.inc({ tool, transport, outcome: 'ok' });
        return result;
      } catch (error) {
        metrics.toolCalls.inc({
          tool,
          transport,
          outcome: error instanceof BatonError ? error.code : 'internal',
        });
        throw error;
      } finally {
        metrics.toolSeconds.observe((performance.now() - started) / 1000, { tool });
      }
    };
  app.onError((error, c) => {
    if (error instanceof BatonError)
      return c.json({ error: { code: error.code, message: error.message } }, STATUS[error.code] ?? 500);
    log({
      time: new Date().toISOString(),
      level: 'error',
      requestId: c.get('requestId'),
      error: String(error),
    });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not-found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.get('/healthz', (c) => c.json({ ok: true, store: store.dialect }));
  app.route('/', oauthRoutes(store, options.oauth));
  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        { error: { code: 'invalid-argument', message: `request body over ${MAX_BODY_BYTES} bytes` } },
        413,
      ),
  });
  const api = new Hono<Env>();
  // The description of the API is public: it holds no data.
  api.get('/openapi.json', (c) => c.json(restDocument()));
  api.use(limit);
  api.use(bearer);
  for (const route of ROUTES) {
    const path = route.path.replace(':ticket', ':ticket{[A-Za-z0-9-]+}');
    api.on(route.method, path, async (c) => {
      let input: Record<string, unknown>;
      if (route.method === 'GET') input = queryInput(c.req.query());
      else {
        const text = await c.req.text();
        let body: unknown = {};
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          throw new BatonError('invalid-argument', 'the request body is not valid JSON');
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new BatonError('invalid-argument', 'the request body must be a JSON object');
        input = body as Record<string, unknown>;
      }
      const ticket = c.req.param('ticket');
      if (ticket !== undefined) input = { ...input, ticket };
      const context = { store, principal: c.get('principal') };
      const result = await observe('rest', () => context.principal)(
        route.tool.name,
        () => route.tool.run(context, parseInput(route.tool, input)),
        input,
      );
      return c.json(result as object);
    });
  }
  dashboardRoutes(api, store);
  app.route('/api/v1', api);
  // The dashboard's built files at `/` (after the API, so no file can shadow a route).
  app.route('/', webRoutes());

  const rescans = new RescanQueue(store, (entry) => log({ time: new Date().toISOString(), ...entry }));
  options.onRescans?.(rescans);
  app.post('/webhooks/git', bodyLimit({ maxSize: 5 * 1024 * 1024 }), async (c) => {
    if (!options.webhookSecret)
      throw new BatonError('not-found', 'the git webhook is off: start baton serve with --webhook-secret');
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!validSignature(options.webhookSecret, body, c.req.header('x-hub-signature-256'))) {
      log({
        time: new Date().toISOString(),
        level: 'warn',
        event: 'webhook.bad-signature',
        requestId: c.get('requestId'),
      });
      throw new BatonError('unauthorized', 'the X-Hub-Signature-256 signature does not match');
    }
    if (c.req.header('x-github-event') === 'ping') return c.json({ ok: true });
    let payload: { repository?: { name?: unknown }; after?: unknown };
    try {
      payload = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new BatonError('invalid-argument', 'the webhook body is not JSON');
    }
    const repo = payload.repository?.name;
    if (typeof repo !== 'string' || repo === '')
      throw new BatonError('invalid-argument', 'repository.name: expected the pushed repository');
    const projects = await projectsWithRepo(store, repo);
    if (options.jobs) {
      // The same push delivered twice, or to two servers, is one job.
      const push =
        (typeof payload.after === 'string' && /^[0-9a-f]{7,64}$/i.test(payload.after)
          ? payload.after
          : undefined) ??
        c.req.header('x-github-delivery')?.slice(0, 100) ??
        createHash('sha256').update(body).digest('hex');
      for (const project of projects) await options.jobs.enqueue({ project, push });
    } else for (const project of projects) rescans.request(project);
    return c.json({ accepted: true, repository: repo, projects }, 202);
  });

  // MCP over Streamable HTTP, stateless: a server and a transport per request, bound to the caller.
  app.use('/mcp', limit, bearer);
  app.all('/mcp', async (c) => {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const principal = c.get('principal');
    const server = mcpServerFor(
      { store, principal },
      TOOLS,
      observe('mcp', () => principal),
    );
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  });
  return app;
}
