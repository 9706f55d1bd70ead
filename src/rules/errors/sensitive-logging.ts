import { type Node, dottedName, memberPath, propertyName, stringLiteral, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import type { Severity } from '../../scan/scan-result.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { bodyCarriesCredentials } from './body-credentials.js';
import { logMethod, snippet, uniqueKey } from './log-calls.js';
import { wholeRequestPart } from './request-parts.js';
import { isSecretEnv, isSecretName } from './secret-names.js';
import { isServerFile, servesHttp, underEnvCondition, mayBeServerPath } from './server-code.js';

export const SENSITIVE_LOGGING: RuleMeta = {
  id: 'logging.sensitive',
  severity: 'error',
  title: 'Server code logs a secret or a whole request body or headers',
  fix: 'Log what identifies the event (user id, route, status), never credentials: drop the secret from the call, log `req.body` fields one by one, or configure the logger to redact them (pino `redact`, winston format).',
};

/**
 * Log calls (`console.*`, `logger.*`, `this.logger.*`, `req.log.*`) in server code given a secret — a
 * variable or field named password, token, secret, API key, authorization or cookie, a secret environment
 * variable, `process.env` whole — or the whole request body or headers. Logs are kept for months, copied to
 * log services and read by people who must not see passwords or session tokens.
 *
 * Quiet on fields that are not secrets (`req.body.email`), on what is derived from a secret (`password.length`,
 * `!!token`, `mask(token)`, `token.slice(0, 6)`), on logging behind a development check, and in browser code.
 */
export const sensitiveLogging: Extractor = {
  name: 'logging-sensitive',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayBeServerPath(path) &&
    /console\.|log(?:ger)?\.|Logger\b/.test(text) &&
    /password|passwd|secret|token|key|authorization|cookie|\.body|headers|process\.env|\.json\(\)/i.test(
      text,
    ),
  extract(file, facts) {
    if (!isServerFile(file)) return;
    for (const call of file.calls) {
      const method = logMethod(call);
      if (!method) continue;
      for (const arg of call.arguments as Node[]) {
        const found = sensitiveIn(file, arg, 0);
        if (!found || underEnvCondition(file, call)) continue;
        report(file, facts, call, found);
        break;
      }
    }
  },
};

type Sensitive = { kind: 'secret' | 'body' | 'headers' | 'env'; node: Node };

/** What in `node` is sensitive, if anything: only values passed on as they are, not what is computed from them. */
function sensitiveIn(file: ParsedFile, node: Node | undefined, depth: number): Sensitive | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  switch (n.type) {
    case 'Identifier': {
      if (isSecretName(n.name)) return { kind: 'secret', node: n };
      // `const body = req.body` / `await request.json()` logged later by name.
      const init = file.localInit(n.name, n);
      const whole = init ? wholeRequestPart(init) : undefined;
      return whole ? { kind: whole, node: n } : undefined;
    }
    case 'MemberExpression': {
      const whole = wholeRequestPart(n);
      if (whole) return { kind: whole, node: n };
      const path = memberPath(n);
      if (path?.root === 'process' && path.names[0] === 'env')
        return path.names.length === 1 || isSecretEnv(path.names[1] as string)
          ? { kind: 'env', node: n }
          : undefined;
      const name = n.computed ? stringLiteral(n.property) : (n.property.name as string);
      return name && isSecretName(name) ? { kind: 'secret', node: n } : undefined;
    }
    case 'AwaitExpression': {
      const whole = wholeRequestPart(n);
      return whole ? { kind: whole, node: n } : undefined;
    }
    case 'TemplateLiteral':
      return first(file, n.expressions as Node[], depth);
    case 'BinaryExpression':
      return n.operator === '+' ? first(file, [n.left, n.right], depth) : undefined;
    case 'ArrayExpression':
      return first(
        file,
        (n.elements as (Node | null)[]).filter((e): e is Node => !!e),
        depth,
      );
    case 'ObjectExpression':
      for (const property of n.properties as Node[]) {
        if (property.type === 'SpreadElement') {
          const found = sensitiveIn(file, property.argument, depth + 1);
          if (found) return found;
          continue;
        }
        const found = sensitiveIn(file, property.value, depth + 1);
        if (found) return found;
        // `{ token: t }`: the key says what the value is.
        const key = propertyName(property);
        const value = unwrap(property.value);
        if (key && isSecretName(key) && (value?.type === 'Identifier' || value?.type === 'MemberExpression'))
          return { kind: 'secret', node: property };
      }
      return undefined;
    case 'CallExpression':
      return callSensitive(file, n, depth);
    default:
      return undefined;
  }
}

function first(file: ParsedFile, nodes: Node[], depth: number): Sensitive | undefined {
  for (const node of nodes) {
    const found = sensitiveIn(file, node, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `JSON.stringify(x)`, `String(x)`, `x.toString()` keep `x`; `req.get('authorization')` is a secret. */
function callSensitive(file: ParsedFile, n: Node, depth: number): Sensitive | undefined {
  const callee = unwrap(n.callee);
  const args = n.arguments as Node[];
  const name = dottedName(callee) ?? '';
  if (name === 'JSON.stringify' || name === 'String') return sensitiveIn(file, args[0], depth + 1);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  if (method === 'toString') return sensitiveIn(file, callee.object, depth + 1);
  if (['get', 'header', 'getHeader'].includes(method)) {
    const header = stringLiteral(args[0]);
    const owner = dottedName(callee.object) ?? '';
    const fromRequest = /(?:^|\.)(?:req|request|headers|c\.req|ctx)$/.test(owner);
    if (fromRequest && header && isSecretName(header)) return { kind: 'secret', node: n };
    // Hono's `c.req.header()` with no name returns every header.
    if (method === 'header' && args.length === 0 && fromRequest) return { kind: 'headers', node: n };
  }
  return undefined;
}

function report(file: ParsedFile, facts: FileFacts, call: Node, found: Sensitive): void {
  const shown = snippet(file, found.node, 50);
  const logger = snippet(file, call.callee, 30);
  let severity: Severity | undefined;
  let message: string;
  if (found.kind === 'body') {
    const credentials = bodyCarriesCredentials(file, call);
    if (!credentials) severity = 'warning';
    message = credentials
      ? `${logger}() logs the whole request body (${shown}), which carries credentials here: passwords and tokens end up in the logs.`
      : `${logger}() logs the whole request body (${shown}): whatever clients send, personal data included, ends up in the logs.`;
  } else if (found.kind === 'headers')
    message = `${logger}() logs the request headers whole (${shown}): Authorization and Cookie values end up in the logs.`;
  else if (found.kind === 'env')
    message = `${logger}() logs ${shown === 'process.env' ? 'the whole environment' : 'a secret from the environment'} (${shown}).`;
  else message = `${logger}() logs a secret (${shown}).`;
  addFinding(file, facts, SENSITIVE_LOGGING, call, {
    message,
    subject: shown,
    key: uniqueKey(facts, SENSITIVE_LOGGING.id, `${file.namedFunction(call)?.name ?? ''}:${shown}`),
    ...(severity ? { severity } : {}),
  });
}
