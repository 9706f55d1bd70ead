import { type Node, propertyName, stringLiteral, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { REQUEST_ROOTS, wholeRequestPart } from './request-parts.js';
import { isSecretName } from './secret-names.js';

/**
 * Whether the request body logged at `call` carries credentials: the file is about auth, the handler serves
 * a credential route or reads a secret field of the body, or it is a middleware every route (logins
 * included) passes through.
 */
export function bodyCarriesCredentials(file: ParsedFile, call: Node): boolean {
  if (AUTH_FILE.test(file.path)) return true;
  const handler = handlerOf(file, call);
  return (
    handler !== undefined &&
    (registeredWithUse(file, handler) || credentialRoute(handler, file) || readsSecretField(handler))
  );
}

/** Files and routes whose request bodies hold credentials: a whole body logged there is a password in the logs. */
const AUTH_FILE =
  /(?:^|\/)[\w.-]*(?:auth|login|signin|signup|register|password|session)[\w.-]*\.[cm]?[jt]s$/i;
const CREDENTIAL_ROUTE =
  /log-?in|sign-?in|sign-?up|register|password|reset|token|otp|verify|payment|checkout|card/i;

/** `router.post('/login', (req, res) => …)`: the handler's route path names a credential flow. */
function credentialRoute(handler: Node, file: ParsedFile): boolean {
  const call = file.parent(handler);
  if (call?.type !== 'CallExpression') return false;
  const path = stringLiteral((call.arguments as Node[])[0]);
  return path !== undefined && CREDENTIAL_ROUTE.test(path);
}

/** The handler reads a secret field of the body: `req.body.password`, `const { password } = req.body`. */
function readsSecretField(handler: Node): boolean {
  let found = false;
  walk(handler, (node) => {
    if (found) return;
    if (node.type === 'MemberExpression' && !node.computed && wholeRequestPart(node.object) === 'body')
      found = isSecretName(node.property.name);
    else if (node.type === 'VariableDeclarator' && node.id?.type === 'ObjectPattern' && node.init)
      found =
        wholeRequestPart(node.init) === 'body' &&
        (node.id.properties as Node[]).some(
          (p) => p.type === 'Property' && isSecretName(propertyName(p) ?? ''),
        );
  });
  return found;
}

/** The request handler around `node`: the nearest function taking the request (`req`, `request`, `c`…). */
function handlerOf(file: ParsedFile, node: Node): Node | undefined {
  const nearest = file.enclosingFunction(node);
  for (let fn = nearest, guard = 0; fn && guard < 32; guard++) {
    const first = (fn.params as Node[])[0];
    if (first?.type === 'Identifier' && REQUEST_ROOTS.has(first.name)) return fn;
    fn = file.enclosingFunction(fn);
  }
  return nearest;
}

/** `app.use((req, res, next) => …)`: a middleware for every route, logins included. */
function registeredWithUse(file: ParsedFile, fn: Node): boolean {
  const parent = file.parent(fn);
  const callee = parent?.type === 'CallExpression' ? unwrap(parent.callee) : undefined;
  return callee?.type === 'MemberExpression' && callee.property?.name === 'use';
}
