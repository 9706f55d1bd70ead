import type { Endpoint } from '../../scan/scan-result.js';
import type { Value } from '../../scan/value.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { isApp, testFiles } from '../app-files.js';
import { lineOfKey, manifestOf, manifestsOf } from '../manifests.js';
import { type TestCorpus, readTestCorpus } from './test-corpus.js';

export const ROUTE_UNTESTED: RuleMeta = {
  id: 'tests.route-untested',
  severity: 'info',
  title: 'A route no test refers to',
  fix: 'Add a request-level test for the route (supertest against the app, `app.request()` in Hono, `inject()` in Fastify): the status and body for a valid request, and the rejection of an invalid or unauthorised one.',
};

/** REST routes written in code; typed-contract procedures (tRPC, ts-rest) are tested through their clients. */
const REST_FRAMEWORKS = new Set([
  'express',
  'fastify',
  'hono',
  'nestjs',
  'nextjs',
  'nitro',
  'sveltekit',
  'remix',
]);
const FILE_ROUTED = new Set(['nextjs', 'nitro', 'sveltekit', 'remix']);

/**
 * Routes of a repo that has tests, none of which names the route: its path (params matching any segment,
 * `${id}` included, a prefix such as `/api` optional), its handler called by name, or — for file-routed
 * frameworks — its module imported. When the tests refer to no route at all they test something else; one
 * finding says so instead of one per route.
 */
export function routeUntested(context: RepoRuleContext): RepoFinding[] {
  const tests = testFiles(context.files);
  if (tests.length === 0 || !isApp(context.files)) return [];
  const endpoints = context.links.endpoints.filter(
    (e) => REST_FRAMEWORKS.has(e.framework) && !['OPTIONS', 'HEAD'].includes(e.method) && !catchAll(e.path),
  );
  if (endpoints.length === 0) return [];
  const corpus = readTestCorpus(tests, context.read);
  // Tests that request no route's path are not HTTP tests, whatever names they share with handlers.
  const index = indexCorpus(corpus);
  const requested = new Set(endpoints.filter((endpoint) => pathRequested(index, endpoint)));
  const untested = endpoints.filter(
    (endpoint) => !requested.has(endpoint) && !calledOrImported(context, index, endpoint),
  );
  if (untested.length === 0) return [];
  if (requested.size > 0) {
    const seen = new Map<string, number>();
    return untested.map((endpoint) => {
      const handler = handlerName(context, endpoint);
      const subject = `${endpoint.method} ${endpoint.path}`;
      // One route registered twice in a file (`POST /users` for two roles) still needs two keys.
      const place = `${endpoint.source.file}\u0000${subject}`;
      const nth = (seen.get(place) ?? 0) + 1;
      seen.set(place, nth);
      return {
        file: endpoint.source.file,
        rule: ROUTE_UNTESTED.id,
        line: endpoint.source.line,
        column: endpoint.source.column,
        message: `${endpoint.method} ${endpoint.path} is not referred to by any test: no test requests the path${handler ? ` or calls ${handler}()` : ''}.`,
        subject,
        key: nth === 1 ? subject : `${subject}#${nth}`,
      };
    });
  }
  const manifests = manifestsOf(context.files, context.read);
  const first = endpoints[0] as Endpoint;
  const manifest = manifestOf(first.source.file, manifests) ?? manifests[0];
  const examples = endpoints.slice(0, 3).map((e) => `${e.method} ${e.path}`);
  return [
    {
      file: manifest?.path ?? first.source.file,
      rule: ROUTE_UNTESTED.id,
      line: manifest ? lineOfKey(manifest, 'scripts') : first.source.line,
      column: 1,
      message: `The repo's ${corpus.files === 1 ? 'test file requests' : `${corpus.files} test files request`} none of the ${endpoints.length} routes found in its code (${examples.join(', ')}${endpoints.length > 3 ? ', …' : ''}): their routing, validation, auth and status codes go unchecked.`,
      subject: 'routes',
      key: 'routes',
    },
  ];
}

/**
 * `/{*}`, `/`, `/api/auth/{...nextauth}`: a fallback (CORS preflight, SPA index, 404) or a library's
 * catch-all handler, not a route a test would name.
 */
