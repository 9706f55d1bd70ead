import { type Node, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { servesHttp } from '../handlers/serves-http.js';
import { isTestFile } from '../../scan/test-files.js';
import { addNote, handlerOf, handlesRequests } from '../handlers/handler-notes.js';
import { identityAt } from './identity.js';
import { mayHandleRequests } from '../errors/server-code.js';

/** The note id the no-auth rule reads: "this handler looks at who is calling". */
export const IDENTITY_NOTE = 'authz.identity';

/**
 * Notes each request handler that checks the caller itself (`if (!req.user) return res.status(401)…`,
 * `await getServerSession()`), wherever the handler is written: the route's guard list cannot show it, and
 * authz.no-auth must not report a route whose handler authenticates.
 */
export const handlerIdentity: Extractor = {
  name: 'authz-handler-identity',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /\b(?:req|request|ctx|c|event|context)\b|@(?:Get|Post|Put|Patch|Delete)\(/.test(text) &&
    /user|session|auth|40[13]|token|jwt|permission|owner|principal|locals|credential|api.?key|cookie|can[A-Z]|forbid/i.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const seen = new Set<string>();
    const visited = new Set<Node>();
    walk(file.program, (node) => {
      const evidence = identityAt(node, file.text);
      if (!evidence) return;
      // One note per handler: later evidence in a function already noted adds nothing.
      const fn = file.enclosingFunction(node);
      if (!fn || visited.has(fn)) return;
      visited.add(fn);
      // Evidence in setup code (`app.use('/api', security.isAuthorized())`) is not a handler's own check.
      if (!handlesRequests(file, fn)) return;
      const handler = handlerOf(file, node);
      if (!handler) return;
      const id = `${handler.anchor.from}-${handler.anchor.to}`;
      if (seen.has(id)) return;
      seen.add(id);
      addNote(file, facts, IDENTITY_NOTE, handler.fn, handler.anchor, {
        message: evidence,
        subject: evidence,
        key: id,
      });
    });
  },
};
