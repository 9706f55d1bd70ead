import { AUTH_FLOW, isAuthMiddleware } from '../extract/auth-names.js';
import type { RouteFact, RouterRef } from '../extract/facts.js';
import { matcherCovers } from '../extract/next-middleware.js';
import { linkContracts } from './link-contracts.js';
import { resolveHandler, resolveSchemas } from './link-schemas.js';
import { isTestFile } from './test-files.js';
import type { AuthRequirement } from './scan-result.js';
import type { ModuleGraph } from './module-graph.js';
import { routePath } from './url-path.js';
import type { Part, Value } from './value.js';

export interface LinkedRoute {
  file: string;
  route: RouteFact;
  path: string;
  middleware: string[];
  /** An app-wide guard whose reach we cannot read (Nitro server middleware), described: unguarded routes are `unknown`. */
  unreadGuard?: string;
  /** The `if` tests the route and the mounts above it are registered under. */
  condition?: string;
}

interface Mount {
  child: string;
  prefix: Part[];
  middleware: string[];
  file: string;
  order: number;
  condition?: string;
}

const MAX_DEPTH = 16;

/**
 * Joins routers into full paths: from every app, down each mount (`app.use('/api', router)`), across files,
 * collecting the middleware that guards each route on the way. Routers no app reaches are reported, not
 * guessed at — unless the repo has no app at all (a router library), where their own paths are all we have.
 */
export function linkRoutes(
  files: readonly string[],
  graph: ModuleGraph,
  diagnose: (file: string, message: string) => void,
): LinkedRoute[] {
  const routes = new Map<string, { file: string; route: RouteFact }[]>();
  const mounts = new Map<string, Mount[]>();
  const guards = new Map<string, Guard[]>();
  const apps: string[] = [];
  const selfRooted: string[] = [];
  const linked: LinkedRoute[] = [];
  const bases = new Map<string, Part[]>();
  const mounted = new Set<string>();

  const settings = appSettings(files, graph);
  for (const file of files) {
    // Mock servers and controllers in tests serve nothing in production.
    if (isTestFile(file)) continue;
    const facts = graph.peek(file);
    if (!facts || (facts.routes.length === 0 && facts.mounts.length === 0 && facts.routers.length === 0))
      continue;
    for (const router of facts.routers) {
      const key = `${file}#${router.id}`;
      if (router.basePath) bases.set(key, graph.evaluate(file, router.basePath));
      if (router.isApp === true) apps.push(key);
      else if (router.isApp === 'unless-mounted') selfRooted.push(key);
    }
    for (const found of facts.routes) {
      const route = resolveHandler(graph, file, resolveSchemas(graph, file, found, settings.whitelist));
      if (!route.router) {
        // File-based and decorator routes carry their full path: nothing to mount, but app-wide settings.
        const path = routePath([...appPrefix(route, settings, graph), ...graph.evaluate(file, route.path)]);
        const guard = route.appSettings === 'nest' && !route.public ? settings.globalGuard : undefined;
        const bound = route.appSettings === 'nest' ? consumerMiddleware(route, settings, graph, file) : [];
        const edge =
          route.framework === 'nextjs' && path !== undefined ? nextMiddlewareGuard(path, settings) : [];
        const middleware = [...(guard ? [guard] : []), ...bound, ...edge, ...route.middleware];
        const unreadGuard = route.framework === 'nitro' ? settings.values['nitro.guard'] : undefined;
        if (path !== undefined)
          linked.push({
            file,
            route,
            path,
            middleware,
            ...(unreadGuard ? { unreadGuard: `server middleware ${unreadGuard.file}` } : {}),
          });
        continue;
      }
      const key = routerKey(graph, file, route.router);
      if (key) push(routes, key, { file, route });
    }
    for (const mount of facts.mounts) {
      const parent = routerKey(graph, file, mount.parent);
      const child = routerKey(graph, file, mount.child);
      if (!parent || !child) continue;
      const prefix = mount.path ? graph.evaluate(file, mount.path) : [];
      push(mounts, parent, {
        child,
        prefix,
        middleware: mount.middleware,
        file,
        order: mount.order,
        ...(mount.condition ? { condition: mount.condition } : {}),
      });
      mounted.add(child);
    }
    for (const guard of facts.routerMiddleware) {
      const key = routerKey(graph, file, guard.router);
      const under = guard.path ? routePath(graph.evaluate(file, guard.path)) : undefined;
      if (key) push(guards, key, { file, name: guard.name, order: guard.order, ...(under ? { under } : {}) });
    }
  }

  const reached = new Set<string>();
  const visit = (
    key: string,
    mountedAt: Part[],
    inherited: string[],
    depth: number,
    trail: Set<string>,
    conditions: string[] = [],
  ) => {
    if (depth > MAX_DEPTH || trail.has(key)) return;
    reached.add(key);
    const base = bases.get(key);
    const prefix = base ? [...mountedAt, { text: '/' }, ...base] : mountedAt;
    const nextTrail = new Set(trail).add(key);
    const routerGuards = guards.get(key) ?? [];
    // Guards registered on this router earlier in the same file; path-scoped ones only cover paths under them.
    const guardsBefore = (file: string, order: number, local: string | undefined) =>
      routerGuards
        .filter((g) => g.file === file && g.order < order)
        .filter((g) => !g.under || (local !== undefined && within(g.under, local)))
        .map((g) => g.name);
    for (const { file, route } of routes.get(key) ?? []) {
      const own = graph.evaluate(file, route.path);
      const path = routePath([...prefix, ...own]);
      if (path === undefined) {
        diagnose(
          file,
          `line ${route.line}: route path is a pattern Baton cannot read as a template; skipped`,
        );
        continue;
      }
      const middleware = [
        ...inherited,
        ...guardsBefore(file, route.order, routePath(own)),
        ...route.middleware,
      ];
      const condition = [...conditions, ...(route.condition ? [route.condition] : [])].join(' and ');
      linked.push({ file, route, path, middleware, ...(condition ? { condition } : {}) });
    }
    for (const mount of mounts.get(key) ?? []) {
      const local = routePath(mount.prefix);
      const middleware = [...inherited, ...guardsBefore(mount.file, mount.order, local), ...mount.middleware];
      visit(mount.child, [...prefix, { text: '/' }, ...mount.prefix], middleware, depth + 1, nextTrail, [
        ...conditions,
        ...(mount.condition ? [mount.condition] : []),
      ]);
    }
  };
  for (const app of apps) visit(app, [], [], 0, new Set());
  for (const key of selfRooted) if (!mounted.has(key)) visit(key, [], [], 0, new Set());

  for (const [key, list] of routes) {
    if (reached.has(key)) continue;
    const [file] = key.split('#');
    if (apps.length === 0 && !mounted.has(key)) visit(key, [], [], 0, new Set());
    else
      diagnose(
        file as string,
        `${list.length} route(s) on router \`${readableRouter(key.slice(key.indexOf('#') + 1))}\` not reached from any app; skipped (mount it, or tell us how it is mounted)`,
      );
  }
  linked.push(...linkContracts(files, graph));
  return linked;
}

