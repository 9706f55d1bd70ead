/**
 * Remix / React Router resource routes — https://remix.run/docs/en/main/guides/resource-routes
 * A file under `app/routes/` that exports `loader`/`action` but no component serves HTTP directly:
 * `loader` answers GET, `action` every other method. Flat-route names: `api.users.$id.ts` → `/api/users/{id}`.
 */
import { type Extractor, dependsOn } from './extractor.js';
import { fileRoute } from './file-route.js';

const ROUTE_FILE = /(?:^|\/)app\/routes\/.+\.[cm]?[jt]sx?$/;

export const remix: Extractor = {
  name: 'remix',
  detect: (repo) =>
    dependsOn(repo, '@remix-run/node', '@remix-run/react', '@react-router/dev', '@remix-run/cloudflare'),
  prefilter: (text, path) => ROUTE_FILE.test(path) && (text.includes('loader') || text.includes('action')),
  extract(file, facts) {
    // A default export is a UI route: its loader feeds the page, not API callers.
    if (facts.exports.default) return;
    const path = remixPath(file.path);
    if (path === undefined) return;
    const loader = facts.exports.loader;
    const action = facts.exports.action;
    if (loader && 'local' in loader) fileRoute(file, facts, 'remix', 'GET', path, loader.local);
    if (action && 'local' in action) fileRoute(file, facts, 'remix', 'ANY', path, action.local);
  },
};

/** `app/routes/api.users.$id.ts` or `app/routes/api.users.$id/route.ts` → `/api/users/{id}`. */
export function remixPath(path: string): string | undefined {
  const segments = path.split('/');
  const root = segments.lastIndexOf('routes');
  const rest = segments.slice(root + 1);
  let name = (rest.pop() as string).replace(/\.[cm]?[jt]sx?$/, '');
  if (name === 'route' && rest.length > 0) name = rest.pop() as string;
  const out: string[] = [];
  // `[.]` escapes a literal dot; other dots separate URL segments.
  for (const raw of name.replace(/\[\.\]/g, '\uE000').split('.')) {
    const part = raw.replace(/\uE000/g, '.').replace(/_$/, '');
    if (part === '_index' || part === '') continue;
    // Pathless layouts (`_auth`) add nothing to the URL.
    if (part.startsWith('_')) continue;
    if (part === '$') out.push('{...splat}');
    else if (/^\(\$(\w+)\)$/.test(part)) out.push(`{${part.slice(2, -1)}?}`);
    else if (part.startsWith('$')) out.push(`{${part.slice(1)}}`);
    else if (/^\(\w+\)$/.test(part)) out.push(part.slice(1, -1));
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
