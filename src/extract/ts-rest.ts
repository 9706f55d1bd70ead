/**
 * ts-rest contracts — https://ts-rest.com/docs/core/
 * `c.router({ getPost: { method: 'GET', path: '/posts/:id', body, responses } })`: each route of the contract
 * is an endpoint both sides are typed against, listed with `framework: "ts-rest"` (a typed contract).
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ContractFact, FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { zodObject } from './zod-schema.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const tsRest: Extractor = {
  name: 'ts-rest',
  detect: (repo) => dependsOn(repo, '@ts-rest/core'),
  prefilter: (text) => text.includes('initContract') || /\.router\s*\(\s*\{/.test(text),
  extract(file, facts) {
    const contracts = file.importedFrom('@ts-rest/core', ['initContract']);
    if (contracts.size === 0) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.property?.name !== 'router') continue;
      const contract: ContractFact = { routes: {}, nested: {} };
      readRouter(file, facts, call.arguments[0], '', contract);
      const name = file.bindingName(call);
      if (name) facts.contracts[name] = contract;
    }
  },
};

/** Routes, and nested routers (`posts: postsContract` is read where that contract is declared). */
function readRouter(
  file: ParsedFile,
  facts: FileFacts,
  node: Node | undefined,
  prefix: string,
  contract: ContractFact,
  keyPrefix = '',
  emit = true,
): void {
  const table = objectLiteral(file, node);
  if (!table) return;
  for (const property of table.properties as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    if (!key) continue;
    const value = unwrap(property.value as Node);
    const route = objectLiteral(file, value);
    const method = stringLiteral(objectProperty(route, 'method'))?.toUpperCase();
    const path = stringLiteral(objectProperty(route, 'path'));
    const nestedKey = `${keyPrefix}${key}.`;
    if (!route) {
      // `posts: c.router({…})` is also read as a router of its own: here only its keys are noted.
      const callee = value?.type === 'CallExpression' ? unwrap(value.callee) : undefined;
      if (callee?.type === 'MemberExpression' && callee.property?.name === 'router')
        readRouter(file, facts, value?.arguments[0], prefix, contract, nestedKey, false);
      // `posts: postsContract` — a router declared elsewhere, found by the linker for clients.
      else if (value?.type === 'Identifier' || value?.type === 'MemberExpression')
        contract.nested[`${keyPrefix}${key}`] = file.valueOf(value);
      continue;
    }
    // `posts: { list: {…}, get: {…} }` written inline: a nested router.
    if (!method) {
      readRouter(file, facts, route, prefix, contract, nestedKey, emit);
      continue;
    }
    if (!METHODS.has(method) || path === undefined) continue;
    contract.routes[`${keyPrefix}${key}`] = { method, path: `${prefix}${path}` };
    if (!emit) continue;
    const body = zodObject(file, objectProperty(route, 'body'));
    const query = zodObject(file, objectProperty(route, 'query'));
    facts.routes.push({
      framework: 'ts-rest',
      method,
      path: { k: 'str', v: `${prefix}${path}` },
      middleware: [],
      order: property.start,
      bodyFields: [],
      bodyOpen: false,
      queryFields: [],
      responses: [],
      ...(body ? { bodySchema: body } : {}),
      ...(query ? { querySchema: query } : {}),
      ...file.position(property.key as Node),
    });
  }
}
