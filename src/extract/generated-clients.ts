/**
 * Generated API clients describe each operation as a request config: openapi-typescript-codegen
 * (`__request(OpenAPI, { method: 'GET', url: '/users/{id}' })`), swagger-typescript-api
 * (`this.request({ path: \`/pets/${id}\`, method: 'GET' })`). Each such call is a call of that operation.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import { objectLiteral, payloadFields, sendsCredentials } from './request-options.js';
import type { Value } from '../scan/value.js';

const VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CONFIG_URL = /\b(?:url|path)\s*:\s*['"`]\//;

export const generatedClients: Extractor = {
  name: 'generated-clients',
  detect: () => true,
  prefilter: (text) => CONFIG_URL.test(text),
  extract(file, facts) {
    const axiosNames = file.importedFrom('axios', ['default', '*']);
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
        const url = urlNode ? file.valueOf(urlNode) : undefined;
        if (!url || !startsWithSlash(url)) continue;
        const declared = stringLiteral(objectProperty(config, 'method'))?.toUpperCase();
        const method = declared;
        if (!method || !VERBS.has(method)) continue;
        const bodyNode = objectProperty(config, 'body') ?? objectProperty(config, 'data');
        const body = bodyNode ? payloadFields(file, bodyNode) : undefined;
        const queryNode = objectProperty(config, 'query');
        const query = queryNode ? payloadFields(file, queryNode).fields : [];
        const auth = sendsCredentials(file, config);
        facts.calls.push({
          client: 'generated',
          method,
          url,
          ...(query.length > 0 ? { queryFields: query } : {}),
          ...(body ? { bodyFields: body.fields, bodyOpen: body.open } : {}),
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
  const first = unwrap((call.arguments as Node[])[0]);
  if (/request$/i.test(name) && first?.type === 'Identifier' && first.name === 'OpenAPI') return true;
  if (name === 'this.request') {
    const config = unwrap(first);
    return config?.type === 'ObjectExpression' && objectProperty(config, 'path') !== undefined;
  }
  return false;
}

function startsWithSlash(value: Value): boolean {
  if (value.k === 'str') return value.v.startsWith('/');
  if (value.k !== 'concat') return false;
  const first = value.parts.find((p) => p.k !== 'str' || p.v !== '');
  return first?.k === 'str' && first.v.startsWith('/');
}
