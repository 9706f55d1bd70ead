/**
 * ofetch and Nuxt's data fetching — https://github.com/unjs/ofetch, https://nuxt.com/docs/api/composables/use-fetch
 * `$fetch(url, { method, body, query })`, `useFetch(url, …)`, `useLazyFetch`: `body` is an object (ofetch
 * serialises it), `query`/`params` are the query string.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { objectLiteral, payloadFields, sendsCredentials, sentBody } from './request-options.js';
import { responseFields } from './response-reads.js';
import { wrapperTemplate } from './wrapper-template.js';

const NAMES = new Set(['$fetch', 'ofetch', 'useFetch', 'useLazyFetch', '$fetch.raw', 'ofetch.raw']);

export const ofetch: Extractor = {
  name: 'ofetch',
  detect: (repo) => dependsOn(repo, 'nuxt', 'ofetch', 'nitropack'),
  prefilter: (text) =>
    text.includes('$fetch') ||
    text.includes('useFetch') ||
    text.includes('ofetch') ||
    text.includes('useLazyFetch'),
  extract(file, facts) {
    for (const call of file.calls) {
      const name = dottedName(call.callee);
      if (!name || !NAMES.has(name)) continue;
      const [target, optionsNode] = call.arguments as Node[];
      // `useFetch(() => \`/api/search?q=${q.value}\`)`: a getter recomputed when its refs change.
      const getter = unwrap(target);
      const url = file.valueOf(
        getter?.type === 'ArrowFunctionExpression' && getter.body?.type !== 'BlockStatement'
          ? getter.body
          : target,
      );
      const options = objectLiteral(file, optionsNode);
      const methodNode = objectProperty(options, 'method');
      const method = methodNode ? (stringLiteral(methodNode)?.toUpperCase() ?? 'ANY') : 'GET';
      const bodyNode = unwrap(objectProperty(options, 'body'));
      const body = bodyNode ? payloadFields(file, bodyNode) : undefined;
      const queryNode = objectProperty(options, 'query') ?? objectProperty(options, 'params');
      const query = queryNode ? payloadFields(file, queryNode).fields : [];
      const auth = sendsCredentials(file, optionsNode);
      const template = wrapperTemplate(file, call, url, {
        method: methodNode,
        options: optionsNode,
        body: bodyNode,
      });
      const reads = name.startsWith('use') ? [] : responseFields(file, call, 'fetch-payload');
      facts.calls.push({
        client: 'ofetch',
        method,
        url,
        ...(template ? { template } : {}),
        ...(query.length > 0 ? { queryFields: query } : {}),
        ...(reads.length > 0 ? { responseFields: reads } : {}),
        ...sentBody(body),
        ...(auth === undefined ? {} : { auth }),
        ...file.position(call),
      });
    }
  },
};
