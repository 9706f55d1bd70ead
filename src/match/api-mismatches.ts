import type { Call, Endpoint, Mismatch } from '../scan/scan-result.js';
import { authGaps } from './auth-gaps.js';
import { fingerprint } from './fingerprint.js';
import { MismatchSet } from './mismatch-set.js';
import { candidates, pathShape, routeSegments } from './path-match.js';

/** Fields callers read from failure answers, which error middleware writes where we do not look. */
const ERROR_FIELDS = new Set([
  'error',
  'errors',
  'message',
  'detail',
  'details',
  'code',
  'status',
  'success',
  'ok',
]);

/** Clients and frameworks typed against one contract (tRPC, ts-rest, Hono RPC): a compiler checks them. */
const TYPED_CLIENTS = new Set(['trpc', 'ts-rest', 'hono-rpc']);
const TYPED_FRAMEWORKS = new Set(['trpc', 'ts-rest']);
/** Paths of Supabase's own services (PostgREST, Auth, Storage, edge functions): never the app's backend. */
const PLATFORM = /^\/(?:rest|auth|storage|functions|realtime|graphql)\/v1(?:\/|$)/;

/**
 * Calls against endpoints, across every repo of the project: `endpoint-missing`, `method-mismatch`,
 * `body-field-missing`, `body-field-unknown`, `enum-mismatch`, `query-param-missing`, `response-shape-mismatch`,
 * `auth-gap`, `endpoint-unused`. Judged only where both sides are known: a project without endpoints says
 * nothing about its calls.
 */
export function apiMismatches(calls: readonly Call[], endpoints: readonly Endpoint[]): Mismatch[] {
  const rest = endpoints.filter((e) => !TYPED_FRAMEWORKS.has(e.framework));
  const out = new MismatchSet();
  const add = (mismatch: Mismatch) => out.add(mismatch);
  const used = new Set<Endpoint>();
  // Typed clients are checked by a compiler, not by us; they still show which endpoints are used.
  for (const call of calls)
    if (TYPED_CLIENTS.has(call.client))
      for (const endpoint of candidates(call.path, endpoints))
        if (sameMethod(call.method, endpoint.method)) used.add(endpoint);
  const judged: { call: Call; endpoint: Endpoint }[] = [];
  const ours = calls.filter((call) => !TYPED_CLIENTS.has(call.client) && !PLATFORM.test(call.path));
  const elsewhere = otherServices(ours, rest);
  const checked = ours.filter((call) => !(call.host && elsewhere.has(call.host)));
  if (rest.length > 0)
    for (const call of checked) {
      const fits = candidates(call.path, rest);
      if (fits.length === 0) {
        add(endpointMissing(call, rest));
        continue;
      }
      const matched = fits.filter((e) => sameMethod(call.method, e.method));
      if (matched.length === 0) {
        // `POST /orders/cancel` against `GET|PATCH /orders/{id}`: "cancel" is an action, not an order id — the
        // route the call wants does not exist, and the nearest ones are what it should use.
        const byKind = [...fits].sort(
          (a, b) =>
            Number(isWrite(b.method) === isWrite(call.method)) -
            Number(isWrite(a.method) === isWrite(call.method)),
        );
        if (fits.every((e) => wordInParam(call.path, e.path))) add(endpointMissing(call, rest, byKind));
        else add(methodMismatch(call, byKind));
        for (const endpoint of fits) used.add(endpoint);
        continue;
      }
      // The best fit is the one judged below.
      const endpoint = matched[0] as Endpoint;
      judged.push({ call, endpoint });
      // Every route the call may reach is used: `/users/${id}` may well be `/users/profile`.
      for (const other of matched) used.add(other);
      for (const mismatch of bodyMismatches(call, endpoint)) add(mismatch);
      for (const mismatch of enumMismatches(call, endpoint)) add(mismatch);
      for (const mismatch of queryMismatches(call, endpoint)) add(mismatch);
      // Two registrations of one route (a refactor left both): what either answers counts.
      const twins = matched.filter(
        (other) => other.path === endpoint.path && other.method === endpoint.method,
      );
      const shape = responseMismatch(call, endpoint, twins);
      if (shape) add(shape);
    }
  for (const mismatch of authGaps(judged)) add(mismatch);
  // Unused only means something when the project's clients were read at all.
  if (calls.length > 0)
    for (const endpoint of rest)
      if (!used.has(endpoint) && endpoint.framework !== 'openapi') add(endpointUnused(endpoint));
  return out.values();
}

