/**
 * TanStack Query with a default query function — https://tanstack.com/query/latest/docs/framework/react/guides/default-query-function
 * Apps (Replit's template among them) set `new QueryClient({ defaultOptions: { queries: { queryFn } } })`
 * where the function fetches the key itself (`fetch(queryKey.join('/'))`), then write
 * `useQuery({ queryKey: ['/api/projects', id] })` with no `queryFn`: a GET of `/api/projects/{id}`.
 * A query with its own `queryFn` is not one: the request inside that function is read where it is made.
 */
import { type Node, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';
import type { Value } from '../scan/value.js';

const HOOKS = new Set(['useQuery', 'useSuspenseQuery', 'useInfiniteQuery', 'useSuspenseInfiniteQuery']);

/** The repo setting naming how the default query function turns a key into a URL. */
export const KEY_URL_SETTING = 'react-query:keyUrl';

export const reactQuery: Extractor = {
  name: 'react-query',
  detect: (repo) =>
    dependsOn(repo, '@tanstack/react-query', 'react-query', '@tanstack/vue-query', '@tanstack/solid-query'),
  prefilter: (text) => text.includes('QueryClient') || /\buse(?:Suspense)?(?:Infinite)?Query\b/.test(text),
  extract(file, facts) {
    for (const created of file.news) {
      if (unwrap(created.callee)?.name !== 'QueryClient') continue;
      const options = unwrap((created.arguments as Node[])[0]);
      const queries = unwrap(objectProperty(unwrap(objectProperty(options, 'defaultOptions')), 'queries'));
      if (!objectProperty(queries, 'queryFn')) continue;
      // The default function is usually a factory in this file (`getQueryFn({ on401 })`): how it reads the
      // key decides the URL. Any other use of the key is a mapping we cannot see, so no calls are read.
      const mode = file.text.includes('queryKey.join(')
        ? 'join'
        : /queryKey\[0\]/.test(file.text)
          ? 'first'
          : undefined;
      if (mode) facts.settings[KEY_URL_SETTING] = { k: 'str', v: mode };
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const name =
        callee?.type === 'Identifier'
          ? callee.name
          : callee?.type === 'MemberExpression'
            ? callee.property?.name
            : undefined;
      if (!HOOKS.has(name)) continue;
      const [first, second] = (call.arguments as Node[]).map((arg) => unwrap(arg));
      // v5 `useQuery({ queryKey, queryFn? })`; v3/v4 also `useQuery(key, queryFn?)`.
      const options = first?.type === 'ObjectExpression' ? first : undefined;
      if (options ? objectProperty(options, 'queryFn') : second) continue;
      const key = unwrap(options ? objectProperty(options, 'queryKey') : first);
      const url = keyUrl(file, key);
      if (!url) continue;
      facts.calls.push({ client: 'react-query', method: 'GET', ...url, ...file.position(call) });
    }
  },
};

/** `['/api/projects', id]` → the joined URL and the head alone (which one the app fetches is a repo setting). */
function keyUrl(file: ParsedFile, key: Node | undefined): { url: Value; keyHead: Value } | undefined {
  if (key?.type !== 'ArrayExpression' || key.elements.length === 0) return undefined;
  const elements = (key.elements as (Node | null)[]).map((element) => file.valueOf(element));
  const head = elements[0];
  if (head?.k !== 'str' || !head.v.startsWith('/')) return undefined;
  const parts: Value[] = [];
  elements.forEach((element, i) => {
    if (i > 0) parts.push({ k: 'str', v: '/' });
    parts.push(element);
  });
  return { url: { k: 'concat', parts }, keyHead: head };
}
