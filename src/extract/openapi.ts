/**
 * OpenAPI 3.x and Swagger 2 documents in a repo, as a backend source — https://spec.openapis.org/oas/v3.1.0
 * Every operation is an endpoint: the server URL's path (or `basePath`) prefixes it, parameters give query
 * fields, the JSON request body schema gives typed fields, and `security` says whether auth is required.
 */
import { createRequire } from 'node:module';
import type { parse as YamlParse } from 'yaml';
import type { Extractor } from './extractor.js';
import type { RouteFact, SchemaFact } from './facts.js';

// Loaded on the first OpenAPI document: every parse thread imports this module, few repos have a spec.
let yamlParse: typeof YamlParse | undefined;
function parseYaml(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: typeof YamlParse }).parse;
  // A bounded alias count stops a billion-laughs document from expanding.
  return yamlParse(text, { maxAliasCount: 100 });
}

const DOCUMENT = /(?:^|\/)(?:openapi|swagger|api-docs?|[\w.-]*\.openapi|[\w.-]*\.swagger)\.(?:json|ya?ml)$/i;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const MAX_REF_DEPTH = 8;

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are free-form JSON, checked as they are read.
type Json = any;

export const openapi: Extractor = {
  name: 'openapi',
  detect: () => true,
  documents: DOCUMENT,
  prefilter: (text, path) =>
    DOCUMENT.test(path) && /["']?(?:openapi|swagger)["']?\s*:/.test(text.slice(0, 4096)),
  extract() {},
  extractDocument(path, text, facts) {
    const doc: Json = path.endsWith('.json') ? JSON.parse(text) : (parseYaml(text) as Json);
    if (!doc || typeof doc !== 'object' || !doc.paths) return;
    const prefix = basePath(doc);
    const lines = text.split('\n');
    const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0;
    for (const [route, item] of Object.entries<Json>(doc.paths)) {
      if (!item || typeof item !== 'object') continue;
      const line = lineOf(lines, route);
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: Json) =>
          deref(doc, p),
        );
        const query = parameters.filter((p: Json) => p?.in === 'query');
        const security = operation.security ?? (globalSecurity ? doc.security : []);
        const body = requestBody(doc, operation, parameters);
        const fact: RouteFact = {
          framework: 'openapi',
          method: method.toUpperCase(),
          path: { k: 'str', v: `${prefix}${route}`.replace(/\/+/g, '/') },
          middleware: Array.isArray(security) && security.length > 0 ? ['auth (OpenAPI security)'] : [],
          order: 0,
          bodyFields: [],
          bodyOpen: false,
          queryFields: [],
          responses: responses(doc, operation),
          ...(body ? { bodySchema: body } : {}),
          ...(query.length > 0
            ? {
                querySchema: {
                  closed: false,
                  fields: query.map((p: Json) => ({
                    name: String(p.name),
                    required: p.required === true,
                    ...typeOf(doc, p.schema ?? p),
                  })),
                },
              }
            : {}),
          line,
          column: 1,
        };
        facts.routes.push(fact);
      }
    }
  },
};

/** `servers: [{ url: 'https://api.example.com/v1' }]` → `/v1`; Swagger 2 `basePath`. */
function basePath(doc: Json): string {
  if (typeof doc.basePath === 'string') return doc.basePath.replace(/\/$/, '');
  const url = doc.servers?.[0]?.url;
  if (typeof url !== 'string') return '';
  return url
    .replace(/^[a-z]+:\/\/[^/]*/i, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\/$/, '');
}

function deref(doc: Json, node: Json, depth = 0): Json {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string' || depth > MAX_REF_DEPTH)
    return node;
  if (!node.$ref.startsWith('#/')) return undefined;
  const target = node.$ref
    .slice(2)
    .split('/')
    .reduce((at: Json, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return deref(doc, target, depth + 1);
}

/** Properties of an object schema, `allOf` merged. */
function objectSchema(doc: Json, schema: Json, depth = 0): SchemaFact | undefined {
  const resolved = deref(doc, schema);
  if (!resolved || depth > MAX_REF_DEPTH) return undefined;
  if (Array.isArray(resolved.allOf)) {
    const parts = resolved.allOf
      .map((s: Json) => objectSchema(doc, s, depth + 1))
      .filter(Boolean) as SchemaFact[];
    return { fields: parts.flatMap((p) => p.fields), closed: parts.some((p) => p.closed) };
  }
  if (!resolved.properties) return undefined;
  const required = new Set<string>(Array.isArray(resolved.required) ? resolved.required : []);
  const fields = Object.entries<Json>(resolved.properties).map(([name, property]) => ({
    name,
    required: required.has(name),
    ...typeOf(doc, property),
  }));
  return { fields, closed: resolved.additionalProperties === false };
}

function typeOf(doc: Json, schema: Json): { type?: string; enum?: string[] } {
  const resolved = deref(doc, schema);
  if (!resolved) return {};
  return {
    ...(typeof resolved.type === 'string'
      ? { type: resolved.type === 'integer' ? 'number' : resolved.type }
      : {}),
    ...(Array.isArray(resolved.enum) ? { enum: resolved.enum.map(String) } : {}),
  };
}

function requestBody(doc: Json, operation: Json, parameters: Json[]): SchemaFact | undefined {
  const body = deref(doc, operation.requestBody);
  const schema = body?.content?.['application/json']?.schema;
  if (schema) return objectSchema(doc, schema);
  // Swagger 2: `in: body` parameter.
  const legacy = parameters.find((p: Json) => p?.in === 'body');
  return legacy ? objectSchema(doc, legacy.schema) : undefined;
}

function responses(doc: Json, operation: Json): RouteFact['responses'] {
  return Object.entries<Json>(operation.responses ?? {}).map(([code, response]) => {
    const resolved = deref(doc, response);
    const schema = resolved?.content?.['application/json']?.schema ?? resolved?.schema;
    const object = schema ? objectSchema(doc, schema) : undefined;
    const status = /^\d+$/.test(code) ? Number(code) : 'default';
    return { status, ...(object ? { fields: object.fields.map((f) => f.name) } : {}) };
  });
}

/** The line declaring a path, for a location a person can open. */
function lineOf(lines: string[], route: string): number {
  const index = lines.findIndex(
    (line) =>
      line.includes(`"${route}"`) || line.includes(`'${route}'`) || line.trimStart().startsWith(`${route}:`),
  );
  return index >= 0 ? index + 1 : 1;
}
