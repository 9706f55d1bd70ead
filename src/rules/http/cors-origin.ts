import { type Node, isFunction, objectProperty, stringLiteral, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

/**
 * What an `origin` setting lets through: `any` (`*`, every site, no cookies) or `reflect` (the caller's own
 * Origin echoed back, which browsers accept with credentials). Undefined for a list, an environment value, a
 * check, or anything we cannot read: those are the app's choice, not an open door.
 */
export type OriginKind = 'any' | 'reflect';

/** One place CORS is configured, and what it lets through. */
export interface CorsSetting {
  at: Node;
  /** What sets it, as written (`cors()`, `app.enableCors()`, `res.setHeader('Access-Control-Allow-Origin', '*')`). */
  what: string;
  kind: OriginKind;
  credentials: boolean;
  /**
   * Opened for one route or resource only (`router.get('/feed', cors(), h)`, the header set inside a handler
   * or a static-file hook): a deliberate public resource unless cookies go with it.
   */
  scoped?: boolean;
}

const MAX_DEPTH = 6;
/** Calls inside an origin function that test the origin against something: an allow-list. */
const CHECKS = new Set([
  'includes',
  'indexOf',
  'test',
  'match',
  'has',
  'some',
  'find',
  'startsWith',
  'endsWith',
  'exec',
]);

/** The kind of an `origin:` value (a literal, a constant, `true`, a RegExp that matches anything, a function). */
export function originKind(file: ParsedFile, node: Node | undefined, depth = 0): OriginKind | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'Literal') {
    if (n.value === true) return 'reflect';
    if (n.value === '*') return 'any';
    if (n.regex && /^\^?\.[*+]\$?$/.test(n.regex.pattern)) return 'reflect';
    return undefined;
  }
  if (stringLiteral(n) === '*') return 'any';
  if (n.type === 'Identifier') {
    const bound = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
    if (!bound || bound === n) return undefined;
    if (bound.type === 'FunctionDeclaration') return allowsEveryOrigin(file, bound) ? 'reflect' : undefined;
    return originKind(file, bound, depth + 1);
  }
  if (isFunction(n)) return allowsEveryOrigin(file, n) ? 'reflect' : undefined;
  return undefined;
}

/**
 * An origin function that lets every caller in: no branch, no allow-list lookup, and it either calls back
 * with `true` or the origin (`(origin, cb) => cb(null, true)`, the cors/Fastify style) or returns the origin
 * (`(origin) => origin`, the Hono style; `(ctx) => ctx.get('Origin')`, the Koa style).
 */
export function allowsEveryOrigin(file: ParsedFile, fn: Node): boolean {
  const params = (fn.params as Node[]).map((p) =>
    unwrap(p)?.type === 'Identifier' ? (unwrap(p) as Node).name : '',
  );
  const [origin, callback] = params;
  if (branches(fn.body)) return false;
  const body = unwrap(fn.body);
  if (!body) return false;
  if (body.type !== 'BlockStatement') return echoesOrigin(file, body, origin, callback);
  let answered = false;
  let allAllow = true;
  walk(body, (node) => {
    if (node.type === 'CallExpression' && callback && unwrap(node.callee)?.name === callback) {
      answered = true;
      const allowed = unwrap((node.arguments as Node[])[1]);
      const allows =
        (allowed?.type === 'Literal' && allowed.value === true) ||
        (allowed?.type === 'Identifier' && allowed.name === origin);
      if (!allows) allAllow = false;
    }
    if (node.type === 'ReturnStatement' && node.argument) {
      answered = true;
      if (!echoesOrigin(file, node.argument, origin, callback)) allAllow = false;
    }
  });
  return answered && allAllow;
}

/** An expression body that calls back allowing, or returns the origin (or the request's Origin header). */
function echoesOrigin(
  file: ParsedFile,
  expression: Node,
  origin: string | undefined,
  callback: string | undefined,
): boolean {
  const n = unwrap(expression);
  if (!n) return false;
  if (n.type === 'Identifier') return n.name === origin;
  // `origin || '*'`: the origin when there is one, any site otherwise.
  if (n.type === 'LogicalExpression' && n.operator !== '&&')
    return echoesOrigin(file, n.left, origin, callback);
  if (n.type === 'CallExpression' && callback && unwrap(n.callee)?.name === callback) {
    const args = n.arguments as Node[];
    const allowed = unwrap(args[1]);
    if (
      args.length === 2 &&
      ((allowed?.type === 'Literal' && allowed.value === true) || allowed?.name === origin)
    )
      return true;
  }
  return readsOriginHeader(file, n);
}

/** Any branch or allow-list lookup in a function body: then it decides, and we trust it to. */
function branches(body: Node): boolean {
  let found = false;
  walk(body, (node) => {
    if (found) return;
    if (
      node.type === 'IfStatement' ||
      node.type === 'ConditionalExpression' ||
      node.type === 'SwitchStatement' ||
      (node.type === 'LogicalExpression' && node.operator === '&&')
    )
      found = true;
    else if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee?.type === 'MemberExpression' && !callee.computed && CHECKS.has(callee.property.name))
        found = true;
    }
  });
  return found;
}

/**
 * The request's Origin header, read through the usual accessors (`req.headers.origin`, `req.get('origin')`,
 * `req.header('Origin')`, `c.req.header('origin')`, `ctx.get('Origin')`, `request.headers.get('origin')`),
 * directly or through a local constant.
 */
export function readsOriginHeader(file: ParsedFile, node: Node | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return false;
  if (n.type === 'Identifier') {
    const bound = file.localInit(n.name, n);
    return !!bound && readsOriginHeader(file, bound, depth + 1);
  }
  if (n.type === 'LogicalExpression' && n.operator !== '&&')
    return readsOriginHeader(file, n.left, depth + 1);
  const text = file.text.slice(n.start, n.end);
  return ORIGIN_READ.test(text);
}

const ORIGIN_READ =
  /^(?:req|request|ctx|c|context|event)(?:\.req|\.request)?\.(?:headers(?:\.origin|\[['"`]origin['"`]\]|\.get\(\s*['"`]origin['"`]\s*\))|(?:get|header)\(\s*['"`]origin['"`]\s*\))$/i;

/** `credentials: true` in the options. */
export function allowsCredentials(file: ParsedFile, options: Node | undefined): boolean {
  const value = unwrap(objectProperty(options, 'credentials'));
  if (value?.type === 'Literal') return value.value === true;
  if (value?.type === 'Identifier') {
    const bound = unwrap(file.localInit(value.name, value) ?? file.topLevel.get(value.name));
    return bound?.type === 'Literal' && bound.value === true;
  }
  return false;
}