/**
 * A guard in front of the handler makes auth required. Without one, an identity check inside the handler
 * (`getServerSession()`, `auth()`) that rejects when missing also does; one that does not reject makes auth
 * optional.
 */
export function authOf(
  middleware: string[],
  sessionCheck: RouteFact['sessionCheck'] | undefined,
  path: string,
): { auth: AuthRequirement; via: string[] } {
  const via = middleware.filter(isAuthMiddleware);
  if (via.length > 0) return { auth: 'required', via };
  // On login, signup or reset endpoints a 401 means "wrong credentials", not "sign in first".
  const onlyAStatus = sessionCheck?.call === 'responds 401/403';
  if (sessionCheck && !(onlyAStatus && AUTH_FLOW.test(path)))
    return { auth: sessionCheck.rejects ? 'required' : 'optional', via: [sessionCheck.call] };
  return { auth: 'none', via };
}

function routerKey(graph: ModuleGraph, file: string, ref: RouterRef): string | undefined {
  if ('local' in ref) return `${file}#${ref.local}`;
  const symbol = graph.symbolOf(file, ref.value);
  if (!symbol || !('local' in symbol)) return undefined;
  const target = graph.facts(symbol.file);
  if (!target) return undefined;
  const id = ref.value.k === 'call' ? target.factories[symbol.local] : target.routerBindings[symbol.local];
  return id ? `${symbol.file}#${id}` : undefined;
}

interface AppSettings {
  whitelist: boolean;
  globalGuard?: string;
  values: Record<string, { file: string; value: Value }>;
}

