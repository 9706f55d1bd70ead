/**
 * superagent — https://ladjs.github.io/superagent/
 * `request.get(url).query({ q })`, `request.post(url).send({ … }).set('Authorization', …)`: the verb call
 * carries the URL; chained `send`/`query`/`set` carry body, query and credentials.
 */
import { type Node, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';
import { payloadFields, sentBody } from './request-options.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head']);

export const superagent: Extractor = {
  name: 'superagent',
  detect: (repo) => dependsOn(repo, 'superagent'),
  prefilter: (text) => text.includes('superagent'),
  extract(file, facts) {
    const names = file.importedFrom('superagent', ['default', '*']);
    if (names.size === 0) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const receiver = unwrap(callee.object);
      const verb = callee.property.name as string;
      if (receiver?.type !== 'Identifier' || !names.has(receiver.name) || !METHODS.has(verb)) continue;
      const chain = chained(file, call);
      facts.calls.push({
        client: 'superagent',
        method: verb === 'del' ? 'DELETE' : verb.toUpperCase(),
        url: file.valueOf(call.arguments[0]),
        ...sentBody(chain.body),
        ...(chain.query.length > 0 ? { queryFields: chain.query } : {}),
        ...(chain.auth ? { auth: true } : {}),
        ...file.position(call),
      });
    }
  },
};

/** What the calls chained after the verb add: `.send(body)`, `.query({…})`, `.set('Authorization', …)`. */
function chained(file: ParsedFile, call: Node) {
  const result: { body?: { fields: string[]; open: boolean }; query: string[]; auth: boolean } = {
    query: [],
    auth: false,
  };
  let current: Node = call;
  for (;;) {
    const member = file.parent(current);
    if (member?.type !== 'MemberExpression' || member.object !== current) break;
    const outer = file.parent(member);
    if (outer?.type !== 'CallExpression' || outer.callee !== member) break;
    const name = member.property?.name;
    const arg = (outer.arguments as Node[])[0];
    if (name === 'send' && arg) result.body = payloadFields(file, arg);
    if (name === 'query' && arg) result.query.push(...payloadFields(file, arg).fields);
    if ((name === 'set' && /^authorization$/i.test(stringLiteral(arg) ?? '')) || name === 'auth')
      result.auth = true;
    current = outer;
  }
  return result;
}
