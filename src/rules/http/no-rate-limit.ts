import type { Endpoint } from '../../scan/scan-result.js';
import { PYTHON_MANIFEST, pythonDependencies } from '../../scan/python-manifests.js';
import { isTestFile } from '../../scan/test-files.js';
import { HandlerLinks } from '../handlers/handler-links.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { dependenciesOf, manifestsOf } from '../manifests.js';
import { isAuthRoute } from './auth-routes.js';
import { notesOf } from './notes.js';

export const NO_RATE_LIMIT: RuleMeta = {
  id: 'http.no-rate-limit',
  severity: 'warning',
  title: 'Login, signup or costly routes with no rate limiting in the app',
  fix: 'Limit requests per client on these routes: express-rate-limit (or rate-limiter-flexible with Redis), @nestjs/throttler, @fastify/rate-limit, hono-rate-limiter or @upstash/ratelimit — a few attempts a minute for login and reset routes, a budget per user for model calls.',
};

/** Packages that limit request rates; one in any package.json of the repo counts as limiting. */
const LIMITER_PACKAGE =
  /^(?:express-rate-limit|rate-limiter-flexible|@nestjs\/throttler|nestjs-throttler|hono-rate-limiter|@hono-rate-limiter\/.+|@fastify\/rate-limit|fastify-rate-limit|@upstash\/ratelimit|express-slow-down|express-brute|express-limiter|koa-ratelimit|koa2-ratelimit|rate-limit-redis|@unkey\/ratelimit|@arcjet\/.+|next-rate-limit|express-rate-limiter|limiter)$/;
/** Proxy and platform configuration that limits rates before the app (nginx `limit_req`, Traefik, Cloudflare bindings). */
const INFRA_FILE =
  /(?:^|\/)(?:[^/]*\.conf|Caddyfile|wrangler\.(?:toml|jsonc?)|traefik[^/]*\.ya?ml|[^/]*nginx[^/]*)$/i;
const INFRA_LIMIT = /limit_req|rate_?limit|ratelimit/i;
const MAX_INFRA_FILES = 50;
/** Multer and friends as route middleware: `upload.single('avatar')`, `multer(…).array(…)`. */
const UPLOAD_MIDDLEWARE = /upload|multer|busboy|formidable|multipart/i;
const MULTER_METHOD = /\.(?:single|array|fields|any)$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'ANY']);
const MAX_LISTED = 4;

type Kind = 'auth' | 'upload' | 'ai';

/**
 * Routes that invite abuse when nothing slows callers down: login, signup, reset and code routes (password
 * guessing, code brute force, mail bombing), uploads (disk and bandwidth) and model calls (the bill). One
 * finding per kind, at its first route, listing the routes. Reported only when the repo shows no rate
 * limiting at all — no limiter package, no limiter named in server code, no lockout counter, no proxy
 * `limit_req` — because which routes an app-level limiter covers cannot always be read.
 */
export function noRateLimitFindings(context: RepoRuleContext): RepoFinding[] {
  if (limitsRates(context)) return [];
  const endpoints = context.links.endpoints.filter(
    (e) => !isTestFile(e.source.file) && e.framework !== 'openapi',
  );
  const unmounted = unmountedRoutes(context);
  if (endpoints.length === 0 && unmounted.length === 0) return [];
  const links = new HandlerLinks(context);
  const managed = new Set<string>();
  for (const note of notesOf(context.facts, 'managed-auth'))
    if (note.handler)
      for (const served of links.routesOf(note.file, note.handler))
        for (const e of served.endpoints) managed.add(e.id);
  const groups = new Map<Kind, Map<string, { endpoint: Endpoint; what?: string }>>();
  const add = (kind: Kind, endpoint: Endpoint, what?: string) => {
    if (!WRITES.has(endpoint.method) && kind !== 'ai') return;
    const group = groups.get(kind) ?? new Map();
    // One entry per route: a router registered twice (or an old copy of it) lists its path once.
    const route = `${endpoint.method} ${endpoint.path}`;
    if (!group.has(route)) group.set(route, { endpoint, ...(what ? { what } : {}) });
    groups.set(kind, group);
  };
  const known = new Set(endpoints.map((e) => e.id));
  for (const endpoint of [...endpoints, ...unmounted])
    if (isAuthRoute(endpoint) && !managed.has(endpoint.id)) add('auth', endpoint);
  const multer = dependencyNames(context).includes('multer');
  for (const served of links.all()) {
    const upload = served.middleware.find(
      (name) => UPLOAD_MIDDLEWARE.test(name) || (multer && MULTER_METHOD.test(name)),
    );
    if (upload)
      for (const endpoint of served.endpoints) if (known.has(endpoint.id)) add('upload', endpoint, upload);
  }
  for (const note of notesOf(context.facts, 'expensive')) {
    if (!note.handler) continue;
    const kind = note.data?.kind === 'ai' ? 'ai' : 'upload';
    for (const served of links.routesOf(note.file, note.handler))
      for (const endpoint of served.endpoints)
        if (known.has(endpoint.id)) add(kind, endpoint, String(note.data?.what ?? ''));
  }
  return [...groups].map(([kind, group]) => finding(kind, [...group.values()]));
}

