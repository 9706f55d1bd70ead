/**
 * ts-rest contracts — https://ts-rest.com/docs/core/
 * `c.router({ getPost: { method: 'GET', path: '/posts/:id', body, responses } })`: each route of the contract
 * is an endpoint both sides are typed against, listed with `framework: "ts-rest"` (a typed contract).
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts } from './facts.js';
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
      readRouter(file, facts, call.arguments[0], '');
    }
  },
};

/** Routes, and nested routers (`posts: postsContract` is read where that contract is declared). */
function readRouter(file: ParsedFile, facts: FileFacts, node: Node | undefined, prefix: string): void {
  const table = objectLiteral(file, node);
  if (!table) return;
  for (const property of table.properties as Node[]) {
    if (property.type !== 'Property' || !propertyName(property)) continue;
    const route = objectLiteral(file, property.value as Node);
    const method = stringLiteral(objectProperty(route, 'method'))?.toUpperCase();
    const path = stringLiteral(objectProperty(route, 'path'));
    if (!route || !method || !METHODS.has(method) || path === undefined) continue;
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
