/**
 * ky — https://github.com/sindresorhus/ky
 * `ky.get(url)`, `ky.post(url, { json, searchParams })`, `ky(url, { method })`, and instances from
 * `ky.create({ prefixUrl })` / `.extend(…)` used from any file (the linker joins `prefixUrl`).
 */
import { type Node, objectProperty, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral, payloadFields, sendsCredentials, sentBody } from './request-options.js';
import { wrapperTemplate } from './wrapper-template.js';
import type { Value } from '../scan/value.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

export const ky: Extractor = {
  name: 'ky',
  detect: (repo) => dependsOn(repo, 'ky'),
  prefilter: (text) => /\bky\b/.test(text) || /\.(?:get|post|put|patch|delete)\s*\(/.test(text),
  extract(file, facts) {
    const kyNames = file.importedFrom('ky', ['default', '*']);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type === 'Identifier' && kyNames.has(callee.name)) {
        readCall(file, facts, call, undefined, null);
        continue;
      }
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const receiver = unwrap(callee.object);
      const method = callee.property.name as string;
      if ((method === 'create' || method === 'extend') && receiver) {
        if (
          receiver.type === 'Identifier' &&
          (kyNames.has(receiver.name) || facts.clients.some((c) => c.id === receiver.name))
        )
          readInstance(file, facts, call);
        continue;
      }
      if (!METHODS.has(method) || receiver?.type !== 'Identifier') continue;
      if (kyNames.has(receiver.name)) readCall(file, facts, call, method, null);
      else if (facts.imports[receiver.name] || facts.clients.some((c) => c.id === receiver.name))
        readCall(file, facts, call, method, { k: 'ref', name: receiver.name });
    }
  },
};

function readInstance(file: ParsedFile, facts: FileFacts, call: Node): void {
  const id = file.bindingName(call);
  if (!id) return;
  const options = objectLiteral(file, call.arguments[0]);
  const prefix = objectProperty(options, 'prefixUrl') ?? objectProperty(options, 'prefix');
  facts.clients.push({
    id,
    client: 'ky',
    ...(prefix ? { baseURL: file.valueOf(prefix) } : {}),
    auth: sendsCredentials(file, options) === true,
    ...file.position(call),
  });
}

function readCall(
  file: ParsedFile,
  facts: FileFacts,
  call: Node,
  verb: string | undefined,
  via: Value | null,
): void {
  const [target, optionsNode] = call.arguments as Node[];
  const url = file.valueOf(target);
  const options = objectLiteral(file, optionsNode);
  const methodNode = objectProperty(options, 'method');
  const method =
    verb?.toUpperCase() ?? (methodNode ? (stringLiteral(methodNode)?.toUpperCase() ?? 'ANY') : 'GET');
  const jsonNode = unwrap(objectProperty(options, 'json'));
  const body = jsonNode
    ? payloadFields(file, jsonNode)
    : objectProperty(options, 'body')
      ? { fields: [], open: true }
      : undefined;
  const searchParams = objectProperty(options, 'searchParams');
  const query = searchParams ? payloadFields(file, searchParams).fields : [];
  const auth = sendsCredentials(file, optionsNode);
  const template = wrapperTemplate(file, call, url, {
    method: methodNode,
    options: optionsNode,
    body: jsonNode,
  });
  facts.calls.push({
    client: 'ky',
    method,
    url,
    ...(via ? { via } : {}),
    ...(template ? { template } : {}),
    ...(query.length > 0 ? { queryFields: query } : {}),
    ...sentBody(body),
    ...(auth === undefined ? {} : { auth }),
    ...file.position(call),
  });
}