function finding(kind: Kind, routes: { endpoint: Endpoint; what?: string }[]): RepoFinding {
  const sorted = routes.sort(
    (a, b) =>
      a.endpoint.source.file.localeCompare(b.endpoint.source.file) ||
      a.endpoint.source.line - b.endpoint.source.line,
  );
  const first = (sorted[0] as { endpoint: Endpoint; what?: string }).endpoint;
  const listed = sorted
    .slice(0, MAX_LISTED)
    .map(
      ({ endpoint, what }) =>
        `${endpoint.method} ${endpoint.path}${what && kind !== 'auth' ? ` (${what})` : ''}`,
    );
  const more = sorted.length > MAX_LISTED ? ` and ${sorted.length - MAX_LISTED} more` : '';
  const list = `${listed.join(', ')}${more}`;
  const why = {
    auth: 'anyone can try passwords, codes or reset tokens as fast as the server answers',
    upload: 'anyone can fill the disk and the bandwidth with uploads',
    ai: 'anyone can run up the model bill',
  }[kind];
  const what = {
    auth: 'sign-in, sign-up or reset route',
    upload: 'upload route',
    ai: 'route that calls a language model',
  }[kind];
  return {
    rule: NO_RATE_LIMIT.id,
    file: first.source.file,
    line: first.source.line,
    column: first.source.column,
    message: `No rate limiting on ${sorted.length === 1 ? `the ${what}` : `${sorted.length} ${what}s`} ${list}, and none anywhere in the app (no limiter package, middleware or proxy limit): ${why}.`,
    subject: `${kind} routes without rate limiting`,
    key: kind,
  };
}

/**
 * Routes on routers the linker could not mount (`module.exports = (passport) => { … return router }`), as
 * endpoints at their own path: a login route is one wherever it is mounted.
 */
function unmountedRoutes(context: RepoRuleContext): Endpoint[] {
  const linked = new Set(context.links.endpoints.map((e) => `${e.source.file}:${e.source.line}`));
  const out: Endpoint[] = [];
  for (const [file, facts] of context.facts) {
    if (isTestFile(file)) continue;
    for (const route of facts.routes) {
      // Only routers created in the file: a call on an imported object (`axios.post('/login', …)`) is no route.
      if (!route.router || !('local' in route.router) || route.path.k !== 'str') continue;
      if (linked.has(`${file}:${route.line}`)) continue;
      const source = { repo: context.repo, file, line: route.line, column: route.column };
      const path = route.path.v.startsWith('/') ? route.path.v : `/${route.path.v}`;
      out.push({
        id: `${file}:${route.line}:${route.method}`,
        repo: context.repo,
        method: route.method as Endpoint['method'],
        path,
        framework: route.framework,
        params: [],
        query: [],
        responses: [],
        auth: 'unknown',
        source,
      });
    }
  }
  return out;
}

/** Any sign of rate limiting: a limiter package, a limiter in server code, a proxy or platform limit. */
function limitsRates(context: RepoRuleContext): boolean {
  if (notesOf(context.facts, 'rate-limiter').length > 0) return true;
  if (dependencyNames(context).some((name) => LIMITER_PACKAGE.test(name))) return true;
  if (pythonLimiter(context) || pythonLimitDecorator(context)) return true;
  const infra = context.files
    .filter((path) => INFRA_FILE.test(path) && !path.includes('node_modules/'))
    .slice(0, MAX_INFRA_FILES);
  return infra.some((path) => INFRA_LIMIT.test(context.read(path) ?? ''));
}

// Python limiters, and Django REST Framework's throttling, configured in settings the scan does not evaluate.
const PYTHON_LIMITER =
  /^(?:slowapi|fastapi-limiter|flask-limiter|django-ratelimit|django-axes|djangorestframework)$/;

/** A Python manifest names a rate limiter. */
function pythonLimiter(context: RepoRuleContext): boolean {
  for (const path of context.files) {
    if (!PYTHON_MANIFEST.test(path)) continue;
    const text = context.read(path);
    if (text && pythonDependencies(path, text).some((name) => PYTHON_LIMITER.test(name))) return true;
  }
  return false;
}

/** `@limiter.limit("5/minute")`, `@rate_limit`, a project's own `@ApiRateLimit(…)` on a Python route. */
const PYTHON_LIMIT_DECORATOR = /^[ \t]*@[\w.]*(?:rate[_-]?limit|limiter|throttl)/im;

/** A Python route module decorates its views with a limiter (read only in files that declare routes). */
function pythonLimitDecorator(context: RepoRuleContext): boolean {
  const files = new Set(
    context.links.endpoints.filter((e) => e.source.file.endsWith('.py')).map((e) => e.source.file),
  );
  for (const file of files) if (PYTHON_LIMIT_DECORATOR.test(context.read(file) ?? '')) return true;
  return false;
}

/** Every dependency any package.json of the repo declares. */
function dependencyNames(context: RepoRuleContext): string[] {
  const manifests = manifestsOf(context.files, context.read);
  return [...new Set(manifests.flatMap((manifest) => [...dependenciesOf(manifest, manifests)]))];
}
