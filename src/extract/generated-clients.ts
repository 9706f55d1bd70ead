/**
 * Generated API clients describe each operation as a request config: openapi-typescript-codegen
 * (`__request(OpenAPI, { method: 'GET', url: '/users/{id}' })`), swagger-typescript-api
 * (`this.request({ path: \`/pets/${id}\`, method: 'GET' })`), hey-api (`client.get({ url: '/pets/{id}' })`).
 * Each such call is a call of that operation.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import { objectLiteral, payloadFields, sendsCredentials, sentBody } from './request-options.js';
import type { Value } from '../scan/value.js';

const VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CONFIG_URL = /\b(?:url|path)\s*:\s*['"`]\//;

export const generatedClients: Extractor = {
  name: 'generated-clients',
  detect: () => true,
  prefilter: (text) => CONFIG_URL.test(text),
  extract(file, facts) {
    const axiosNames = file.importedFrom('axios', ['default', '*']);
    const classBase = httpClientBaseUrl(file.program);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const name = dottedName(callee) ?? '';
      // Only the shapes generators emit: a config handed to the generator's own request function.
      // A hand-written class's `this.request({ url })` wraps an instance whose base URL we would miss.
      if (!isGeneratedRequest(call, name)) continue;
      if (axiosNames.has(name.split('.')[0] ?? '')) continue;
      for (const arg of call.arguments as Node[]) {
        const config = objectLiteral(file, arg);
        if (!config || unwrap(arg)?.type !== 'ObjectExpression') continue;
        const urlNode = objectProperty(config, 'url') ?? objectProperty(config, 'path');
        const path = urlNode ? file.valueOf(urlNode) : undefined;
        if (!path || !startsWithSlash(path)) continue;
        const url = withBase(name, call, path, classBase ? file.valueOf(classBase) : undefined);
        const method = stringLiteral(objectProperty(config, 'method'))?.toUpperCase() ?? heyApiVerb(callee);
        if (!method || !VERBS.has(method)) continue;
        const bodyNode = objectProperty(config, 'body') ?? objectProperty(config, 'data');
        const body = bodyNode ? payloadFields(file, bodyNode) : undefined;
        const queryNode = objectProperty(config, 'query');
        const query = queryNode ? payloadFields(file, queryNode).fields : [];
        // hey-api marks secured operations with `security: [{ scheme: 'bearer', type: 'http' }]`.
        const auth =
          sendsCredentials(file, config) ?? (objectProperty(config, 'security') ? true : undefined);
        facts.calls.push({
          client: 'generated',
          method,
          url,
          ...(query.length > 0 ? { queryFields: query } : {}),
          ...sentBody(body),
          ...(auth ? { auth } : {}),
          ...file.position(call),
        });
        break;
      }
    }
  },
};

/**
 * openapi-typescript-codegen: `__request(OpenAPI, { method, url })`; swagger-typescript-api:
 * `this.request({ path, method })` (it names the URL `path`, hand-written clients say `url`).
 */
function isGeneratedRequest(call: Node, name: string): boolean {
  if (heyApiVerb(unwrap(call.callee))) return true;
  const first = unwrap((call.arguments as Node[])[0]);
  if (/request$/i.test(name) && first?.type === 'Identifier' && first.name === 'OpenAPI') return true;
  if (name === 'this.request') {
    const config = unwrap(first);
    return config?.type === 'ObjectExpression' && objectProperty(config, 'path') !== undefined;
  }
  return false;
}

/**
 * hey-api (@hey-api/openapi-ts): `(options?.client ?? _heyApiClient).get({ url: '/pet/{petId}', ...options })`
 * — the verb is the client method, the receiver the per-call override of the generated default client.
 */
function heyApiVerb(callee: Node | undefined): string | undefined {
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const verb = (callee.property.name as string).toUpperCase();
  const receiver = unwrap(callee.object);
  if (!VERBS.has(verb) || receiver?.type !== 'LogicalExpression' || receiver.operator !== '??')
    return undefined;
  const left = unwrap(receiver.left);
  return left?.type === 'MemberExpression' && left.property?.name === 'client' ? verb : undefined;
}

/**
 * The base a generated request goes to, in front of its path: openapi-typescript-codegen's `OpenAPI.BASE`
 * (the config object the call passes), swagger-typescript-api's `HttpClient.baseUrl` field default. Both
 * often end in `/api`, which the path alone lacks.
 */
function withBase(name: string, call: Node, path: Value, classBase: Value | undefined): Value {
  const first = unwrap((call.arguments as Node[])[0]);
  if (/request$/i.test(name) && first?.type === 'Identifier' && first.name === 'OpenAPI')
    return { k: 'concat', parts: [{ k: 'member', of: { k: 'ref', name: 'OpenAPI' }, prop: 'BASE' }, path] };
  if (name === 'this.request' && classBase) return { k: 'concat', parts: [classBase, path] };
  return path;
}

/** swagger-typescript-api's `class HttpClient { public baseUrl: string = "https://api.example.com/api"; }` */
function httpClientBaseUrl(program: Node): Node | undefined {
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'ClassDeclaration' || declaration.id?.name !== 'HttpClient') continue;
    for (const member of declaration.body.body as Node[])
      if (member.type === 'PropertyDefinition' && member.key?.name === 'baseUrl' && member.value)
        return member.value;
  }
  return undefined;
}

function startsWithSlash(value: Value): boolean {
  if (value.k === 'str') return value.v.startsWith('/');
  if (value.k !== 'concat') return false;
  const first = value.parts.find((p) => p.k !== 'str' || p.v !== '');
  return first?.k === 'str' && first.v.startsWith('/');
}
