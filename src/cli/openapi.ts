import type { Endpoint, Field, ScanResult } from '../scan/scan-result.js';
import { VERSION } from '../version.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/**
 * A backend's extracted contract as an OpenAPI 3.1 document: paths with their parameters, query, JSON bodies
 * (required fields and whether others are accepted), responses with the fields they send, and routes behind
 * a guard as needing credentials. Typed RPC procedures (tRPC) and OpenAPI documents already in the repo are
 * left out; a route serving any method is listed under each.
 */
export function toOpenApi(result: ScanResult, repo: string | undefined): object {
  const endpoints = result.endpoints.filter(
    (e) => (!repo || e.repo === repo) && e.framework !== 'trpc' && e.framework !== 'openapi',
  );
  const paths: Record<string, Record<string, object>> = {};
  let secured = false;
  for (const endpoint of endpoints) {
    const path = openApiPath(endpoint.path);
    const item = paths[path] ?? {};
    paths[path] = item;
    const methods =
      endpoint.method === 'ANY'
        ? METHODS.filter((m) => m !== 'options' && m !== 'head')
        : [endpoint.method.toLowerCase()];
    for (const method of methods) {
      if (item[method]) continue;
      if (endpoint.auth === 'required') secured = true;
      item[method] = operation(endpoint, method);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${result.project}${repo ? ` · ${repo}` : ''}`,
      version: VERSION,
      description: `Extracted by Baton ${VERSION} from the code on ${result.scannedAt}: what the backend provides, not what it was meant to.`,
    },
    paths,
    ...(secured
      ? {
          components: {
            securitySchemes: {
              // Which credential a guard checks (a bearer token, a session cookie) is not visible in the code.
              baton: {
                type: 'http',
                scheme: 'bearer',
                description: 'The route is behind an authentication guard.',
              },
            },
          },
        }
      : {}),
  };
}

function operation(endpoint: Endpoint, method: string): object {
  const parameters = [
    ...endpoint.params.map((param) => ({
      name: paramName(param.name),
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...endpoint.query.map((field) => ({
      name: field.name,
      in: 'query',
      required: field.required === true,
      schema: fieldSchema(field),
    })),
  ];
  const withBody = endpoint.body && method !== 'get' && method !== 'delete';
  return {
    operationId: `${method}${endpoint.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: `${endpoint.framework}: ${endpoint.source.file}:${endpoint.source.line}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(withBody && endpoint.body
      ? {
          requestBody: {
            required: endpoint.body.fields.some((f) => f.required === true),
            content: {
              'application/json': { schema: objectSchema(endpoint.body.fields, endpoint.body.open) },
            },
          },
        }
      : {}),
    responses: responses(endpoint),
    ...(endpoint.auth === 'required' ? { security: [{ baton: [] }] } : {}),
  };
}

function responses(endpoint: Endpoint): Record<string, object> {
  const out: Record<string, object> = {};
  for (const response of endpoint.responses) {
    const key = String(response.status);
    if (out[key]) continue;
    out[key] = {
      description: `${key === 'default' ? 'Any' : key} answer`,
      ...(response.fields
        ? {
            content: {
              'application/json': {
                schema: response.array
                  ? { type: 'array', items: objectSchema(response.fields, true) }
                  : objectSchema(response.fields, true),
              },
            },
          }
        : {}),
    };
  }
  // OpenAPI needs at least one response; an unread answer is still an answer.
  if (Object.keys(out).length === 0) out.default = { description: 'Answer not read from the code' };
  return out;
}

function objectSchema(fields: readonly Field[], open: boolean): object {
  const required = fields.filter((f) => f.required === true).map((f) => f.name);
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: open,
  };
}

const TYPES: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
};

function fieldSchema(field: Field): object {
  const type = field.type ? TYPES[field.type.toLowerCase()] : undefined;
  return { ...(type ? { type } : {}), ...(field.enum ? { enum: field.enum } : {}) };
}

/** `/files/{...path}` → `/files/{path}`: OpenAPI has no catch-all; `{*}` becomes `{wildcard}`. */
function openApiPath(path: string): string {
  return path
    .replace(/\{\.\.\.([^}?]*)\??\}/g, (_m, name: string) => `{${name || 'rest'}}`)
    .replace(/\{\*\}/g, '{wildcard}');
}

function paramName(name: string): string {
  return name === '*' ? 'wildcard' : name.replace(/^\.\.\./, '').replace(/\?$/, '') || 'rest';
}
