import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BatonError, type ErrorCode } from '../errors.js';
import { type Principal, type Store, authenticate } from '../store/index.js';
import { parseInput } from '../tools/tool.js';
import { TOOLS } from '../tools/catalogue.js';
import { mcpServerFor } from './mcp.js';
import { ROUTES, queryInput } from './routes.js';

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

type Env = { Variables: { principal: Principal } };

/** The HTTP surface over one store: `/healthz`, REST `/api/v1` and MCP `/mcp` (bearer tokens). */
export function createApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  const bearer: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="baton"');
      throw new BatonError('unauthorized', 'send a token as Authorization: Bearer <token>');
    }
    c.set('principal', await authenticate(store, match[1] as string));
    await next();
  };
  app.onError((error, c) => {
    if (error instanceof BatonError)
      return c.json({ error: { code: error.code, message: error.message } }, STATUS[error.code] ?? 500);
    console.error(error);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not-found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.get('/healthz', (c) => c.json({ ok: true, store: store.dialect }));

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        { error: { code: 'invalid-argument', message: `request body over ${MAX_BODY_BYTES} bytes` } },
        413,
      ),
  });
  const api = new Hono<Env>();
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
      const result = await route.tool.run(
        { store, principal: c.get('principal') },
        parseInput(route.tool, input),
      );
      return c.json(result as object);
    });
  }
  app.route('/api/v1', api);

  // MCP over Streamable HTTP, stateless: a server and a transport per request, bound to the caller.
  app.use('/mcp', limit, bearer);
  app.all('/mcp', async (c) => {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const server = mcpServerFor({ store, principal: c.get('principal') }, TOOLS);
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  });
  return app;
}
