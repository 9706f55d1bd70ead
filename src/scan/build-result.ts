import { hash } from 'node:crypto';
import type { RouteFact } from '../extract/facts.js';
import type { LinkedCall } from './link-calls.js';
import { type LinkedRoute, authOf } from './link-routes.js';
import type { LinkedQuery } from './link-queries.js';
import type { Call, Endpoint, Field, HttpMethod, Query, RepoRole } from './scan-result.js';

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'ANY']);

export function toMethod(method: string): HttpMethod {
  const upper = method.toUpperCase();
  return (METHODS.has(upper) ? upper : 'ANY') as HttpMethod;
}

function toField(field: NonNullable<RouteFact['bodySchema']>['fields'][number]): Field {
  return {
    name: field.name,
    ...(field.type ? { type: field.type } : {}),
    ...(field.required === undefined ? {} : { required: field.required }),
    ...(field.enum ? { enum: field.enum } : {}),
  };
}

/** Ids are stable across scans while the method, path and file stay; line moves do not change them. */
function stableId(prefix: string, parts: string[], taken: Set<string>): string {
  const base = `${prefix}_${hash('sha1', parts.join('\u0000'), 'hex').slice(0, 10)}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

export function buildEndpoints(repo: string, linked: LinkedRoute[], taken: Set<string>): Endpoint[] {
  return linked.map(({ file, route, path: template, middleware, unreadGuard, condition }) => {
    // tRPC procedures are addressed by dotted names under one HTTP endpoint.
    const path = route.framework === 'trpc' ? `/trpc/${template.slice(1).split('/').join('.')}` : template;
    const method = toMethod(route.method);
    const params: Field[] = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1] as string,
      type: 'string',
      required: true,
    }));
    const own = authOf(middleware, route.sessionCheck, path);
    // A guard may cover this route, but what it checks is not read (decided at run time, or kept where the
    // scan does not look): not "none".
    const unread = unreadGuard ?? route.unreadGuard;
    const { auth, via } = own.auth === 'none' && unread ? { auth: 'unknown' as const, via: [unread] } : own;
    const hasBody = route.bodyFields.length > 0 || route.bodyOpen || route.bodySchema !== undefined;
    const fromSchema = route.bodySchema;
    const body = fromSchema
      ? { fields: fromSchema.fields.map(toField), open: !fromSchema.closed }
      : // Without a schema nothing is validated: any body is accepted, so it is open.
        { fields: route.bodyFields.map((name) => ({ name })), open: true };
    const query = route.querySchema
      ? route.querySchema.fields.map(toField)
      : route.queryFields.map((name) => ({ name }));
    return {
      id: stableId('ep', [repo, method, path, file], taken),
      repo,
      method,
      path,
      framework: route.framework,
      params,
      query,
      ...(hasBody ? { body } : {}),
      responses: route.responses.map((response) => ({
        status: response.status,
        ...(response.fields ? { fields: response.fields.map((name) => ({ name })) } : {}),
        ...(response.array ? { array: true } : {}),
      })),
      auth,
      ...(via.length > 0 ? { authVia: via } : {}),
      ...(condition ? { condition } : {}),
      source: { repo, file, line: route.line, column: route.column },
    };
  });
}

export function buildCalls(repo: string, linked: LinkedCall[], taken: Set<string>): Call[] {
  return linked.map((linkedCall) => {
    const {
      file,
      call,
      path,
      query,
      auth,
      credentials,
      crossOrigin,
      host,
      bodyFields,
      bodyOpen,
      bodyValues,
      line,
      column,
    } = linkedCall;
    const method = toMethod(linkedCall.method);
    // On a call's field, `enum` is the one value it sends, when that is a string known at the call.
    const sent = (name: string): Field => {
      const value = bodyValues && Object.hasOwn(bodyValues, name) ? bodyValues[name] : undefined;
      return value === undefined ? { name } : { name, enum: [value] };
    };
    return {
      id: stableId('call', [repo, method, path, file], taken),
      repo,
      method,
      path,
      client: call.client,
      ...(bodyFields ? { body: { fields: bodyFields.map(sent), ...(bodyOpen ? { open: true } : {}) } } : {}),
      query: query.map((name) => ({ name })),
      responseFields: call.responseFields ?? [],
      ...(auth === undefined ? {} : { auth }),
      ...(credentials ? { credentials } : {}),
      ...(crossOrigin ? { crossOrigin } : {}),
      ...(host ? { host } : {}),
      source: { repo, file, line, column },
    };
  });
}

export function buildQueries(repo: string, linked: LinkedQuery[], taken: Set<string>): Query[] {
  return linked.map(({ file, query, name }) => ({
    id: stableId('q', [repo, query.client, query.op, name, file, query.columns.join(',')], taken),
    repo,
    table: name,
    columns: query.columns,
    op: query.op,
    client: query.client,
    source: { repo, file, line: query.line, column: query.column },
    ...(query.target !== 'table' ? { target: query.target } : {}),
    ...(query.open ? { open: true } : {}),
    ...(query.embedded ? { embedded: true } : {}),
  }));
}

/** DESIGN §2: endpoints found → backend, calls → frontend, both → fullstack. */
export function inferRole(endpoints: number, calls: number, tables: number): RepoRole {
  if (endpoints > 0 && calls > 0) return 'fullstack';
  if (endpoints > 0) return 'backend';
  if (calls > 0) return 'frontend';
  return tables > 0 ? 'db' : 'fullstack';
}
