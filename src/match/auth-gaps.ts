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
  const credentialed = judged.filter(
    ({ call, endpoint }) =>
      endpoint.auth === 'required' && (call.auth === true || call.credentials === 'header'),
  );
  const guardedRepos = new Set(
    judged.filter((j) => j.endpoint.auth === 'required').map((j) => j.endpoint.repo),
  );
  for (const { call, endpoint } of judged) {
    if (endpoint.auth === 'required' && call.credentials === 'none') {
      const peers = credentialed.filter((peer) => sameGuard(peer.endpoint, endpoint));
      const header = peers.find((peer) => peer.call.credentials === 'header');
      const evidence = call.crossOrigin ? peers[0] : header;
      if (evidence) out.push(missingCredentials(call, endpoint, evidence.call));
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

/** Two routes behind one guard: the same backend and a guard name in common. */
function sameGuard(a: Endpoint, b: Endpoint): boolean {
  if (a.repo !== b.repo) return false;
  const guards = new Set(a.authVia ?? []);
  return (b.authVia ?? []).some((name) => guards.has(name));
}

function missingCredentials(call: Call, endpoint: Endpoint, peer: Call): Mismatch {
  const guard = (endpoint.authVia ?? []).join(', ');
  const why = call.crossOrigin
    ? "it goes to another origin without `credentials: 'include'` or an Authorization header, so it carries neither"
    : 'it sends no Authorization header, which other calls to routes behind this guard do';
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
    message: `${call.method} ${call.path} is sent without credentials, but the route requires them (${guard}): ${why}.`,
    method: endpoint.method,
    path: endpoint.path,
    call: call.id,
    endpoint: endpoint.id,
    suggestion: `Send credentials the way ${peer.source.repo}/${peer.source.file}:${peer.source.line} does${call.crossOrigin && peer.credentials !== 'header' ? " (credentials: 'include')" : ' (an Authorization header)'}, or route the call through the app's authenticated client.`,
    sources: [call.source, endpoint.source],
  };
}

function unguardedRoute(call: Call, endpoint: Endpoint): Mismatch {
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
    message: `${call.method} ${call.path} sends an Authorization header, but the route checks no credentials while other routes of this backend do: anyone can call it.`,
    method: endpoint.method,
    path: endpoint.path,
    call: call.id,
    endpoint: endpoint.id,
    suggestion: `Put the backend's auth guard in front of ${endpoint.method} ${endpoint.path}, or stop sending credentials if it is meant to be public.`,
    sources: [call.source, endpoint.source],
  };
}