function catchAll(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  return segments.every((s) => /^[{:*]/.test(s)) || segments.some((s) => /^(?:\*|\{\*|\{\.\.\.)/.test(s));
}

/**
 * The corpus indexed once, so thousands of routes cost lookups rather than scans of megabytes of tests: path
 * literals by each segment they contain, the names the tests call, and every tail of every module specifier.
 */
interface CorpusIndex {
  all: TestCorpus['paths'];
  bySegment: Map<string, TestCorpus['paths']>;
  called: Set<string>;
  moduleTails: Set<string>;
}

const SEGMENT_BREAK = /[/?#]|\$\{/;
const CALLED = /([A-Za-z_$][\w$]*)\s*\(/g;
const SPECIFIER = /['"]([^'"\n]{1,300})['"]/g;

function indexCorpus(corpus: TestCorpus): CorpusIndex {
  const bySegment = new Map<string, TestCorpus['paths']>();
  for (const literal of corpus.paths)
    for (const segment of new Set(literal.value.split(SEGMENT_BREAK))) {
      const list = bySegment.get(segment);
      if (list) list.push(literal);
      else bySegment.set(segment, [literal]);
    }
  const called = new Set<string>();
  for (const match of corpus.text.matchAll(CALLED)) called.add(match[1] as string);
  const moduleTails = new Set<string>();
  for (const match of corpus.text.matchAll(SPECIFIER)) {
    const value = match[1] as string;
    if (!value.includes('/')) continue;
    const segments = value.replace(/\.[cm]?[jt]sx?$/, '').split('/');
    for (let i = 1; i < segments.length; i++) moduleTails.add(segments.slice(i).join('/'));
  }
  return { all: corpus.paths, bySegment, called, moduleTails };
}

function pathRequested(index: CorpusIndex, endpoint: Endpoint): boolean {
  // Any literal that requests the route contains its last static segment: only those are tried.
  const last = endpoint.path
    .split('/')
    .filter((s) => s !== '' && !/^[{:*]/.test(s))
    .at(-1);
  const candidates = last === undefined ? index.all : (index.bySegment.get(last) ?? []);
  const patterns = pathPatterns(endpoint.path);
  const anyMethod = endpoint.method === 'ANY';
  return candidates.some(
    (p) => (anyMethod || !p.method || p.method === endpoint.method) && requests(p, patterns),
  );
}

function calledOrImported(context: RepoRuleContext, index: CorpusIndex, endpoint: Endpoint): boolean {
  const handler = handlerName(context, endpoint);
  if (handler && index.called.has(handler)) return true;
  // A NestJS spec imports its controller by convention, often only to check it is defined.
  if (endpoint.framework === 'nestjs') return false;
  // `import router from '../src/routes/orders'`: a router tested on its own, at paths relative to it.
  const depth = FILE_ROUTED.has(endpoint.framework) ? 3 : 2;
  const module = endpoint.source.file
    .replace(/\.[cm]?[jt]sx?$/, '')
    .split('/')
    .slice(-depth)
    .join('/');
  return index.moduleTails.has(module);
}

const PARAM = '[^/\'"`\\s?#]+';
/** After a path in a test: the literal ends, a query starts, or a template hole follows. */
const END = '/?(?=$|[?#]|\\$\\{)';

export interface PathPatterns {
  /** The whole path, from the literal's start (after any origin) or after a template hole. */
  full: RegExp[];
  /** The path without a prefix such as `/api`, when a base comes from elsewhere (`${BASE}/orders`, `BASE + '/orders'`). */
  suffix: RegExp[];
}

/**
 * `/api/orders/{id}` → `/api/orders/{id}` whole, or `/orders/{id}` after a base written elsewhere; each also
 * as `/orders/` for an id concatenated after the literal. Params match any one segment, `${id}` included.
 */
export function pathPatterns(path: string): PathPatterns {
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return { full: [/^\/?$/], suffix: [] };
  const isParam = (s: string) => /^[{:*]/.test(s);
  const source = (tail: string[]) => tail.map((s) => (isParam(s) ? PARAM : escapeRegExp(s))).join('/');
  const variants = (tail: string[]): RegExp[] => {
    const out = [new RegExp(`^/${source(tail)}${END}`)];
    // `'/orders/' + id`: the params at the end come after the literal.
    const lastStatic = tail.findLastIndex((s) => !isParam(s));
    if (lastStatic >= 0 && lastStatic < tail.length - 1)
      out.push(new RegExp(`^/${source(tail.slice(0, lastStatic + 1))}/(?=$|\\$\\{)`));
    return out;
  };
  const suffix: RegExp[] = [];
  for (let i = 1; i < segments.length; i++)
    if (!isParam(segments[i] as string)) suffix.push(...variants(segments.slice(i)));
  return { full: variants(segments), suffix };
}

/**
 * The literal requests the path: whole from its start or after a hole, or without its prefix where a base
 * comes from elsewhere (a hole, a concatenation, a client call that names the method).
 */
function requests(literal: TestCorpus['paths'][number], patterns: PathPatterns): boolean {
  const value = literal.value.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  // A client call naming the method (`api.get('/orders')`, `client.GET('/bookmarks')`) usually has a base URL.
  const starts: { text: string; base: boolean }[] = [
    { text: value, base: literal.joined || literal.method !== undefined },
  ];
  for (let at = value.indexOf('}'); at >= 0; at = value.indexOf('}', at + 1))
    starts.push({ text: value.slice(at + 1), base: true });
  return starts.some(
    ({ text, base }) =>
      patterns.full.some((re) => re.test(text)) || (base && patterns.suffix.some((re) => re.test(text))),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The name tests would call the handler by: an Express handler given by reference (`createOrder`,
 * `orders.create` → `create`), a NestJS method (the line the endpoint points at).
 */
function handlerName(context: RepoRuleContext, endpoint: Endpoint): string | undefined {
  const route = context.facts
    .get(endpoint.source.file)
    ?.routes.find((r) => r.line === endpoint.source.line && r.method === endpoint.method);
  const fromRef = route?.handlerRef ? lastName(route.handlerRef) : undefined;
  if (fromRef) return fromRef;
  if (endpoint.framework !== 'nestjs') return undefined;
  const line = context.read(endpoint.source.file)?.split('\n')[endpoint.source.line - 1] ?? '';
  const method = /^\s*(?:(?:public|async|static)\s+)*([A-Za-z_$][\w$]*)\s*\(/.exec(line)?.[1];
  return method && method.length >= 3 ? method : undefined;
}

function lastName(value: Value): string | undefined {
  const name =
    value.k === 'ref'
      ? value.name
      : value.k === 'member'
        ? value.prop
        : value.k === 'import'
          ? value.name
          : undefined;
  return name && /^[A-Za-z_$][\w$]{2,}$/.test(name) && name !== 'default' ? name : undefined;
}
