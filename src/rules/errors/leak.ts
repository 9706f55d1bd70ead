import { type Node, dottedName, isFunction, objectProperty, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { snippet, uniqueKey } from './log-calls.js';
import { isServerFile, servesHttp, underEnvCondition, mayBeServerPath } from './server-code.js';

export const ERROR_LEAK: RuleMeta = {
  id: 'errors.leak',
  severity: 'warning',
  title: 'A response sends a stack trace or a raw error object',
  fix: 'Log the error on the server and send a generic message (`{ error: "Internal server error" }`) with an id the logs can be searched by; show stacks only behind a development check (`process.env.NODE_ENV !== "production"`).',
};

/**
 * Responses that carry `err.stack` or a whole caught error (`json({ error: err })`, `send(err)`,
 * `{ ...err }`): a stack trace shows file paths, library versions and code structure, and the enumerable
 * fields of database and HTTP-client errors carry SQL, constraint names, request config and headers.
 *
 * Quiet on `err.message` and `String(err)`: common, often meant for the user, and whether they leak depends
 * on the error. Quiet on a whole error sent with a 4xx status (a validation error shown on purpose), and on
 * anything behind a development check.
 */
export const errorLeaks: Extractor = {
  name: 'errors-leak',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayBeServerPath(path) &&
    (text.includes('.stack') || /catch\s*\(|\(\s*(?:err|error|e|ex|exception)\s*[:,]/.test(text)),
  extract(file, facts) {
    if (!isServerFile(file)) return;
    for (const call of file.calls) checkSink(file, facts, call, callSink(file, call));
    for (const created of file.news) checkSink(file, facts, created, newResponseSink(created));
    walkAssignments(file, facts);
  },
};

interface Sink {
  payload: Node | undefined;
  /** The status the response is sent with, when written at the call. */
  status: Node | undefined;
  label: string;
}

/** Names a response object goes by: Express `res`, Fastify `reply`, NestJS `@Res() response`. */
const RESPONSE_ROOTS = new Set(['res', 'response', 'resp', 'reply', 'rep']);
const SEND_METHODS = new Set(['json', 'send', 'end', 'write', 'jsonp']);
/** Hono's context methods, on `c` (or `ctx`): `c.json(payload, 500)`. */
const CONTEXT_ROOTS = new Set(['c', 'ctx', 'context']);
const CONTEXT_METHODS = new Set(['json', 'text', 'html', 'body']);

function callSink(file: ParsedFile, call: Node): Sink | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments as Node[];
  if (callee?.type === 'Identifier' && callee.name === 'json' && file.facts.imports.json)
    return { payload: args[0], status: objectProperty(args[1], 'status'), label: 'json(…)' };
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  const root = unwrap(callee.object);
  // `NextResponse.json(payload, { status: 500 })`, `Response.json(…)`.
  if (method === 'json' && root?.type === 'Identifier' && /^(?:Next)?Response$/.test(root.name))
    return { payload: args[0], status: objectProperty(args[1], 'status'), label: `${root.name}.json(…)` };
  if (root?.type === 'Identifier' && CONTEXT_ROOTS.has(root.name) && CONTEXT_METHODS.has(method))
    return { payload: args[0], status: args[1], label: `${root.name}.${method}(…)` };
  if (!SEND_METHODS.has(method)) return undefined;
  // `res.status(500).json(…)`: walk down the chain to the response object, keeping the status.
  let status: Node | undefined;
  let current = root;
  for (let guard = 0; current?.type === 'CallExpression' && guard < 8; guard++) {
    const inner = unwrap(current.callee);
    if (inner?.type !== 'MemberExpression' || inner.computed) return undefined;
    if (['status', 'code'].includes(inner.property.name)) status ??= (current.arguments as Node[])[0];
    current = unwrap(inner.object);
  }
  if (current?.type !== 'Identifier' || !RESPONSE_ROOTS.has(current.name)) return undefined;
  return { payload: args[0], status, label: `${snippet(file, callee, 40)}(…)` };
}

/** `new Response(JSON.stringify({ stack: err.stack }), { status: 500 })`. */
function newResponseSink(created: Node): Sink | undefined {
  const name = unwrap(created.callee)?.name;
  if (name !== 'Response' && name !== 'NextResponse') return undefined;
  const args = created.arguments as Node[];
  return { payload: args[0], status: objectProperty(args[1], 'status'), label: `new ${name}(…)` };
}

/** Koa: `ctx.body = { error: err.stack }`. */
function walkAssignments(file: ParsedFile, facts: FileFacts): void {
  if (!file.text.includes('.body')) return;
  walk(file.program, (node) => {
    if (node.type !== 'AssignmentExpression') return;
    const target = dottedName(node.left);
    if (target === 'ctx.body' || target === 'ctx.response.body')
      checkSink(file, facts, node, { payload: node.right, status: undefined, label: `${target} =` });
  });
}

function checkSink(file: ParsedFile, facts: FileFacts, at: Node, sink: Sink | undefined): void {
  if (!sink?.payload) return;
  const leak = leakIn(file, sink.payload, 0);
  if (!leak || underEnvCondition(file, leak.node)) return;
  const status = unwrap(sink.status);
  const clientError = status?.type === 'Literal' && typeof status.value === 'number' && status.value < 500;
  if (leak.kind === 'error' && clientError) return;
  const shown = snippet(file, leak.node, 40);
  const message =
    leak.kind === 'stack'
      ? `${sink.label} sends a stack trace (${shown}) to the client: it shows file paths, libraries and code structure.`
      : `${sink.label} sends the caught error object (${shown}) to the client: database and HTTP-client errors carry their SQL, constraint names, request config and headers.`;
  addFinding(file, facts, ERROR_LEAK, at, {
    message,
    subject: shown,
    key: uniqueKey(facts, ERROR_LEAK.id, `${file.namedFunction(at)?.name ?? ''}:${leak.kind}:${shown}`),
  });
}

type Leak = { kind: 'stack' | 'error'; node: Node };

/** Calls that turn an error into text with its stack (`util.inspect(err)`, `serializeError(err)`). */
const STACK_SERIALIZERS = /^(?:util\.)?inspect$|^serializeError$/;

function leakIn(file: ParsedFile, node: Node | undefined, depth: number): Leak | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  switch (n.type) {
    case 'MemberExpression':
      return !n.computed && n.property.name === 'stack' && errorLike(file, n.object)
        ? { kind: 'stack', node: n }
        : undefined;
    case 'Identifier':
      return isCaughtError(file, n) ? { kind: 'error', node: n } : undefined;
    case 'ObjectExpression':
      for (const property of n.properties as Node[]) {
        const value = property.type === 'SpreadElement' ? property.argument : property.value;
        const found = leakIn(file, value, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'TemplateLiteral':
      // `${err}` is the message; only the stack leaks from a string.
      return firstStack(file, n.expressions as Node[], depth);
    case 'BinaryExpression':
      return firstStack(file, [n.left, n.right], depth);
    case 'ConditionalExpression':
      return leakIn(file, n.consequent, depth + 1) ?? leakIn(file, n.alternate, depth + 1);
    case 'LogicalExpression':
      return leakIn(file, n.right, depth + 1) ?? leakIn(file, n.left, depth + 1);
    case 'CallExpression': {
      const name = dottedName(n.callee) ?? '';
      const arg = (n.arguments as Node[])[0];
      if (name === 'JSON.stringify') return leakIn(file, arg, depth + 1);
      if (STACK_SERIALIZERS.test(name) && arg && errorLike(file, arg)) return { kind: 'stack', node: n };
      return undefined;
    }
    default:
      return undefined;
  }
}

function firstStack(file: ParsedFile, nodes: Node[], depth: number): Leak | undefined {
  for (const node of nodes) {
    const found = leakIn(file, node, depth + 1);
    if (found?.kind === 'stack') return found;
  }
  return undefined;
}

const ERROR_NAME = /^(?:e|err|error|ex|exc|exception|\w*Error|\w*Err)$/i;

/** An expression naming an error: a caught one, or a name that says so (`err`, `result.error`). */
function errorLike(file: ParsedFile, node: Node): boolean {
  const n = unwrap(node);
  if (n?.type === 'Identifier') return isCaughtError(file, n) || ERROR_NAME.test(n.name);
  return n?.type === 'MemberExpression' && !n.computed && ERROR_NAME.test(n.property.name);
}

/**
 * The identifier is bound to a caught error: a `catch (err)` parameter, the parameter of a `.catch(err =>)`
 * callback, or the first parameter of an error handler (`(err, req, res, next)`, `setErrorHandler`,
 * `onError`, a NestJS filter's `catch(exception, host)`).
 */
function isCaughtError(file: ParsedFile, id: Node): boolean {
  const name = id.name as string;
  let current = file.parent(id);
  for (let guard = 0; current && guard < 200; guard++) {
    if (current.type === 'CatchClause' && current.param?.type === 'Identifier' && current.param.name === name)
      return true;
    if (isFunction(current)) {
      const params = current.params as Node[];
      const index = params.findIndex((p) => p.type === 'Identifier' && p.name === name);
      if (index === 0) return params.length >= 4 || errorCallback(file, current) || ERROR_NAME.test(name);
      if (index > 0) return false;
    }
    current = file.parent(current);
  }
  return false;
}

function errorCallback(file: ParsedFile, fn: Node): boolean {
  const parent = file.parent(fn);
  if (parent?.type === 'MethodDefinition') return parent.key?.name === 'catch';
  if (parent?.type !== 'CallExpression') return false;
  const callee = unwrap(parent.callee);
  const method = callee?.type === 'MemberExpression' ? callee.property?.name : callee?.name;
  return ['catch', 'setErrorHandler', 'onError', 'errorHandler'].includes(method);
}
