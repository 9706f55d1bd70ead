/**
 * openapi-fetch — https://openapi-ts.dev/openapi-fetch/
 * `createClient<paths>({ baseUrl })`, then `client.GET('/users/{id}', { params: { path, query }, body })`:
 * the method is the member name and the path is already a template.
 */
import { type Node, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { objectLiteral, payloadFields, sendsCredentials, sentBody } from './request-options.js';
import type { Value } from '../scan/value.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export const openapiFetch: Extractor = {
  name: 'openapi-fetch',
  detect: (repo) => dependsOn(repo, 'openapi-fetch'),
  prefilter: (text) => text.includes('createClient') || /\.(?:GET|POST|PUT|PATCH|DELETE)\s*\(/.test(text),
  extract(file, facts) {
    const creators = file.importedFrom('openapi-fetch', ['default', 'createClient']);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type === 'Identifier' && creators.has(callee.name)) {
        const id = file.bindingName(call);
        if (!id) continue;
        const options = objectLiteral(file, call.arguments[0]);
        const base = objectProperty(options, 'baseUrl');
        facts.clients.push({
          id,
          client: 'openapi-fetch',
          ...(base ? { baseURL: file.valueOf(base) } : {}),
          auth: sendsCredentials(file, options) === true,
          ...file.position(call),
        });
        continue;
      }
      if (callee?.type !== 'MemberExpression' || callee.computed || !METHODS.has(callee.property.name))
        continue;
      const receiver = unwrap(callee.object);
      if (receiver?.type !== 'Identifier') continue;
      if (!facts.imports[receiver.name] && !facts.clients.some((c) => c.id === receiver.name)) continue;
      const via: Value = { k: 'ref', name: receiver.name };
      const [pathNode, optionsNode] = call.arguments as Node[];
      const options = objectLiteral(file, optionsNode);
      const query = objectProperty(objectLiteral(file, objectProperty(options, 'params')), 'query');
      const body = objectProperty(options, 'body');
      const fields = body ? payloadFields(file, body) : undefined;
      const auth = sendsCredentials(file, optionsNode);
      facts.calls.push({
        client: 'openapi-fetch',
        method: callee.property.name,
        url: file.valueOf(pathNode),
        via,
        ...(query ? { queryFields: payloadFields(file, query).fields } : {}),
        ...sentBody(fields),
        ...(auth === undefined ? {} : { auth }),
        ...file.position(call),
      });
    }
  },
};