/**
 * Hosts written out in URLs (`http://127.0.0.1:1106`) none of whose calls fit any endpoint: another service
 * on that port (a sidecar, a model server), not one of our backends — its calls prove nothing missing.
 */
function otherServices(calls: readonly Call[], endpoints: readonly Endpoint[]): Set<string> {
  const fitting = new Map<string, boolean>();
  for (const call of calls) {
    if (!call.host || fitting.get(call.host)) continue;
    fitting.set(call.host, candidates(call.path, endpoints).length > 0);
  }
  return new Set([...fitting].filter(([, fits]) => !fits).map(([host]) => host));
}

function isWrite(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

/**
 * Whether the call fills a parameter of `template` with a literal word (`cancel`, `export`) rather than
 * something id-like (`42`, a UUID, a slug with digits): a word there names an action route.
 */
function wordInParam(callPath: string, template: string): boolean {
  const call = callPath.split('/').filter(Boolean);
  const route = template.split('/').filter(Boolean);
  return route.some((part, i) => {
    const given = call[i];
    return (
      part.startsWith('{') &&
      !part.startsWith('{...') &&
      given !== undefined &&
      /^[a-z]+(?:[-_][a-z]+)*$/i.test(given)
    );
  });
}

function sameMethod(a: string, b: string): boolean {
  return a === b || a === 'ANY' || b === 'ANY' || (a === 'HEAD' && b === 'GET');
}

function endpointMissing(
  call: Call,
  endpoints: readonly Endpoint[],
  preferred: readonly Endpoint[] = [],
): Mismatch {
  const near = preferred.length > 0 ? preferred.slice(0, 3) : nearestEndpoints(call, endpoints);
  return {
    fingerprint: fingerprint(
      'endpoint-missing',
      call.repo,
      call.source.file,
      call.method,
      pathShape(call.path),
    ),
    kind: 'endpoint-missing',
    severity: 'error',
    message: `${call.repo} calls ${call.method} ${call.path}, which no backend provides.`,
    method: call.method,
    path: call.path,
    call: call.id,
    ...(near.length > 0
      ? { suggestion: `The backend has ${near.map(describeEndpoint).join('; ')}.` }
      : { suggestion: `Add ${call.method} ${call.path} to the backend, or call an endpoint it has.` }),
    sources: [call.source, ...near.slice(0, 1).map((e) => e.source)],
  };
}

function methodMismatch(call: Call, fits: readonly Endpoint[]): Mismatch {
  const methods = [...new Set(fits.map((e) => e.method))];
  const first = fits[0] as Endpoint;
  return {
    fingerprint: fingerprint(
      'method-mismatch',
      call.repo,
      call.source.file,
      call.method,
      pathShape(call.path),
      first.source.file,
    ),
    kind: 'method-mismatch',
    severity: 'error',
    message: `${call.repo} calls ${call.method} ${call.path}, but the backend serves that path only for ${methods.join(', ')}.`,
    method: call.method,
    path: call.path,
    call: call.id,
    endpoint: first.id,
    suggestion: `Call ${describeEndpoint(first)}, or add ${call.method} to the route.`,
    sources: [call.source, first.source],
  };
}

/**
 * Fields one side names and the other does not. A schema's required fields must be sent; a closed schema
 * rejects the rest. Fields a handler merely reads (no schema) may be optional, so a missing one is reported
 * only when the call also sends a field the handler never reads — the shape of a rename (`qty` vs `quantity`).
 */
function bodyMismatches(call: Call, endpoint: Endpoint): Mismatch[] {
  const body = endpoint.body;
  if (!call.body || call.body.open || !body) return [];
  const sent = new Set(call.body.fields.map((f) => f.name));
  const accepted = new Set(body.fields.map((f) => f.name));
  const unknown = [...sent].filter((name) => !accepted.has(name));
  const schema = body.fields.some((f) => f.required !== undefined);
  // A rename is one or two fields for one or two: a call sending many fields the handler never names is
  // more likely feeding a validator or a spread we cannot see.
  const rename = !schema && unknown.length > 0 && unknown.length <= 2;
  const required = body.fields.filter((f) => !sent.has(f.name) && f.required === true);
  const read = body.fields.filter((f) => !sent.has(f.name) && f.required === undefined);
  const missing = [...required, ...(rename && read.length <= 2 ? read : [])];
  const out: Mismatch[] = [];
  for (const field of missing) {
    const instead = unknown.length > 0 ? ` It sends ${unknown.map((n) => `"${n}"`).join(', ')} instead.` : '';
    out.push({
      fingerprint: fingerprint(
        'body-field-missing',
        call.repo,
        call.source.file,
        endpoint.method,
        pathShape(endpoint.path),
        field.name,
      ),
      kind: 'body-field-missing',
      severity: 'error',
      message: `${call.method} ${call.path} never sends "${field.name}", which ${endpoint.method} ${endpoint.path} ${field.required ? 'requires' : 'reads'}.${instead}`,
      method: endpoint.method,
      path: endpoint.path,
      field: field.name,
      call: call.id,
      endpoint: endpoint.id,
      suggestion:
        unknown.length === 1 ? `Send "${field.name}" instead of "${unknown[0]}".` : `Send "${field.name}".`,
      sources: [call.source, endpoint.source],
    });
  }
  if (!body.open)
    for (const name of unknown)
      out.push({
        fingerprint: fingerprint(
          'body-field-unknown',
          call.repo,
          call.source.file,
          endpoint.method,
          pathShape(endpoint.path),
          name,
        ),
        kind: 'body-field-unknown',
        severity: 'warning',
        message: `${call.method} ${call.path} sends "${name}", which ${endpoint.method} ${endpoint.path} does not accept (its body schema drops or rejects it).`,
        method: endpoint.method,
        path: endpoint.path,
        field: name,
        call: call.id,
        endpoint: endpoint.id,
        suggestion: `Accepted fields: ${[...accepted].join(', ') || 'none'}.`,
        sources: [call.source, endpoint.source],
      });
  return out;
}

/**
 * A string the call sends where the endpoint's schema allows only some (`z.enum`, `@IsIn`, an OpenAPI enum):
 * compared exactly, since `"Cancelled"` fails a validator expecting `"cancelled"`.
 */
function enumMismatches(call: Call, endpoint: Endpoint): Mismatch[] {
  const allowed = new Map(
    (endpoint.body?.fields ?? []).filter((f) => f.enum).map((f) => [f.name, f.enum ?? []]),
  );
  const out: Mismatch[] = [];
  for (const field of call.body?.fields ?? []) {
    const value = field.enum?.length === 1 ? field.enum[0] : undefined;
    const values = allowed.get(field.name);
    if (value === undefined || !values || values.length === 0 || values.includes(value)) continue;
    const sameLetters = values.find((v) => v.toLowerCase() === value.toLowerCase());
    const list = values.map((v) => `"${v}"`).join(', ');
    out.push({
      fingerprint: fingerprint(
        'enum-mismatch',
        call.repo,
        call.source.file,
        endpoint.method,
        pathShape(endpoint.path),
        field.name,
        value,
      ),
      kind: 'enum-mismatch',
      severity: 'warning',
      message: `${call.method} ${call.path} sends ${field.name} "${value}", which ${endpoint.method} ${endpoint.path} does not accept (it takes ${list}).`,
      method: endpoint.method,
      path: endpoint.path,
      field: field.name,
      call: call.id,
      endpoint: endpoint.id,
      suggestion: sameLetters
        ? `Send "${sameLetters}": the values are compared case-sensitively.`
        : `Send one of ${list}, or add "${value}" to the endpoint's enum.`,
      sources: [call.source, endpoint.source],
    });
  }
  return out;
}

/** A query parameter the endpoint's schema requires that the call never sends (in the URL or as `params`). */
function queryMismatches(call: Call, endpoint: Endpoint): Mismatch[] {
  const sent = new Set(call.query.map((q) => q.name));
  return endpoint.query
    .filter((field) => field.required === true && !sent.has(field.name))
    .map((field) => ({
      fingerprint: fingerprint(
        'query-param-missing',
        call.repo,
        call.source.file,
        endpoint.method,
        pathShape(endpoint.path),
        field.name,
      ),
      kind: 'query-param-missing',
      severity: 'warning' as const,
      message: `${call.method} ${call.path} never sends the query parameter "${field.name}", which ${endpoint.method} ${endpoint.path} requires.`,
      method: endpoint.method,
      path: endpoint.path,
      field: field.name,
      call: call.id,
      endpoint: endpoint.id,
      suggestion: `Add ?${field.name}=… to the call.`,
      sources: [call.source, endpoint.source],
    }));
}

/**
 * What the caller reads against what the endpoint answers (2xx only): using the payload as an array while the
 * endpoint returns an object (pagination drift: `T[]` vs `{ data, meta }`), or reading fields it never returns.
 */
function responseMismatch(call: Call, endpoint: Endpoint, twins: readonly Endpoint[]): Mismatch | undefined {
  const responses = twins.flatMap((twin) => twin.responses);
  const success = responses.filter((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300);
  if (call.responseFields.length === 0 || success.length === 0 || success.some((r) => !r.fields))
    return undefined;
  const returned = new Set(success.flatMap((r) => (r.fields ?? []).map((f) => f.name)));
  // Fields of error answers (`{ message }` with a 400) are read on the failure path: any answer's field counts.
  const anyAnswer = new Set(responses.flatMap((r) => (r.fields ?? []).map((f) => f.name)));
  const asArray = call.responseFields.includes('[]');
  const shape = `{${[...returned].join(', ')}}`;
  const quoted = (fields: string[]) => fields.map((f) => `"${f}"`).join(', ');
  const said = (message: string, suggestion: string): Mismatch => ({
    fingerprint: fingerprint(
      'response-shape-mismatch',
      call.repo,
      call.source.file,
      endpoint.method,
      pathShape(endpoint.path),
    ),
    kind: 'response-shape-mismatch',
    severity: 'warning',
    message,
    method: endpoint.method,
    path: endpoint.path,
    call: call.id,
    endpoint: endpoint.id,
    suggestion,
    sources: [call.source, endpoint.source],
  });
  if (success.every((r) => r.array)) {
    // A list answer: reading a field of the payload itself (`data.items`, `data.total`) finds nothing there.
    const read = call.responseFields.filter((f) => f !== '[]' && !ERROR_FIELDS.has(f));
    if (read.length === 0) return undefined;
    return said(
      `${call.method} ${call.path} reads ${quoted(read)} from the response, but ${endpoint.method} ${endpoint.path} returns a list of ${shape}.`,
      `Use the response as the list itself (each item is ${shape}), or have the endpoint return an object with ${quoted(read)}.`,
    );
  }
  if (success.some((r) => r.array)) return undefined;
  const missing = call.responseFields.filter((f) => f !== '[]' && !anyAnswer.has(f) && !ERROR_FIELDS.has(f));
  if (asArray)
    return said(
      `${call.method} ${call.path} uses the response as an array, but ${endpoint.method} ${endpoint.path} returns an object ${shape}.`,
      `Read the list from the object (${shape}).`,
    );
  if (missing.length === 0) return undefined;
  return said(
    `${call.method} ${call.path} reads ${quoted(missing)} from the response, which ${endpoint.method} ${endpoint.path} never returns (it returns ${shape}).`,
    `Read one of ${shape}.`,
  );
}

function endpointUnused(endpoint: Endpoint): Mismatch {
  return {
    fingerprint: fingerprint(
      'endpoint-unused',
      endpoint.repo,
      endpoint.source.file,
      endpoint.method,
      pathShape(endpoint.path),
    ),
    kind: 'endpoint-unused',
    severity: 'info',
    message: `No client in the project calls ${endpoint.method} ${endpoint.path}.`,
    method: endpoint.method,
    path: endpoint.path,
    endpoint: endpoint.id,
    suggestion: 'Remove it if nothing outside the project uses it, or ignore it if it is a public API.',
    sources: [endpoint.source],
  };
}

/** The endpoints nearest a call's path: the most leading segments in common, then the same method. */
function nearestEndpoints(call: Call, endpoints: readonly Endpoint[]): Endpoint[] {
  const want = call.path.split('/').filter(Boolean);
  const scored = endpoints.map((endpoint) => {
    const have = routeSegments(endpoint);
    let common = 0;
    while (
      common < want.length &&
      common < have.length &&
      (want[common] === have[common] || have[common]?.startsWith('{'))
    )
      common++;
    return {
      endpoint,
      score:
        common * 2 + (endpoint.method === call.method ? 1 : 0) - Math.abs(have.length - want.length) * 0.5,
    };
  });
  let best = Number.NEGATIVE_INFINITY;
  for (const s of scored) if (s.score > best) best = s.score;
  if (best < 2) return [];
  return scored
    .filter((s) => s.score >= best - 1)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((s) => s.endpoint);
}

function describeEndpoint(endpoint: Endpoint): string {
  const fields = endpoint.body?.fields.map((f) => f.name) ?? [];
  return `${endpoint.method} ${endpoint.path}${fields.length > 0 ? ` taking {${fields.join(', ')}}` : ''}`;
}
