import { type Node, isFunction, stringLiteral, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { type RuleMeta, addFinding } from '../rule.js';
import {
  acts,
  inFinally,
  isCleanupCall,
  isProbeCall,
  isProbeOrCleanup,
  producesValue,
} from './benign-attempts.js';
import { logMethod, snippet, uniqueKey } from './log-calls.js';
import { isServerFile, servesHttp, mayBeServerPath } from './server-code.js';

export const SWALLOWED: RuleMeta = {
  id: 'errors.swallowed',
  severity: 'warning',
  title: 'Server code catches an error and drops it',
  fix: 'Handle the error: log the error object itself (not only a message), rethrow it, or answer the request with an error status (`next(err)` in Express). If dropping it is intended, say why in a comment inside the catch.',
};

/**
 * Catches that make a failure vanish in server code: an empty `catch {}` or `.catch(() => {})`, or a catch
 * whose only statement logs a failure message without the error and carries on. A catch that returns a
 * value, rethrows, responds, logs the error or explains itself in a comment made a decision; so did one
 * around a probe (`JSON.parse`, `new URL`) or a cleanup (`unlink`, `close`), whose failure means nothing.
 */
export const swallowedErrors: Extractor = {
  name: 'errors-swallowed',
  detect: servesHttp,
  prefilter: (text, path) => text.includes('catch') && mayBeServerPath(path),
  extract(file, facts) {
    if (!isServerFile(file)) return;
    walk(file.program, (node) => {
      if (node.type === 'CatchClause') catchClause(file, facts, node);
    });
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type === 'MemberExpression' && !callee.computed && callee.property.name === 'catch')
        catchCallback(file, facts, call, callee);
    }
  },
};

/** `try { … } catch (e) { … }` */
function catchClause(file: ParsedFile, facts: FileFacts, clause: Node): void {
  const attempt = file.parent(clause);
  if (attempt?.type !== 'TryStatement' || inFinally(file, attempt)) return;
  const tried = attempt.block.body as Node[];
  if (tried.length === 0 || tried.every((statement) => isProbeOrCleanup(statement))) return;
  const param = clause.param?.type === 'Identifier' ? (clause.param.name as string) : undefined;
  const drop = dropped(file, clause.body, param);
  if (!drop) return;
  if (drop === EMPTY && (!acts(attempt.block) || producesValue(attempt.block))) return;
  report(file, facts, clause, snippet(file, tried[0] as Node, 60), drop, {
    hanging: leavesRequestHanging(file, attempt),
  });
}

/** `promise.catch(() => {})` */
function catchCallback(file: ParsedFile, facts: FileFacts, call: Node, callee: Node): void {
  const handler = unwrap((call.arguments as Node[])[0]);
  if (!isFunction(handler)) return;
  const receiver = unwrap(callee.object);
  if (receiver?.type === 'CallExpression' && (isCleanupCall(receiver) || isProbeCall(receiver))) return;
  const param = handler.params[0]?.type === 'Identifier' ? (handler.params[0].name as string) : undefined;
  const body = handler.body as Node;
  // `() => null`, `() => res.status(500)…`: a value or a response is a decision.
  const drop =
    body.type === 'BlockStatement'
      ? dropped(file, body, param)
      : body.type === 'CallExpression'
        ? constantFailureLog(file, body, param)
        : undefined;
  if (drop)
    report(file, facts, callee.property, snippet(file, receiver ?? callee.object, 60), drop, {
      callback: true,
    });
}

/** An empty catch body. */
const EMPTY = 'empty';

/**
 * How a catch body drops the error — `EMPTY`, or the constant log it settles for — or undefined when it
 * handles the error or a comment says why not.
 */
function dropped(file: ParsedFile, block: Node, param: string | undefined): string | undefined {
  const statements = block.body as Node[];
  const inside = file.text.slice(block.start + 1, block.end - 1);
  if (inside.includes('//') || inside.includes('/*')) return undefined;
  if (statements.length === 0) return EMPTY;
  const only = statements.length === 1 ? statements[0] : undefined;
  const call = only?.type === 'ExpressionStatement' ? unwrap(only.expression) : undefined;
  return call?.type === 'CallExpression' ? constantFailureLog(file, call, param) : undefined;
}

/** Messages that announce a failure: logging one without the error throws away what failed. */
const FAILURE = /\berror|\bfail|could ?n[o']?t|\bunable\b|exception|went wrong/i;

/**
 * `console.error('Failed to save order')`, `console.log('Error saving order')`: a failure logged without the
 * error. `console.warn('No config file, using defaults')` states an expected fallback; it is not reported.
 */
function constantFailureLog(file: ParsedFile, call: Node, param: string | undefined): string | undefined {
  const method = logMethod(call);
  if (!method) return undefined;
  const args = call.arguments as Node[];
  if (param && args.some((arg) => mentions(arg, param))) return undefined;
  const text = args.map((arg) => stringLiteral(arg) ?? templateText(arg)).join(' ');
  // A warning or info level says the author expected this failure; `console.log` has no level to say it.
  const failure = ['error', 'fatal', 'critical'].includes(method) || (method === 'log' && FAILURE.test(text));
  if (!failure) return undefined;
  return `only logs ${snippet(file, call, 70)} without the error`;
}

function templateText(node: Node): string {
  const n = unwrap(node);
  return n?.type === 'TemplateLiteral'
    ? (n.quasis as Node[]).map((q) => q.value?.cooked ?? '').join(' ')
    : '';
}

function mentions(node: Node, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === 'Identifier' && n.name === name) found = true;
  });
  return found;
}

/**
 * The try is the last statement of a request handler (`(req, res) => { try { … } catch {} }`) and the catch
 * does not touch the response: on failure the client waits until it times out.
 */
function leavesRequestHanging(file: ParsedFile, attempt: Node): boolean {
  const body = file.parent(attempt);
  const handler = body ? file.parent(body) : undefined;
  if (body?.type !== 'BlockStatement' || !isFunction(handler) || (body.body as Node[]).at(-1) !== attempt)
    return false;
  const response = (handler.params as Node[]).find(
    (p) => p.type === 'Identifier' && ['res', 'response', 'reply'].includes(p.name),
  );
  return response !== undefined && !mentions(attempt.handler.body, response.name);
}

function report(
  file: ParsedFile,
  facts: FileFacts,
  at: Node,
  what: string,
  drop: string,
  how: { callback?: boolean; hanging?: boolean },
): void {
  const where = file.namedFunction(at)?.name;
  const place = where && !where.startsWith('*') ? ` in ${where}()` : '';
  const after = how.hanging ? 'and the client never gets a response' : 'and the code carries on';
  const message =
    drop === EMPTY
      ? `An empty ${how.callback ? '`.catch()`' : 'catch'}${place} swallows errors from \`${what}\`: the failure leaves no trace ${after}.`
      : `The catch${place} around \`${what}\` ${drop}, ${after}: the cause of the failure is lost.`;
  addFinding(file, facts, SWALLOWED, at, {
    message,
    subject: where ?? what,
    key: uniqueKey(facts, SWALLOWED.id, `${where ?? ''}:${what}`),
  });
}
