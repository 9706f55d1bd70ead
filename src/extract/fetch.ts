/**
 * `fetch()` calls — https://developer.mozilla.org/docs/Web/API/Window/fetch
 * The URL stays symbolic here; the linker resolves base constants and turns it into a path template.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import {
  objectLiteral,
  payloadFields,
  credentialsOf,
  stringifiedPayload,
  sentBody,
} from './request-options.js';
import { responseFields } from './response-reads.js';
import { wrapperTemplate } from './wrapper-template.js';

const FETCH_NAMES = new Set(['fetch', 'window.fetch', 'globalThis.fetch', 'self.fetch']);

export const fetchCalls: Extractor = {
  name: 'fetch',
  detect: () => true,
  prefilter: (text) => text.includes('fetch('),
  extract(file, facts) {
    for (const call of file.calls) {
      const name = dottedName(call.callee);
      if (!name || !FETCH_NAMES.has(name)) continue;
      const [target, options] = call.arguments as Node[];
      // `fetch(new URL('./font.ttf', import.meta.url))` loads a bundled asset, not an API.
      if (isAsset(target)) continue;
      // A URL we cannot read is still a call: the linker counts it as unresolved.
      const url = file.valueOf(target);
      const init = objectLiteral(file, options);
      const methodNode = objectProperty(init, 'method');
      const method = methodNode ? (stringLiteral(methodNode)?.toUpperCase() ?? 'ANY') : 'GET';
      const bodyNode = unwrap(objectProperty(init, 'body'));
      const payload = stringifiedPayload(bodyNode);
      const body = bodyNode
        ? payload
          ? payloadFields(file, payload)
          : { fields: [], open: true }
        : undefined;
      const credentials = credentialsOf(file, options);
      const auth = credentials === 'header' || credentials === 'cookies' ? true : undefined;
      const template = wrapperTemplate(file, call, url, { method: methodNode, options, body: bodyNode });
      const reads = responseFields(file, call, 'fetch');
      facts.calls.push({
        client: 'fetch',
        method,
        url,
        ...(reads.length > 0 ? { responseFields: reads } : {}),
        ...(template ? { template } : {}),
        ...sentBody(body),
        ...(auth === undefined ? {} : { auth }),
        ...(credentials ? { credentials } : {}),
        ...file.position(call),
      });
    }
  },
};

function isAsset(target: Node | undefined): boolean {
  const n = unwrap(target);
  return (
    n?.type === 'NewExpression' &&
    dottedName(n.callee) === 'URL' &&
    dottedName(n.arguments[1]) === 'import.meta.url'
  );
}
