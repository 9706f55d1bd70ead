/**
 * SvelteKit API routes — https://svelte.dev/docs/kit/routing#server
 * `src/routes/…/+server.ts` exporting `GET`/`POST`/…; the URL comes from the folders.
 */
import { type Extractor, dependsOn } from './extractor.js';
import { fileRoute } from './file-route.js';

const SERVER = /(?:^|\/)routes\/(?:.*\/)?\+server\.[cm]?[jt]s$/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export const sveltekit: Extractor = {
  name: 'sveltekit',
  detect: (repo) => dependsOn(repo, '@sveltejs/kit'),
  prefilter: (_text, path) => SERVER.test(path),
  extract(file, facts) {
    const path = svelteKitPath(file.path);
    if (path === undefined) return;
    for (const method of METHODS) {
      const exported = facts.exports[method];
      if (exported && 'local' in exported) fileRoute(file, facts, 'sveltekit', method, path, exported.local);
    }
    const fallback = facts.exports.fallback;
    if (fallback && 'local' in fallback) fileRoute(file, facts, 'sveltekit', 'ANY', path, fallback.local);
  },
};

/** `src/routes/(app)/api/items/[id=integer]/+server.ts` → `/api/items/{id}`. */
export function svelteKitPath(path: string): string | undefined {
  const segments = path.split('/');
  const root = segments.lastIndexOf('routes', segments.length - 2);
  const out: string[] = [];
  for (const segment of segments.slice(root + 1, -1)) {
    if (segment.startsWith('(') && segment.endsWith(')')) continue;
    const optional = /^\[\[(\w+)(?:=\w+)?\]\]$/.exec(segment);
    const rest = /^\[\.\.\.(\w+)(?:=\w+)?\]$/.exec(segment);
    const param = /^\[(\w+)(?:=\w+)?\]$/.exec(segment);
    if (optional) out.push(`{${optional[1]}?}`);
    else if (rest) out.push(`{...${rest[1]}}`);
    else if (param) out.push(`{${param[1]}}`);
    else if (segment.includes('[')) return undefined;
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}