/** Settings any file of the repo declares (`app.setGlobalPrefix('api')` in main.ts applies to every controller). */
function appSettings(files: readonly string[], graph: ModuleGraph): AppSettings {
  const values: AppSettings['values'] = {};
  for (const file of files) {
    const facts = graph.peek(file);
    for (const [key, value] of Object.entries(facts?.settings ?? {})) values[key] = { file, value };
  }
  const text = (key: string) => {
    const entry = values[key];
    return entry?.value.k === 'str' ? entry.value.v : undefined;
  };
  const globalGuard = text('nest.globalGuard');
  return { whitelist: text('nest.whitelist') === 'true', ...(globalGuard ? { globalGuard } : {}), values };
}

/** Next.js `middleware.ts` that authenticates, for the routes its matcher covers. */
function nextMiddlewareGuard(path: string, settings: AppSettings): string[] {
  const entry = settings.values['next.middleware']?.value;
  if (entry?.k !== 'obj') return [];
  const matchers = Object.entries(entry.props).flatMap(([key, v]) =>
    key.startsWith('m') && v.k === 'str' ? [v.v] : [],
  );
  return matchers.some((m) => matcherCovers(m, path)) ? ['authMiddleware (middleware.ts)'] : [];
}

/** NestJS middleware bound with `consumer.apply(X).forRoutes(…)` that covers this route. */
function consumerMiddleware(
  route: RouteFact,
  settings: AppSettings,
  graph: ModuleGraph,
  file: string,
): string[] {
  const own = routePath(graph.evaluate(file, route.path));
  if (own === undefined) return [];
  const names: string[] = [];
  for (const [key, { value }] of Object.entries(settings.values)) {
    if (!key.startsWith('nest.middleware:') || value.k !== 'obj') continue;
    const text = (prop: string) => {
      const v = value.props[prop];
      return v?.k === 'str' ? v.v : undefined;
    };
    const method = text('method') ?? 'ALL';
    if (method !== 'ALL' && method !== route.method) continue;
    const controller = text('controller');
    const path = text('path');
    const covers = controller ? controller === route.controller : path !== undefined && pathCovers(path, own);
    if (covers) names.push(...(text('names') ?? '').split(',').filter(Boolean));
  }
  return names;
}

/** `articles/:slug` covers `/articles/{slug}`; `profiles/*` covers everything below `/profiles`. */
function pathCovers(pattern: string, path: string): boolean {
  const wildcard = /\/?\*$/.test(pattern) || pattern === '*';
  const base = routePath([{ text: `/${pattern.replace(/\/?\*$/, '')}` }]);
  if (base === undefined) return false;
  const norm = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
  if (wildcard)
    return norm(path) === norm(base) || norm(path).startsWith(`${norm(base) === '/' ? '' : norm(base)}/`);
  return norm(path) === norm(base);
}

/** NestJS: global prefix, then `v1` when URI versioning is on and the route (or the app) has a version. */
function appPrefix(route: RouteFact, settings: AppSettings, graph: ModuleGraph): Part[] {
  if (route.appSettings !== 'nest') return [];
  const parts: Part[] = [];
  const prefix = settings.values['nest.globalPrefix'];
  if (prefix) parts.push({ text: '/' }, ...graph.evaluate(prefix.file, prefix.value));
  const versionPrefix = settings.values['nest.versionPrefix'];
  const fallback = settings.values['nest.defaultVersion']?.value;
  const version = route.version ?? (fallback?.k === 'str' ? fallback.v : undefined);
  if (versionPrefix && version)
    parts.push({ text: '/' }, ...graph.evaluate(versionPrefix.file, versionPrefix.value), { text: version });
  parts.push({ text: '/' });
  return parts;
}

interface Guard {
  file: string;
  name: string;
  order: number;
  /** Only routes at or below this path (relative to the router) are guarded. */
  under?: string;
}

/** `/admin/stats` is within `/admin`; `/administrator` is not. */
function within(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Router ids as a person would name them: a default export's `router` → `router (in the default export)`. */
function readableRouter(id: string): string {
  const [owner, name] = id.includes('/') ? (id.split('/') as [string, string]) : ['', id];
  const local = name.replace('*returned*', 'returned router').replace(/^\*anonymous@\d+$/, 'unnamed router');
  if (!owner) return local === '*default*' ? 'default export' : local;
  return `${local} (in ${owner === '*default*' ? 'the default export' : owner})`;
}
