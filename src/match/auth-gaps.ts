import { AUTH_FLOW } from '../extract/auth-names.js';
import type { Call, Endpoint, Mismatch } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import { pathShape } from './path-match.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Calls whose credentials disagree with what their endpoint demands. Absence of credentials is never taken
 * from silence: the request must provably send none (a `fetch` whose options we read whole), and the project
 * must show how its requests authenticate — a same-origin fetch carries the session cookie by itself, so it
 * is a gap only when other calls to routes behind the same guard send an Authorization header; a cross-origin
 * fetch carries nothing unless asked, so any credentialed call to that guard is evidence enough. The reverse —
 * a request sending a token to a write route of a backend that guards others but not this one — is reported
 * only for credentials the call itself sets, never for an interceptor that sends them everywhere.
 */
export function authGaps(judged: readonly { call: Call; endpoint: Endpoint }[]): Mismatch[] {
  const out: Mismatch[] = [];
  // Per backend and guard, the first call that shows how to pass it (any credentials, and a header): one
  // pass, then a lookup per call — projects have thousands of calls.
  const shown = new Map<string, { any?: Call; header?: Call }>();
  const guardedRepos = new Set<string>();
  for (const { call, endpoint } of judged) {
    if (endpoint.auth !== 'required') continue;
    guardedRepos.add(endpoint.repo);
    if (call.auth !== true && call.credentials !== 'header') continue;
    for (const guard of endpoint.authVia ?? []) {
      const entry = shown.get(guardKey(endpoint.repo, guard)) ?? {};
      entry.any ??= call;
      if (call.credentials === 'header') entry.header ??= call;
      shown.set(guardKey(endpoint.repo, guard), entry);
    }
  }
  for (const { call, endpoint } of judged) {
    if (endpoint.auth === 'required' && call.credentials === 'none') {
      const peers = (endpoint.authVia ?? []).map((guard) => shown.get(guardKey(endpoint.repo, guard)));
      const evidence = call.crossOrigin
        ? peers.find((p) => p?.any)?.any
        : peers.find((p) => p?.header)?.header;
      if (evidence) out.push(missingCredentials(call, endpoint, evidence));
    } else if (
      endpoint.auth === 'none' &&
      call.credentials === 'header' &&
      WRITES.has(endpoint.method) &&
      !AUTH_FLOW.test(endpoint.path) &&
      guardedRepos.has(endpoint.repo)
    )
      out.push(unguardedRoute(call, endpoint));
  }
  return out;
}

function guardKey(repo: string, guard: string): string {
  return `${repo}\u0000${guard}`;
}

function missingCredentials(call: Call, endpoint: Endpoint, peer: Call): Mismatch {
  const guard = (endpoint.authVia ?? []).join(', ');
  const why = call.crossOrigin
    ? "it goes to another origin without `credentials: 'include'` or an Authorization header, so it carries neither"
    : 'it sends no Authorization header, which other calls to routes behind this guard do';
  return authGap(
    call,
    endpoint,
    `${call.method} ${call.path} is sent without credentials, but the route requires them (${guard}): ${why}.`,
    `Send credentials the way ${peer.source.repo}/${peer.source.file}:${peer.source.line} does${call.crossOrigin && peer.credentials !== 'header' ? " (credentials: 'include')" : ' (an Authorization header)'}, or route the call through the app's authenticated client.`,
  );
}

function unguardedRoute(call: Call, endpoint: Endpoint): Mismatch {
  return authGap(
    call,
    endpoint,
    `${call.method} ${call.path} sends an Authorization header, but the route checks no credentials while other routes of this backend do: anyone can call it.`,
    `Put the backend's auth guard in front of ${endpoint.method} ${endpoint.path}, or stop sending credentials if it is meant to be public.`,
  );
}

/** One call and its route disagreeing on credentials; both directions share the fingerprint's subject. */
function authGap(call: Call, endpoint: Endpoint, message: string, suggestion: string): Mismatch {
  return {
    fingerprint: fingerprint(
      'auth-gap',
      call.repo,
      call.source.file,
      endpoint.method,
      pathShape(endpoint.path),
    ),
    kind: 'auth-gap',
    severity: 'error',
    message,
    method: endpoint.method,
    path: endpoint.path,
    call: call.id,
    endpoint: endpoint.id,
    suggestion,
    sources: [call.source, endpoint.source],
  };
}
