import type { Endpoint } from '../scan/scan-result.js';

/**
 * How well a call's path fits an endpoint's template, or undefined when it does not. Parameter names never
 * matter (`{id}` = `{comment_id}`); a literal in the call fits a parameter (`/users/42`); a runtime value fits
 * anything, least of all a literal (`guessed`); catch-alls take the rest. `static` counts segments matched
 * literally, so `/users/profile` beats `/users/{id}` for the call `/users/profile`, and `/users/{id}` beats
 * `/users/profile` for the call `/users/${id}`.
 */
export function pathFit(callPath: string, template: string): Fit | undefined {
  const call = segments(callPath);
  return fitSegments(call, call.map(isDynamic), segments(template));
}

type Fit = { static: number; guessed: number; catchAll: boolean };

function fitSegments(
  call: readonly string[],
  dynamic: readonly boolean[],
  route: readonly string[],
): Fit | undefined {
  let matchedStatic = 0;
  let guessed = 0;
  for (let i = 0; i < route.length; i++) {
    const part = route[i] as string;
    const rest = call.length - i;
    // Express's `*` (read as `{*}`) at the end of a route takes every remaining segment.
    if (isCatchAll(part) || (part === '{*}' && i === route.length - 1)) {
      const optional = part.endsWith('?}');
      return rest >= (optional ? 0 : 1) ? { static: matchedStatic, guessed, catchAll: true } : undefined;
    }
    if (rest <= 0) return undefined;
    const given = call[i] as string;
    if (isParam(part)) continue;
    // `/orders/${id}/${action}` may be `/orders/{id}/approve`: a runtime value can be any literal, but a
    // literal in the call must be that literal.
    if (dynamic[i]) {
      guessed++;
      continue;
    }
    if (given !== part) return undefined;
    matchedStatic++;
  }
  return call.length === route.length ? { static: matchedStatic, guessed, catchAll: false } : undefined;
}

/** Endpoints by segment count, split once: a project's thousands of calls each look at a few routes. */
interface RouteIndex {
  byLength: Map<number, IndexedRoute[]>;
  /** Routes with a catch-all fit calls of many lengths: every call looks at them. */
  open: IndexedRoute[];
}

interface IndexedRoute {
  endpoint: Endpoint;
  route: string[];
  /** Declaration order, which breaks ties. */
  position: number;
}

const indexes = new WeakMap<readonly Endpoint[], RouteIndex>();

function indexOf(endpoints: readonly Endpoint[]): RouteIndex {
  let index = indexes.get(endpoints);
  if (index) return index;
  index = { byLength: new Map(), open: [] };
  for (const [position, endpoint] of endpoints.entries()) {
    const route = routeSegments(endpoint);
    const last = route[route.length - 1];
    if (route.some(isCatchAll) || last === '{*}') index.open.push({ endpoint, route, position });
    else {
      const list = index.byLength.get(route.length) ?? [];
      list.push({ endpoint, route, position });
      index.byLength.set(route.length, list);
    }
  }
  indexes.set(endpoints, index);
  return index;
}

/** The endpoints a call's path fits, best first: more literal segments, then no catch-all. */
export function candidates(callPath: string, endpoints: readonly Endpoint[]): Endpoint[] {
  const call = segments(callPath);
  const dynamic = call.map(isDynamic);
  const index = indexOf(endpoints);
  const fits: ({ endpoint: Endpoint; position: number } & Fit)[] = [];
  for (const list of [index.byLength.get(call.length) ?? [], index.open])
    for (const { endpoint, route, position } of list) {
      const fit = fitSegments(call, dynamic, route);
      if (fit) fits.push({ endpoint, position, ...fit });
    }
  return fits
    .sort(
      (a, b) =>
        b.static - a.static ||
        a.guessed - b.guessed ||
        Number(a.catchAll) - Number(b.catchAll) ||
        a.position - b.position,
    )
    .map((fit) => fit.endpoint);
}

/** A template with parameter names erased, to compare paths by shape: `/users/{}`. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

const split = new WeakMap<Endpoint, string[]>();

/** An endpoint's path segments, split once per endpoint however many calls look at it. */
export function routeSegments(endpoint: Endpoint): string[] {
  let found = split.get(endpoint);
  if (!found) {
    found = segments(endpoint.path);
    split.set(endpoint, found);
  }
  return found;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}') && !segment.startsWith('{...');
}

function isCatchAll(segment: string): boolean {
  return segment.startsWith('{...') && segment.endsWith('}');
}

/** A call segment known only at run time: `{id}` for a whole segment, `{*}` inside one. */
function isDynamic(segment: string): boolean {
  return segment.includes('{');
}
