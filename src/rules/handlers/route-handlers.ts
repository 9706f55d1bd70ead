import { type Node, dottedName, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { isTestFile } from '../../scan/test-files.js';
import { ROUTE_METHODS, addNote, lineOf } from './handler-notes.js';
import { servesHttp } from './serves-http.js';
import { mayHandleRequests } from '../errors/server-code.js';

/** The note id HandlerLinks reads: "the route registered here is handled by this name". */
export const ROUTE_HANDLER_NOTE = 'authz.route-handler';

/**
 * Notes what a route registration is handled by when that is a reference through a call — a handler
 * factory (`retrieveBasket()`, `orders.list()`), a wrapped reference (`asyncHandler(orders.list)`), or a
 * guard standing in for the handler (`app.get('/api/Users', security.isAuthorized())`) — which the route
 * facts do not keep. The repo pass follows the name to the function it calls.
 */
export const routeHandlers: Extractor = {
  name: 'authz-route-handlers',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayHandleRequests(path) && /\.(?:get|post|put|patch|delete|del|all)\s*\(/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed || !ROUTE_METHODS.has(callee.property.name))
        continue;
      const last = unwrap((call.arguments as Node[]).at(-1));
      if (last?.type !== 'CallExpression') continue;
      const name = handlerReference(last);
      if (!name) continue;
      const lines = [...new Set([lineOf(file, call), lineOf(file, callee.property)])];
      addNote(
        file,
        facts,
        ROUTE_HANDLER_NOTE,
        call,
        { from: 0, to: 0, names: [name], routes: lines },
        {
          message: name,
          subject: name,
          key: `${lines.join(',')}:${name}`,
        },
      );
    }
  },
};

/** Through wrappers to the handler: `asyncHandler(payment.del())` → `payment.del`; `isAuthorized()` itself. */
function handlerReference(call: Node): string | undefined {
  let current: Node = call;
  for (let depth = 0; depth < 4; depth++) {
    const inner: Node | undefined = unwrap((current.arguments as Node[]).at(-1));
    const type = inner?.type ?? 'none';
    if (type === 'CallExpression') current = inner as Node;
    else if (type === 'Identifier' || type === 'MemberExpression') return dottedName(inner);
    // An inline function is read where it is; a factory called with none is the handler itself.
    else return type === 'none' ? dottedName(current.callee) : undefined;
  }
  return dottedName(current.callee);
}
