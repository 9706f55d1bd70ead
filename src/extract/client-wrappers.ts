/**
 * Calls through a project's own client functions: `api('/orders', { method: 'POST' })`, `http.get('/x')` on
 * an object of helpers, `request('GET', path)` forwarding to another wrapper. This extractor records call
 * sites with a path-like argument (and forwarding calls inside named functions); the linker decides which
 * callees are wrappers — functions whose client call uses their own parameters — and instantiates them.
 */
import { type Node, propertyName, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import type { ArgumentFact } from './facts.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { argumentFact, calleeValue, carriesPath } from './wrapper-template.js';
import type { Value } from '../scan/value.js';

/** SWR hooks: the key is the URL handed to the fetcher — https://swr.vercel.app/docs/data-fetching */
const SWR_HOOKS = new Set(['useSWR', 'useSWRImmutable']);

/**
 * `useSWR('/api/user', fetcher)`: a call of `fetcher` with the key (so a wrapper fetcher is instantiated
 * like any other). Without a named fetcher (an inline one, or the app-wide SWRConfig one), a GET of the key.
 */
function readSwr(file: ParsedFile, facts: FileFacts, call: Node): void {
  const [keyNode, fetcherNode] = call.arguments as Node[];
  const keyArg = unwrap(keyNode);
  const key = keyArg?.type === 'ArrayExpression' ? (keyArg.elements[0] as Node | undefined) : keyNode;
  if (!key) return;
  const arg = argumentFact(file, key);
  if (!isPathLike(arg.value)) return;
  const fetcher = fetcherNode ? calleeValue(file, fetcherNode) : undefined;
  if (fetcher) facts.callSites.push({ callee: fetcher, args: [arg], ...file.position(call) });
  else facts.calls.push({ client: 'swr', method: 'GET', url: arg.value, ...file.position(call) });
}

/** A call whose argument starts like a path: `('/…`, `("/…`, `` (`/…``, `` (`${…`` */
const PATH_ARGUMENT = /\(\s*(?:['"`]\/|`\$\{)/;
/** A call that may forward parameters to another wrapper: `request(method, path)`, `apiFetch(url, init)`. */
const FORWARDING = /(?:request|fetch\w*|http|api|client|call)\s*\(\s*[\w$]+\s*[,)]/i;

/** A request config handed to a wrapper: `customInstance({ url: '/pets', method: 'GET' })` (orval's mutator). */
const CONFIG_URL = /\burl\s*:\s*['"`]\//;

const PATH_PARAM = /path|url|uri|endpoint|route|resource|config/i;

/** Names that are never project wrappers, however path-like their arguments. */
const NOT_WRAPPERS = new Set(['fetch', 'require', 'import', 'navigate', 'redirect', 'push', 'replace']);

export const clientWrappers: Extractor = {
  name: 'client-wrappers',
  detect: () => true,
  prefilter: (text) =>
    PATH_ARGUMENT.test(text) || FORWARDING.test(text) || CONFIG_URL.test(text) || text.includes('useSWR'),
  extract(file, facts) {
    for (const call of file.calls) {
      const argNodes = call.arguments as Node[];
      const name = calleeName(call.callee);
      if (name && SWR_HOOKS.has(name)) {
        readSwr(file, facts, call);
        continue;
      }
      // Cheap syntactic checks first: most calls in a file are nothing of the sort.
      const conditional = unwrap(call.callee)?.type === 'ConditionalExpression';
      if (argNodes.length === 0 || (!conditional && !argNodes.some(mayCarryPath))) continue;
      if (argNodes.some((arg) => arg.type === 'SpreadElement')) continue;
      // `(isFav ? api.unfav : api.fav)(slug)`: a call of each function the condition may pick.
      const picked = unwrap(call.callee);
      const callees =
        picked?.type === 'ConditionalExpression'
          ? [calleeValue(file, picked.consequent), calleeValue(file, picked.alternate)]
          : name && !NOT_WRAPPERS.has(name)
            ? [calleeValue(file, call.callee)]
            : [];
      if (callees.length === 0 || callees.some((c) => c === undefined)) continue;
      const args = argNodes.map((arg) => argumentFact(file, arg));
      const template = forwardingTemplate(file, call, args);
      for (const callee of callees as Value[]) {
        if (
          !template &&
          !args.some((arg) => isPathLike(arg.value) || (arg.url !== undefined && isPathLike(arg.url))) &&
          picked?.type !== 'ConditionalExpression'
        )
          continue;
        facts.callSites.push({ callee, args, ...(template ? { template } : {}), ...file.position(call) });
      }
    }
  },
};

/** `api` or `api.get` — the last name of a callee shaped like a wrapper call. */
function calleeName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') return n.name;
  const object = n?.type === 'MemberExpression' && !n.computed ? unwrap(n.object) : undefined;
  if (object?.type === 'Identifier' || object?.type === 'ThisExpression') return n?.property.name;
  return undefined;
}

/** A literal path (`'/x'`, `` `/x/${id}` ``, `` `${BASE}/x` ``), a concatenation, or a plain name (maybe a forwarded parameter). */
function mayCarryPath(arg: Node): boolean {
  const n = unwrap(arg);
  if (!n) return false;
  if (n.type === 'Literal') return typeof n.value === 'string' && n.value.startsWith('/');
  if (n.type === 'TemplateLiteral') {
    const head: string = n.quasis[0]?.value?.cooked ?? '';
    return head.startsWith('/') || (head === '' && n.expressions.length > 0);
  }
  // A forwarded parameter is named like what it carries (`path`, `url`, `endpoint`, `config`).
  if (n.type === 'Identifier') return PATH_PARAM.test(n.name);
  // A request config: `{ method: 'POST', url: '/auth/login' }`.
  if (n.type === 'ObjectExpression')
    return (n.properties as Node[]).some((p) => p.type === 'Property' && propertyName(p) === 'url');
  return n.type === 'BinaryExpression';
}

function isPathLike(value: Value): boolean {
  if (value.k === 'str') return value.v.startsWith('/');
  if (value.k !== 'concat') return false;
  const first = value.parts.find((part) => part.k !== 'str' || part.v !== '');
  if (first?.k === 'str') return first.v.startsWith('/');
  // `${API_BASE}/orders`: a base constant followed by a path.
  return value.parts.some((part) => part.k === 'str' && part.v.startsWith('/'));
}

/** Inside a named function, a call passing that function's parameters on makes it a wrapper as well. */
function forwardingTemplate(file: ParsedFile, call: Node, args: ArgumentFact[]) {
  const fn = file.namedFunction(call);
  if (!fn) return undefined;
  if (!args.some((arg) => carriesPath(arg.value, fn.params))) return undefined;
  return { fn: fn.name, params: fn.params };
}
