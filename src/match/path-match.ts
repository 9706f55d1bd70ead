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
  /** Length → first segment (`*` for a parameter) → second segment (`*` likewise) → routes. */
  byLength: Map<number, Map<string, Map<string, IndexedRoute[]>>>;
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
      const byFirst = index.byLength.get(route.length) ?? new Map<string, Map<string, IndexedRoute[]>>();
      index.byLength.set(route.length, byFirst);
      const first = literalKey(route[0]);
      const bySecond = byFirst.get(first) ?? new Map<string, IndexedRoute[]>();
      byFirst.set(first, bySecond);
      const second = literalKey(route[1]);
      const list = bySecond.get(second) ?? [];
      list.push({ endpoint, route, position });
      bySecond.set(second, list);
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
  for (const list of [...sameShape(index, call, dynamic), index.open])
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

/** A segment as an index key: a literal, or `*` for a parameter (which any call segment may fill). */
function literalKey(segment: string | undefined): string {
  return segment === undefined || isParam(segment) || segment.includes('{') ? '*' : segment;
}

/**
 * The route lists a call of this length may fit: for its first two segments, the routes with that literal
 * or a parameter there; a runtime value in the call may be anything, so it takes every list.
 */
function sameShape(
  index: RouteIndex,
  call: readonly string[],
  dynamic: readonly boolean[],
): IndexedRoute[][] {
  const byFirst = index.byLength.get(call.length);
  if (!byFirst) return [];
  const keys = (map: Map<string, unknown>, i: number) =>
    call[i] === undefined || dynamic[i] ? [...map.keys()] : [call[i] as string, '*'];
  const lists: IndexedRoute[][] = [];
  for (const first of keys(byFirst, 0)) {
    const bySecond = byFirst.get(first);
    if (!bySecond) continue;
    for (const second of keys(bySecond, 1)) {
      const list = bySecond.get(second);
      if (list) lists.push(list);
    }
  }
  return lists;
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
