import { type Node, dottedName, unwrap } from '../../extract/ast.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

/** Logging methods of console and of the usual loggers (pino, winston, bunyan, Nest's Logger…). */
const LOG_METHODS = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'critical',
]);
/** What a logger is called: `console`, `logger`, `this.logger`, `req.log`, `appLogger`, `Logger`. */
const LOGGER_NAME = /^(?:console|_?log|\w*logger)$/i;

/** `console.error(…)`, `logger.info(…)`, `this.logger.warn(…)`: the method, or undefined for other calls. */
export function logMethod(call: Node): string | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  if (!LOG_METHODS.has(method)) return undefined;
  const owner = dottedName(callee.object);
  const last = owner?.split('.').pop();
  return last && LOGGER_NAME.test(last) ? method : undefined;
}

/** Source text for a message: one line, at most `max` characters. */
export function snippet(file: ParsedFile, node: Node, max = 80): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A key unique in the file for `base`: the second finding with the same base gets `#2`. Bases are built from
 * code, not lines, so the fingerprint survives edits above the finding.
 */
export function uniqueKey(facts: FileFacts, rule: string, base: string): string {
  const taken = new Set((facts.findings ?? []).filter((f) => f.rule === rule).map((f) => f.key));
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}#${n}`;
  return key;
}
