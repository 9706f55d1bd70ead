/**
 * Query operators smuggled in through request input — https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection
 * A JSON body (or an Express 4 `?user[$ne]=` query string) can hold an object, so
 * `User.findOne({ password: req.body.password })` matches `{ "$ne": null }`: any password logs in.
 */
import { type Node, calledName, memberPath, propertyName, unwrap, walk } from '../../extract/ast.js';
import { dependsOn, type Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { taintedString } from './tainted.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const NOSQL_INJECTION: RuleMeta = {
  id: 'inject.nosql',
  severity: 'error',
  title: 'A MongoDB filter takes request input that can hold operators',
  fix: 'Validate the body with a schema (zod, joi, class-validator) or coerce each value (`String(req.body.name)`), or enable `mongoose.set("sanitizeFilter", true)` / `express-mongo-sanitize`; never pass `req.body` or `req.query` as a filter.',
};

const QUERY_METHODS = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndRemove',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'update',
  'deleteOne',
  'deleteMany',
  'replaceOne',
  'countDocuments',
  'count',
  'remove',
  'exists',
]);
/** The request parts a client can make an object of; route params and headers are always strings. */
const OBJECT_PARTS = new Set(['body', 'query']);
/** Evidence in the file that input is validated or stripped of operators before it reaches a filter. */
const SANITISED =
  /\b(?:zod|joi|yup|express-validator|class-validator|mongo-sanitize|express-mongo-sanitize|sanitizeFilter|celebrate|ajv|superstruct|valibot)\b|\bz\.object\(/;

export const nosqlInjection: Extractor = {
  name: 'rules-inject-nosql',
  detect: (repo) =>
    dependsOn(repo, 'mongoose', 'mongodb', 'monk', 'mongojs', 'marsdb', 'nedb', '@seald-io/nedb'),
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /\.(?:find|findOne\w*|update\w*|delete\w+|replaceOne|count\w*|remove|exists)\s*\(/.test(text) &&
    /\bbody\b|\bquery\b|\$where/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path) || SANITISED.test(file.text)) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      if (!QUERY_METHODS.has(method) || !mongoReceiver(unwrap(callee.object))) continue;
      if (method === 'update' && !mongoUpdate((call.arguments as Node[])[1])) continue;
      const found = filterInput(file, (call.arguments as Node[])[0]);
      if (!found) continue;
      addFinding(file, facts, NOSQL_INJECTION, call, {
        message: found.how.includes('$where')
          ? `${method}() ${found.how}: a client can close the quote and run any JavaScript condition in the database (\`' || true || '\`).`
          : `${method}() ${found.how} without validation: a client can send \`{ "$ne": null }\` or \`{ "$gt": "" }\` instead of a value and match any document.`,
        subject: `${method}(${found.proof})`,
        key: `${method}:${found.proof}`,
      });
    }
  },
};

/** A model or collection: `User`, `this.userModel`, `db.collection('x')`, `users` — not `_` or an array literal. */
function mongoReceiver(receiver: Node | undefined): boolean {
  if (!receiver) return false;
  if (receiver.type === 'CallExpression')
    return /^(?:collection|model)$/.test(calledName(receiver.callee) ?? '');
  const name = calledName(receiver);
  if (!name || /^(?:_|lodash|R|Array|arr|array|list|items)$/.test(name)) return false;
  return /^[A-Z]|model|collection|repo|db$/i.test(name) || /s$/.test(name);
}

/** Sequelize's `update(values, { where })` takes values first: only `update(filter, { $set: … })` is MongoDB's. */
function mongoUpdate(update: Node | undefined): boolean {
  const n = unwrap(update);
  return (
    n?.type === 'ObjectExpression' &&
    (n.properties as Node[]).some((p) => p.type === 'Property' && propertyName(p)?.startsWith('$'))
  );
}

function filterInput(file: ParsedFile, filter: Node | undefined): { proof: string; how: string } | undefined {
  const n = unwrap(filter);
  if (!n) return undefined;
  // The whole body or query string (`find(req.query)`), not one field of it: `posts.exists(req.query.pid)`
  // is as often an app's own helper taking an id.
  const whole = rawObjectInput(file, n);
  if (whole && /^(?:req|request|ctx)(?:\.request)?\.(?:body|query)$/.test(whole))
    return { proof: whole, how: `uses request input (${whole}) as its whole filter` };
  if (n.type !== 'ObjectExpression') return undefined;
  for (const property of n.properties as Node[]) {
    if (property.type !== 'Property') continue;
    if (propertyName(property) === '$where') {
      const tainted = taintedString(file, property.value);
      if (tainted)
        return {
          proof: tainted.proof,
          how: `runs \`$where\` JavaScript built from request input (${tainted.proof})`,
        };
      continue;
    }
    const value = rawObjectInput(file, unwrap(property.value));
    if (value)
      return {
        proof: value,
        how: `puts request input (${value}) into the filter's \`${propertyName(property) ?? '…'}\``,
      };
  }
  return undefined;
}

/**
 * Input that reaches the filter as the client sent it (so it may be an object): `req.body`, `req.body.x`,
 * `const { x } = req.body`; never through a call (`String(x)`, `parseInt`) or from route params.
 */
function rawObjectInput(file: ParsedFile, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    if (!path || !/^(?:req|request|ctx)$/.test(path.root)) return undefined;
    const rest = path.names[0] === 'request' ? path.names.slice(1) : path.names;
    if (!OBJECT_PARTS.has(rest[0] ?? '') || rest.length > 3 || typeChecked(file, n)) return undefined;
    return file.text.slice(n.start, n.end);
  }
  if (n.type !== 'Identifier') return undefined;
  const init = file.localInit(n.name, n);
  if (init) return rawObjectInput(file, init, depth + 1);
  if (typeChecked(file, n)) return undefined;
  // `const { email } = req.body`: requestInput proves the destructured object; only body/query count.
  const proof = requestInput(file, n);
  return proof && /^(?:req|request|ctx)(?:\.request)?\.(?:body|query)$/.test(proof)
    ? `${proof}.${n.name}`
    : undefined;
}

/** `typeof email !== 'string'` in the enclosing function: the handler already rejects objects. */
function typeChecked(file: ParsedFile, read: Node): boolean {
  const scope = file.enclosingFunction(read);
  if (!scope) return false;
  const text = file.text.slice(read.start, read.end);
  let found = false;
  walk(scope, (node) => {
    if (found || node.type !== 'UnaryExpression' || node.operator !== 'typeof') return;
    const argument = unwrap(node.argument);
    if (argument && file.text.slice(argument.start, argument.end) === text) found = true;
  });
  return found;
}
