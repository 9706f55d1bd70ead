import { type Node, dottedName, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import type { ParsedFile } from './parsed-file.js';

/** Follows an identifier to the object literal it was declared with, in the same file. */
export function objectLiteral(file: ParsedFile, node: Node | undefined): Node | undefined {
  const n = unwrap(node);
  if (n?.type === 'ObjectExpression') return n;
  if (n?.type === 'Identifier') {
    const init = unwrap(file.localInit(n.name, n) ?? file.topLevel.get(n.name));
    return init?.type === 'ObjectExpression' ? init : undefined;
  }
  return undefined;
}

/** The field names of a request payload; `open` when any part of it could not be listed. */
export function payloadFields(file: ParsedFile, node: Node | undefined): { fields: string[]; open: boolean } {
  const object = objectLiteral(file, node);
  if (!object) return { fields: [], open: true };
  const fields: string[] = [];
  let open = false;
  for (const property of object.properties as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    if (key) fields.push(key);
    else open = true;
  }
  return { fields, open };
}

/** `JSON.stringify(x)` → x; `data ? JSON.stringify(data) : undefined` too (no body when there is no data). */
export function stringifiedPayload(node: Node | undefined): Node | undefined {
  const n = unwrap(presentBranch(node));
  if (n?.type !== 'CallExpression' || dottedName(n.callee) !== 'JSON.stringify') return undefined;
  return n.arguments[0];
}

/** `x ? body : undefined` → body: the empty branch sends nothing, so the body is what the other one sends. */
export function presentBranch(node: Node | undefined): Node | undefined {
  const n = unwrap(node);
  if (n?.type !== 'ConditionalExpression') return node;
  const empty = (branch: Node) => {
    const b = unwrap(branch);
    return (
      (b?.type === 'Identifier' && b.name === 'undefined') || (b?.type === 'Literal' && b.value === null)
    );
  };
  if (empty(n.alternate)) return n.consequent;
  if (empty(n.consequent)) return n.alternate;
  return node;
}

/** Evidence that a request carries credentials: an Authorization header, or cookies sent cross-origin. */
export function sendsCredentials(file: ParsedFile, options: Node | undefined): boolean | undefined {
  const init = objectLiteral(file, options);
  if (!init) return undefined;
  if (stringLiteral(objectProperty(init, 'credentials')) === 'include') return true;
  if (objectProperty(init, 'withCredentials')) return true;
  const headers = unwrap(objectProperty(init, 'headers'));
  if (!headers) return undefined;
  const object = objectLiteral(file, headers);
  if (object) {
    for (const property of object.properties as Node[]) {
      const key = property.type === 'Property' ? propertyName(property) : undefined;
      if (key && /^(?:authorization|x-api-key|x-auth-token|apikey)$/i.test(key)) return true;
      // `{ ...authHeaders() }`: a helper that builds credentials.
      if (
        property.type === 'SpreadElement' &&
        /auth|token/i.test(dottedName(unwrap(property.argument)?.callee) ?? '')
      )
        return true;
    }
    return undefined;
  }
  if (headers.type === 'CallExpression' && /auth|token/i.test(dottedName(headers.callee) ?? '')) return true;
  return undefined;
}
