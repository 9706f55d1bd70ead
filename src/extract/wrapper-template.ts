import { type Node, objectProperty, stringLiteral, unwrap, objectKeys } from './ast.js';
import type { ArgumentFact, WrapperTemplate } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral, payloadFields, credentialsOf, stringifiedPayload } from './request-options.js';
import type { Value } from '../scan/value.js';

/**
 * When a client call's URL uses a parameter of the named function around it (`api(path)` →
 * `` fetch(`${BASE}${path}`) ``), that function is a client wrapper: its callers are the real calls. Returns
 * which parameters carry the URL, method, options and body, or undefined for an ordinary call.
 */
export function wrapperTemplate(
  file: ParsedFile,
  call: Node,
  url: Value,
  parts: { method?: Node; options?: Node; body?: Node },
): WrapperTemplate | undefined {
  const fn = file.namedFunction(call);
  if (!fn || !carriesPath(url, fn.params)) return undefined;
  const param = (node: Node | undefined) => {
    const n = unwrap(node);
    return n?.type === 'Identifier' && fn.params.includes(n.name) ? (n.name as string) : undefined;
  };
  const template: WrapperTemplate = { fn: fn.name, params: fn.params };
  const methodParam = param(parts.method);
  if (methodParam) template.methodParam = methodParam;
  const options = unwrap(parts.options);
  let optionsParam = param(options);
  // `{ ...options, headers }` passes the caller's method and body through, written inline or first put in a
  // local (`const init = { credentials: 'include', ...options }; fetch(url, init)`).
  const literal = optionsParam ? undefined : objectLiteral(file, options);
  if (literal) {
    for (const property of literal.properties as Node[])
      if (property.type === 'SpreadElement') optionsParam ??= param(property.argument);
  }
  if (optionsParam) template.optionsParam = optionsParam;
  const bodyParam = param(stringifiedPayload(parts.body) ?? parts.body);
  if (bodyParam) template.bodyParam = bodyParam;
  return template;
}

const PATH_NAME = /path|url|uri|endpoint|route|resource|href/i;

/**
 * Whether a parameter supplies the path itself (`fetch(url)`, `` `${BASE}${path}` ``) rather than filling one
 * segment of a fixed path (`` `/orders/${id}` `` — an API function, whose own call is the call).
 */
export function carriesPath(value: Value, params: readonly string[]): boolean {
  if (value.k === 'dyn') return value.param !== undefined && params.includes(value.param);
  if (value.k !== 'concat') return false;
  const parts = value.parts.filter((part) => part.k !== 'str' || part.v !== '');
  // Holes after a `?` are query values (`?page=${page}`), never the path.
  const queryAt = parts.findIndex((part) => part.k === 'str' && part.v.includes('?'));
  return parts.some((part, i) => {
    if (queryAt >= 0 && i > queryAt) return false;
    if (part.k !== 'dyn' || !part.param || !params.includes(part.param)) return false;
    if (PATH_NAME.test(part.param)) return true;
    const before = parts[i - 1];
    // Right after a base (`${BASE}${path}`, `'/api' + path`): the caller decides the rest of the path.
    return before !== undefined && !(before.k === 'str' && before.v.endsWith('/'));
  });
}

/** Parameter names a value is built from. */
export function paramsIn(value: Value): string[] {
  if (value.k === 'dyn') return value.param ? [value.param] : [];
  if (value.k === 'concat') return value.parts.flatMap(paramsIn);
  return [];
}

/** What one call-site argument could tell a wrapper: its value, and for an options object, method and body. */
export function argumentFact(file: ParsedFile, node: Node): ArgumentFact {
  const fact: ArgumentFact = { value: file.valueOf(node) };
  const object = objectLiteral(file, node);
  if (!object) return fact;
  // A request config (`{ method: 'POST', url: '/auth/login', data }`) carries its own URL.
  const url = objectProperty(object, 'url');
  if (url) fact.url = file.valueOf(url);
  const method = stringLiteral(objectProperty(object, 'method'));
  if (method) fact.method = method.toUpperCase();
  const bodyNode = unwrap(objectProperty(object, 'body') ?? objectProperty(object, 'data'));
  if (bodyNode) {
    const payload = stringifiedPayload(bodyNode) ?? bodyNode;
    const body = payloadFields(file, payload);
    fact.bodyFields = body.fields;
    if (body.open) fact.bodyOpen = true;
    if (body.values) fact.bodyValues = body.values;
  }
  fact.fields = objectKeys(object);
  const own = payloadFields(file, object).values;
  if (own) fact.values = own;
  if ((object.properties as Node[]).some((p) => p.type === 'SpreadElement')) fact.bodyOpen ??= true;
  const credentials = credentialsOf(file, object);
  if (credentials === 'header' || credentials === 'cookies') {
    fact.auth = true;
    fact.credentials = credentials;
  }
  return fact;
}

/** A dotted callee worth recording as a possible wrapper call (`api`, `api.get`, `client.request`). */
export function calleeValue(file: ParsedFile, callee: Node): Value | undefined {
  const n = unwrap(callee);
  // `this.request(…)` inside a class: the class's own method.
  const member = file.memberName(callee);
  if (member) return { k: 'ref', name: member };
  if (n?.type === 'Identifier') {
    if (file.localInit(n.name, n) || file.isFunctionParam(n.name, n)) return undefined;
    return file.facts.imports[n.name] || file.topLevel.has(n.name) ? { k: 'ref', name: n.name } : undefined;
  }
  if (n?.type === 'MemberExpression' && !n.computed && unwrap(n.object)?.type === 'Identifier') {
    const object = unwrap(n.object) as Node;
    if (file.localInit(object.name, object) || file.isFunctionParam(object.name, object)) return undefined;
    if (!file.facts.imports[object.name] && !file.topLevel.has(object.name)) return undefined;
    return { k: 'member', of: { k: 'ref', name: object.name }, prop: n.property.name };
  }
  return undefined;
}
