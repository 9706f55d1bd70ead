/**
 * TanStack Query with a default query function — https://tanstack.com/query/latest/docs/framework/react/guides/default-query-function
 * Apps (Replit's template among them) set `new QueryClient({ defaultOptions: { queries: { queryFn } } })`
 * where the function fetches the key itself (`fetch(queryKey.join('/'))`), then write
 * `useQuery({ queryKey: ['/api/projects', id] })` with no `queryFn`: a GET of `/api/projects/{id}`.
 * A query with its own `queryFn` is not one: the request inside that function is read where it is made.
 */
import { type Node, calledName, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';
import { payloadFields } from './request-options.js';
import type { Value } from '../scan/value.js';

const HOOKS = new Set(['useQuery', 'useSuspenseQuery', 'useInfiniteQuery', 'useSuspenseInfiniteQuery']);

/** The repo setting naming how the default query function turns a key into a URL. */
/** `queryKey[0]`, or `const [url, params] = queryKey` (bounded: the text is untrusted). */
const FIRST_ELEMENT = /queryKey\[0\]|\[\s*[\w$]+[^\]]{0,200}\]\s*=\s*queryKey\b/;

export const KEY_URL_SETTING = 'react-query:keyUrl';
/** …and the name of that function (or of the factory that makes it). */
export const KEY_FN_SETTING = 'react-query:keyFn';

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
      const queryFn = unwrap(objectProperty(queries, 'queryFn'));
      if (!queryFn) continue;
      // The default function is usually a factory in this file (`getQueryFn({ on401 })`): how it reads the
      // key decides the URL. Any other use of the key is a mapping we cannot see, so no calls are read.
      const mode = file.text.includes('queryKey.join(')
        ? 'join'
        : FIRST_ELEMENT.test(file.text)
          ? 'first'
          : undefined;
      if (!mode) continue;
      facts.settings[KEY_URL_SETTING] = { k: 'str', v: mode };
      const factory = functionName(queryFn);
      if (factory) facts.settings[KEY_FN_SETTING] = { k: 'str', v: factory };
    }
    for (const call of file.calls) {
      const name = calledName(call.callee);
      if (!name || !HOOKS.has(name)) continue;
      const [first, second] = (call.arguments as Node[]).map((arg) => unwrap(arg));
      // v5 `useQuery({ queryKey, queryFn? })`; v3/v4 also `useQuery(key, queryFn?)`.
      const options = first?.type === 'ObjectExpression' ? first : undefined;
      const queryFn = options ? unwrap(objectProperty(options, 'queryFn')) : second;
      // `queryFn: getQueryFn({ on401: 'returnNull' })`: the default function's factory, named here.
      const keyFn = queryFn ? functionName(queryFn) : undefined;
      if (queryFn && !keyFn) continue;
      const key = unwrap(options ? objectProperty(options, 'queryKey') : first);
      const url = keyUrl(file, key);
      if (!url) continue;
      facts.calls.push({
        client: 'react-query',
        method: 'GET',
        ...url,
        ...(keyFn ? { keyFn } : {}),
        ...file.position(call),
      });
    }
  },
};

/** `getQueryFn` or `getQueryFn({ on401 })`: the name of the function, or of the factory that returns it. */
function functionName(node: Node): string | undefined {
  const target = node.type === 'CallExpression' ? unwrap(node.callee) : node;
  return target?.type === 'Identifier' ? (target.name as string) : undefined;
}

/** `['/api/projects', id]` → the joined URL and the head alone (which one the app fetches is a repo setting). */
function keyUrl(
  file: ParsedFile,
  key: Node | undefined,
): { url: Value; keyHead: Value; queryFields?: string[] } | undefined {
  if (key?.type !== 'ArrayExpression' || key.elements.length === 0) return undefined;
  const nodes = key.elements as (Node | null)[];
  const head = file.valueOf(nodes[0]);
  if (head?.k !== 'str' || !head.v.startsWith('/')) return undefined;
  const parts: Value[] = [head];
  const queryFields: string[] = [];
  for (const node of nodes.slice(1)) {
    // `['/api/orders', { status }]`: filters, which key functions send as the query string.
    const object = unwrap(node);
    if (object?.type === 'ObjectExpression') {
      queryFields.push(...payloadFields(file, object).fields);
      break;
    }
    parts.push({ k: 'str', v: '/' }, file.valueOf(node));
  }
  return {
    url: parts.length === 1 ? head : { k: 'concat', parts },
    keyHead: head,
    ...(queryFields.length > 0 ? { queryFields } : {}),
  };
}
