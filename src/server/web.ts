// The dashboard's built files (`web/`, built by Vite into dist/web): `/` and its hashed assets, nothing else,
// so no file can shadow an API route. Without a build the page says how to make one.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

// The page talks only to this server; nothing inline runs, nothing frames it.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** dist/web next to the compiled server, or the built copy when the server runs from source (tests). */
function webRoot(): string | undefined {
  for (const relative of ['../web/', '../../dist/web/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

export function webRoutes(): Hono {
  const web = new Hono();
  const root = webRoot();
  const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
  web.get('/', (c) => {
    if (!root)
      return c.text('The dashboard is not built: run `npm run build` (it builds web/ into dist/web).', 503);
    return c.html(readFileSync(`${root}index.html`, 'utf8'), 200, {
      ...headers,
      'cache-control': 'no-cache',
    });
  });
  web.get('/assets/:file{[A-Za-z0-9._-]+}', (c) => {
    const file = c.req.param('file');
    const type = TYPES[file.split('.').pop() ?? ''];
    if (!root || !type || !existsSync(`${root}assets/${file}`))
      return c.json({ error: { code: 'not-found', message: `no asset ${file}` } }, 404);
    // Names carry a content hash: a file never changes under its name.
    return c.body(readFileSync(`${root}assets/${file}`), 200, {
      ...headers,
      'content-type': type,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return web;
}
