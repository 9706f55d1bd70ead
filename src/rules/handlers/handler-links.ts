import { posix } from 'node:path';
import type { RouteFact } from '../../extract/facts.js';
import type { Endpoint } from '../../scan/scan-result.js';
import type { Value } from '../../scan/value.js';
import type { RepoRuleContext } from '../family.js';
import { type HandlerAnchor, notesOf } from './handler-notes.js';
import { ROUTE_HANDLER_NOTE } from './route-handlers.js';

/** A route as registered (its own middleware, the file's router-level middleware) and the endpoints it became. */
export interface ServedRoute {
  file: string;
  route: RouteFact;
  /** Middleware named on the route and registered before it on its file's routers: names the endpoint drops. */
  middleware: string[];
  /** Those middleware as `<file>#<name>` where they resolve to a function of this repo. */
  middlewareTargets: string[];
  endpoints: Endpoint[];
}

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/**
 * Joins handlers to the routes they serve: a handler written inside a route registration (or a file route)
 * by the lines it spans; one defined elsewhere by the route's handler reference, followed through the route
 * file's relative imports to the file and name that define it.
 */
export class HandlerLinks {
  private readonly byFile = new Map<string, ServedRoute[]>();
  /** `<file>#<name>` of a handler → the routes that reference it. */
  private readonly byName = new Map<string, ServedRoute[]>();

  constructor(context: RepoRuleContext) {
    const endpointsAt = new Map<string, Endpoint[]>();
    for (const endpoint of context.links.endpoints) {
      const key = `${endpoint.source.file}:${endpoint.source.line}`;
      endpointsAt.set(key, [...(endpointsAt.get(key) ?? []), endpoint]);
    }
    const files = new Set(context.files);
    for (const [file, facts] of context.facts) {
      // Handlers the route facts do not keep (a factory call, a wrapped reference), noted by line.
      const calledHandlers = new Map<number, string>();
      for (const note of notesOf(facts, ROUTE_HANDLER_NOTE))
        for (const line of note.handler.routes ?? []) calledHandlers.set(line, note.handler.names[0] ?? '');
      for (const fact of facts.routes) {
        const called = fact.handlerRef ? undefined : calledHandlers.get(fact.line);
        const route: RouteFact = called
          ? { ...fact, handlerRef: { k: 'call', callee: dottedValue(called) } }
          : fact;
        const endpoints = endpointsAt.get(`${file}:${route.line}`) ?? [];
        // Router-level middleware registered before the route on no path (`router.use(checkKey)`); scoped
        // ones (`router.use('/graphql', …)`) are the linker's to place.
        const before = facts.routerMiddleware
          .filter((m) => !m.path && m.order < route.order)
          .map((m) => m.name);
        const middleware = [...before, ...route.middleware];
        const served: ServedRoute = {
          file,
          route,
          middleware,
          middlewareTargets: middleware.flatMap(
            (name) => handlerTarget(file, dottedValue(name), facts.imports, files) ?? [],
          ),
          endpoints,
        };
        this.byFile.set(file, [...(this.byFile.get(file) ?? []), served]);
        const target = route.handlerRef && handlerTarget(file, route.handlerRef, facts.imports, files);
        if (target) this.byName.set(target, [...(this.byName.get(target) ?? []), served]);
      }
    }
  }

  /** Every route of the repo with the endpoints it became. */
  all(): ServedRoute[] {
    return [...this.byFile.values()].flat();
  }

  /** The routes a handler serves; empty when it cannot be linked (then nothing is known about its route). */
  routesOf(file: string, anchor: HandlerAnchor): ServedRoute[] {
    const inside = (this.byFile.get(file) ?? []).filter(
      (served) =>
        (served.route.line >= anchor.from && served.route.line <= anchor.to) ||
        anchor.routes?.includes(served.route.line),
    );
    const named = anchor.names.flatMap((name) => this.byName.get(`${file}#${name}`) ?? []);
    return [...new Set([...inside, ...named])];
  }
}

/** `security.appendUserId` as the value a reference to it would be. */
function dottedValue(name: string): Value {
  const [root, ...props] = name.split('.');
  let value: Value = { k: 'ref', name: root ?? name };
  for (const prop of props) value = { k: 'member', of: value, prop };
  return value;
}

/** The name a handler reference ends with: `getOrder` for `orders.getOrder`, `registerUser` for an import. */
export function handlerName(ref: Value | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.k === 'member') return ref.prop;
  if (ref.k === 'ref') return ref.name;
  if (ref.k === 'import') return ref.name;
  if (ref.k === 'call') return handlerName(ref.callee);
  return undefined;
}

/**
 * `orders.getOrder` with `orders` imported from `../controllers/orders` → `controllers/orders.ts#getOrder`;
 * `getOrder` declared in the route's own file → that file. Undefined for package imports or anything
 * computed.
 */
function handlerTarget(
  file: string,
  ref: Value,
  imports: Record<string, { from: string; name: string }>,
  files: ReadonlySet<string>,
): string | undefined {
  let name: string | undefined;
  // `retrieveBasket()`: a factory whose returned function is the handler, noted under the factory's name.
  let current: Value = ref.k === 'call' ? ref.callee : ref;
  // `controllers.orders.getOrder`: the last property is the handler, the root says which file.
  for (let depth = 0; current.k === 'member' && depth < 8; depth++) {
    name ??= current.prop;
    current = current.of;
  }
  let from: string | undefined;
  if (current.k === 'import') {
    from = current.from;
    name ??= current.name;
  } else if (current.k === 'ref') {
    const binding = imports[current.name];
    if (binding) {
      from = binding.from;
      name ??= binding.name === '*' ? undefined : binding.name;
    } else name ??= current.name;
  } else return undefined;
  if (!name) return undefined;
  if (from === undefined) return `${file}#${name}`;
  const resolved = resolveRelative(file, from, files);
  return resolved ? `${resolved}#${name}` : undefined;
}

function resolveRelative(file: string, from: string, files: ReadonlySet<string>): string | undefined {
  if (!from.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(file), from)).replace(/\.[cm]?js$/, '');
  for (const candidate of [base, `${base}/index`])
    for (const extension of EXTENSIONS)
      if (files.has(`${candidate}${extension}`)) return `${candidate}${extension}`;
  return undefined;
}
