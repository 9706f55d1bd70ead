import { isAuthMiddleware } from '../../extract/auth-names.js';
import type { Endpoint } from '../../scan/scan-result.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { type HandlerLinks, handlerName } from '../handlers/handler-links.js';
import { IDENTITY_NOTE } from './handler-identity.js';
import { notesOf } from '../handlers/handler-notes.js';
import {
  SIGNUP_HANDLER,
  hasPathParam,
  isAdminPath,
  isDevOnly,
  isPublicByDesign,
  resourceOf,
  returnsUserData,
} from './public-routes.js';

export const NO_AUTH: RuleMeta = {
  id: 'authz.no-auth',
  severity: 'error',
  title: 'A route that changes or returns user data has no authentication',
  fix: "Put the app's auth guard in front of the route (the middleware, decorator or session check its other routes use), or mark it public on purpose and suppress the finding.",
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes declared apart from their handlers (an OpenAPI document, a ts-rest contract): the guard is elsewhere. */
const CONTRACT_ONLY = new Set(['openapi', 'ts-rest']);

/**
 * Libraries that authenticate requests. A backend that depends on one but shows no guard we can read
 * applies it in a way we cannot see (a gateway, a custom wrapper): silence, not a guess.
 */
const AUTH_LIBRARY =
  /^(?:passport(?:-[\w-]+)?|jsonwebtoken|jose|express-jwt|express-session|cookie-session|koa-jwt|koa-session|@fastify\/(?:jwt|auth|session|secure-session)|next-auth|@auth\/[\w-]+|@clerk\/[\w-]+|lucia|better-auth|iron-session|@supabase\/(?:ssr|auth-helpers-[\w-]+)|firebase-admin|@nestjs\/(?:passport|jwt)|@kinde-oss\/[\w-]+|@auth0\/[\w-]+|express-openid-connect|keycloak-connect|supertokens-node|@workos-inc\/[\w-]+|@stackframe\/[\w-]+|@hono\/(?:clerk-auth|auth-js))$/;

/**
 * Routes anyone can call that change data or return someone's data. Two situations:
 *
 * - Some routes of the backend are guarded. Then a route without a guard, outside the public-by-design
 *   ones (login, signup, webhooks, health, contact…), is reported when it acts on an existing record (a
 *   path parameter), sits on a resource whose other routes are guarded, or is an admin route — an error
 *   for writes. A plain `POST /comments` with nothing guarded near it may be public on purpose: quiet.
 *   Reads are a warning, and only on paths that name someone's data (`/me`, `/orders`, `/admin`…).
 * - No route is guarded, no handler checks identity and no auth library is installed: one finding for the
 *   whole backend, at its first write route, rather than one per route — when some write changes or
 *   deletes existing records (PUT/PATCH/DELETE, a path parameter). A backend that only creates
 *   (`POST /generate`, `POST /contact`) may be a public tool by design.
 *
 * A handler that checks the caller itself (`req.user`, a session call, a 401) is authenticated for this
 * rule even when no guard is named; routes whose guard the scanner could not read (`auth: unknown`) and
 * routes taken from an OpenAPI document are left alone.
 */
export function noAuthFindings(context: RepoRuleContext, links: HandlerLinks): RepoFinding[] {
  const selfChecked = selfCheckedEndpoints(context, links);
  const endpoints = context.links.endpoints.filter((e) => !CONTRACT_ONLY.has(e.framework));
  const guarded = endpoints.filter((e) => e.auth === 'required' || e.auth === 'optional');
  const declared = declaredPublic(links);
  const open = endpoints.filter(
    (e) =>
      e.auth === 'none' &&
      !selfChecked.has(e.id) &&
      !declared.has(e.id) &&
      !isDevOnly(e.condition) &&
      !isPublicByDesign(routePath(e), e.method),
  );
  if (guarded.length === 0) {
    if (anyIdentityNote(context) || usesAuthLibrary(context)) return [];
    return unauthenticatedBackend(
      context,
      open.filter((e) => WRITES.has(e.method)),
    );
  }
  const guardedResources = new Map<string, Endpoint>();
  for (const endpoint of guarded) guardedResources.set(resourceOf(routePath(endpoint)), endpoint);
  const found: RepoFinding[] = [];
  for (const endpoint of open) {
    const path = routePath(endpoint);
    const sibling = guardedResources.get(resourceOf(path));
    const peer = () => sibling ?? nearest(path, guarded);
    if (WRITES.has(endpoint.method)) {
      if (hasPathParam(path) || sibling || isAdminPath(path))
        found.push(unguarded(endpoint, peer(), 'error'));
    } else if (endpoint.method === 'GET' && returnsUserData(path))
      found.push(unguarded(endpoint, peer(), 'warning'));
  }
  return found;
}

/** The guarded endpoint sharing the longest path prefix with `path`: the best example of the guard to copy. */
function nearest(path: string, guarded: readonly Endpoint[]): Endpoint {
  let best = guarded[0] as Endpoint;
  let bestLength = -1;
  for (const endpoint of guarded) {
    const other = routePath(endpoint);
    let length = 0;
    while (length < path.length && path[length] === other[length]) length++;
    if (length > bestLength) {
      best = endpoint;
      bestLength = length;
    }
  }
  return best;
}

/**
 * Endpoints public on purpose by what the code says: marked `@Public()` (exempt from a global guard), or
 * handled by a function named for signing up (`registerUser`).
 */
function declaredPublic(links: HandlerLinks): Set<string> {
  const ids = new Set<string>();
  for (const served of links.all())
    if (served.route.public || handlerName(served.route.handlerRef)?.match(SIGNUP_HANDLER))
      for (const endpoint of served.endpoints) ids.add(endpoint.id);
  return ids;
}

/** tRPC procedures are `/trpc/post.delete`: read as `/trpc/post/delete` so their router is the resource. */
function routePath(endpoint: Endpoint): string {
  return endpoint.framework === 'trpc' ? endpoint.path.replace(/\./g, '/') : endpoint.path;
}

function unguarded(endpoint: Endpoint, peer: Endpoint, severity: 'error' | 'warning'): RepoFinding {
  const route = `${endpoint.method} ${endpoint.path}`;
  const guard = (peer.authVia ?? []).join(', ') || 'an identity check';
  const what = severity === 'error' ? 'anyone can call it' : 'anyone can read what it returns';
  return {
    rule: NO_AUTH.id,
    file: endpoint.source.file,
    line: endpoint.source.line,
    column: endpoint.source.column,
    ...(severity === 'warning' ? { severity } : {}),
    message: `${route} has no authentication, while ${peer.method} ${peer.path} requires it (${guard}): ${what}.`,
    subject: route,
    key: route,
  };
}

function unauthenticatedBackend(context: RepoRuleContext, writes: Endpoint[]): RepoFinding[] {
  // A backend whose only writes create things (`POST /generate`, `POST /contact`) may be a public tool by
  // design; one that lets anyone change or delete existing records is not.
  if (!writes.some((e) => e.method !== 'POST' || hasPathParam(routePath(e)))) return [];
  const sorted = [...writes].sort(
    (a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line,
  );
  const first = sorted[0];
  if (!first) return [];
  const shown = sorted.slice(0, 3).map((e) => `${e.method} ${e.path}`);
  const more = sorted.length > 3 ? `, and ${sorted.length - 3} more` : '';
  return [
    {
      rule: NO_AUTH.id,
      file: first.source.file,
      line: first.source.line,
      column: first.source.column,
      message: `${context.repo} has ${sorted.length} write route(s) (${shown.join(', ')}${more}) and no authentication anywhere: no guard, no session check in a handler, no auth library. Anyone who finds the URL can change or delete its data.`,
      subject: 'no authentication in the backend',
      key: 'backend',
    },
  ];
}

/**
 * Endpoints whose handler checks the caller itself, or whose middleware does though its name does not say
 * so (`security.appendUserId()` answering 401), or whose "handler" is a guard (`app.get('/x', isAuthorized())`
 * registers the guard, and the real handler is mounted elsewhere).
 */
function selfCheckedEndpoints(context: RepoRuleContext, links: HandlerLinks): Set<string> {
  const ids = new Set<string>();
  const checking = new Set<string>();
  for (const [file, facts] of context.facts)
    for (const note of notesOf(facts, IDENTITY_NOTE)) {
      for (const name of note.handler.names) checking.add(`${file}#${name}`);
      for (const served of links.routesOf(file, note.handler))
        for (const endpoint of served.endpoints) ids.add(endpoint.id);
    }
  for (const served of links.all()) {
    const handler = handlerName(served.route.handlerRef) ?? '';
    const guarded =
      served.middlewareTargets.some((target) => checking.has(target)) ||
      (served.route.handlerRef?.k === 'call' && (isAuthMiddleware(handler) || /^deny/i.test(handler)));
    if (guarded) for (const endpoint of served.endpoints) ids.add(endpoint.id);
  }
  return ids;
}

function anyIdentityNote(context: RepoRuleContext): boolean {
  for (const facts of context.facts.values()) if (notesOf(facts, IDENTITY_NOTE).length > 0) return true;
  return false;
}

function usesAuthLibrary(context: RepoRuleContext): boolean {
  for (const path of context.files) {
    if (!/(?:^|\/)package\.json$/.test(path) || path.includes('node_modules/')) continue;
    const text = context.read(path);
    if (!text) continue;
    try {
      const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      const names = [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.devDependencies ?? {}),
      ];
      if (names.some((name) => AUTH_LIBRARY.test(name))) return true;
    } catch {
      // A manifest that does not parse says nothing about auth.
    }
  }
  return false;
}
