/**
 * Dev-server proxies and rewrites that change the path between the browser and the API: Vite
 * `server.proxy` with `rewrite` (https://vite.dev/config/server-options#server-proxy) and Next.js
 * `rewrites()` (https://nextjs.org/docs/app/api-reference/config/next-config-js/rewrites). Recorded as
 * `proxy:<prefix>` settings; the linker rewrites call paths that start with the prefix.
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap, walk } from './ast.js';
import type { Extractor } from './extractor.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';

const CONFIG = /(?:^|\/)(?:vite|next)\.config\.[cm]?[jt]s$/;

export const devProxy: Extractor = {
  name: 'dev-proxy',
  detect: () => true,
  prefilter: (text, path) => CONFIG.test(path) && (text.includes('proxy') || text.includes('rewrites')),
  extract(file, facts) {
    if (/(?:^|\/)vite\.config\./.test(file.path)) viteProxy(file, facts);
    else nextRewrites(file, facts);
  },
};

function viteProxy(file: ParsedFile, facts: FileFacts): void {
  walk(file.program, (node) => {
    if (node.type !== 'Property' || propertyName(node) !== 'proxy') return;
    const table = objectLiteral(file, node.value as Node);
    if (!table) return;
    for (const entry of table.properties as Node[]) {
      const prefix = entry.type === 'Property' ? propertyName(entry) : undefined;
      if (!prefix?.startsWith('/')) continue;
      const options = objectLiteral(file, entry.value as Node);
      const rewritten = options ? rewriteOf(objectProperty(options, 'rewrite')) : undefined;
      // The proxy joins the target's own path in front (`target: 'http://127.0.0.1:9090/api/'`).
      const target = options ? stringLiteral(objectProperty(options, 'target')) : undefined;
      const base = (target?.replace(/^[a-z][\w+.-]*:\/\/[^/]+/i, '') ?? '').replace(/\/+$/, '');
      const replacement = `${base}${rewritten ?? prefix}`;
      // A path that reaches the API unchanged needs nothing recorded.
      if (replacement !== prefix) facts.settings[`proxy:${prefix}`] = { k: 'str', v: replacement };
    }
  });
}

/** `(path) => path.replace(/^\/api/, '')` or `.replace('/api', '/v1')` → the replacement for the prefix. */
function rewriteOf(node: Node | undefined): string | undefined {
  const fn = unwrap(node);
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return undefined;
  let replacement: string | undefined;
  walk(fn.body as Node, (inner) => {
    if (inner.type !== 'CallExpression' || unwrap(inner.callee)?.property?.name !== 'replace') return;
    const to = stringLiteral(inner.arguments[1]);
    if (to !== undefined) replacement ??= to;
  });
  return replacement;
}

/** `{ source: '/api/:path*', destination: 'http://localhost:8000/:path*' }` → `/api` becomes `` (empty). */
function nextRewrites(file: ParsedFile, facts: FileFacts): void {
  walk(file.program, (node) => {
    if (node.type !== 'ObjectExpression') return;
    const source = stringLiteral(objectProperty(node, 'source'));
    const destination = stringLiteral(objectProperty(node, 'destination'));
    if (!source || !destination) return;
    const from = source.replace(/\/:[\w]+[*+?]?$/, '');
    const target = destination.replace(/^https?:\/\/[^/]+/, '').replace(/\/:[\w]+[*+?]?$/, '');
    if (from.startsWith('/') && from !== target) facts.settings[`proxy:${from}`] = { k: 'str', v: target };
  });
}
