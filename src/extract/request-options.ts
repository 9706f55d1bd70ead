import { type Node, dottedName, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import type { CallFact } from './facts.js';
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

/**
 * The field names of a request payload; `open` when any part of it could not be listed. `values`: the fields
 * whose value is a string known here (`{ status: 'cancelled' }`), for checking them against an endpoint's enum.
 */
export function payloadFields(file: ParsedFile, node: Node | undefined): SentBody {
  const object = objectLiteral(file, node);
  if (!object) return { fields: [], open: true };
  const fields: string[] = [];
  const values: Record<string, string> = {};
  let open = false;
  for (const property of object.properties as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    if (!key) {
      open = true;
      continue;
    }
    fields.push(key);
    const value = file.valueOf(property.value as Node);
    if (value.k === 'str') values[key] = value.v;
  }
  return { fields, open, ...(Object.keys(values).length > 0 ? { values } : {}) };
}

export interface SentBody {
  fields: string[];
  open: boolean;
  values?: Record<string, string>;
}

/** A payload as CallFact properties (`bodyFields`, `bodyOpen`, `bodyValues`); nothing for no body. */
export function sentBody(
  body: SentBody | undefined,
): Pick<CallFact, 'bodyFields' | 'bodyOpen' | 'bodyValues'> {
  if (!body) return {};
  return {
    bodyFields: body.fields,
    bodyOpen: body.open,
    ...(body.values ? { bodyValues: body.values } : {}),
  };
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

/** How a request authenticates, as far as the call shows: a credentials header, cookies sent cross-origin, none. */
export type Credentials = 'header' | 'cookies' | 'none';

const CREDENTIAL_HEADER = /^(?:authorization|x-api-key|x-auth-token|apikey)$/i;
/** A helper that builds credentials (`authHeaders()`, `getToken()`). */
const CREDENTIAL_HELPER = /auth|token/i;

/** Evidence that a request carries credentials: an Authorization header, or cookies sent cross-origin. */
export function sendsCredentials(file: ParsedFile, options: Node | undefined): boolean | undefined {
  const credentials = options === undefined ? undefined : credentialsOf(file, options);
  return credentials === 'header' || credentials === 'cookies' ? true : undefined;
}

/**
 * The credentials a request's options send. `none` only when there is nothing we could not read: no options,
 * or an inline object literal without spreads whose headers are an inline literal without a credential key —
 * a spread, a helper call or a named object (which code may fill in later) leaves the answer unknown.
 */
export function credentialsOf(file: ParsedFile, options: Node | undefined): Credentials | undefined {
  if (options === undefined) return 'none';
  const init = objectLiteral(file, options);
  if (!init) return undefined;
  const headers = unwrap(objectProperty(init, 'headers'));
  const fromHeaders = headers ? headerCredentials(file, headers) : 'none';
  if (fromHeaders === 'header') return 'header';
  if (stringLiteral(objectProperty(init, 'credentials')) === 'include') return 'cookies';
  if (objectProperty(init, 'withCredentials')) return 'cookies';
  if (fromHeaders === undefined) return undefined;
  // A named options or headers object may be filled in later (`headers.Authorization = …`).
  if (unwrap(options)?.type !== 'ObjectExpression') return undefined;
  if (headers && headers.type !== 'ObjectExpression') return undefined;
  const spread = (init.properties as Node[]).some((p) => p.type === 'SpreadElement');
  return spread ? undefined : 'none';
}

function headerCredentials(file: ParsedFile, headers: Node): 'header' | 'none' | undefined {
  const object = objectLiteral(file, headers);
  if (object) {
    let unknown = false;
    for (const property of object.properties as Node[]) {
      const key = property.type === 'Property' ? propertyName(property) : undefined;
      if (key && CREDENTIAL_HEADER.test(key)) return 'header';
      if (property.type === 'SpreadElement') {
        if (CREDENTIAL_HELPER.test(dottedName(unwrap(property.argument)?.callee) ?? '')) return 'header';
        unknown = true;
      } else if (!key) unknown = true;
    }
    return unknown ? undefined : 'none';
  }
  if (headers.type === 'CallExpression' && CREDENTIAL_HELPER.test(dottedName(headers.callee) ?? ''))
    return 'header';
  return undefined;
}
