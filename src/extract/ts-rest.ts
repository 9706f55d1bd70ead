/**
 * ts-rest contracts — https://ts-rest.com/docs/core/
 * `c.router({ getPost: { method: 'GET', path: '/posts/:id', body, responses } }, { pathPrefix })`: each route of
 * a contract is an endpoint both sides are typed against (`framework: "ts-rest"`, a typed contract). Contracts
 * nest (`c.router({ posts: postsContract }, { pathPrefix: '/api' })`), so the linker lists the routes of the
 * outermost contracts, prefixes applied on the way down, and resolves clients' operations the same way.
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ContractFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { zodObject } from './zod-schema.js';
import type { Value } from '../scan/value.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const tsRest: Extractor = {
  name: 'ts-rest',
  detect: (repo) => dependsOn(repo, '@ts-rest/core'),
  prefilter: (text) => text.includes('initContract') || /\.router\s*\(\s*\{/.test(text),
  extract(file, facts) {
    if (file.importedFrom('@ts-rest/core', ['initContract']).size === 0) return;
    const inner = new Set<Node>();
    for (const call of file.calls) {
      if (inner.has(call) || !isRouterCall(call)) continue;
      const contract: ContractFact = { routes: {}, nested: {} };
      readRouter(file, call, contract, '', [], inner);
      // An unnamed contract (`s.router(c.router({…}), …)`) is still served: keyed by where it is.
      facts.contracts[file.bindingName(call) ?? `#${call.start}`] = contract;
    }
  },
};

function isRouterCall(node: Node | undefined): boolean {
  const callee = node?.type === 'CallExpression' ? unwrap(node.callee) : undefined;
  return callee?.type === 'MemberExpression' && callee.property?.name === 'router';
}

/** Routes by key, and nested routers: inline ones are read into this contract, others by reference. */
function readRouter(
  file: ParsedFile,
  call: Node,
  contract: ContractFact,
  keyPrefix: string,
  outerPrefix: Value[],
  inner: Set<Node>,
): void {
  const [table, options] = call.arguments as Node[];
  const ownPrefix = objectProperty(objectLiteral(file, options), 'pathPrefix');
  const prefix = ownPrefix ? [...outerPrefix, file.valueOf(ownPrefix)] : outerPrefix;
  readTable(file, objectLiteral(file, table), contract, keyPrefix, prefix, inner);
}

function readTable(
  file: ParsedFile,
  table: Node | undefined,
  contract: ContractFact,
  keyPrefix: string,
  prefix: Value[],
  inner: Set<Node>,
): void {
  for (const property of (table?.properties ?? []) as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    if (!key) continue;
    const value = unwrap(property.value as Node);
    const route = objectLiteral(file, value);
    const method = stringLiteral(objectProperty(route, 'method'))?.toUpperCase();
    const path = stringLiteral(objectProperty(route, 'path'));
    if (value && isRouterCall(value)) {
      inner.add(value);
      readRouter(file, value, contract, `${keyPrefix}${key}.`, prefix, inner);
    } else if (!route) {
      // `posts: postsContract` — a contract declared elsewhere (or above), joined by the linker.
      if (value?.type === 'Identifier' || value?.type === 'MemberExpression')
        contract.nested[`${keyPrefix}${key}`] = { contract: file.valueOf(value), prefix };
    } else if (!method) readTable(file, route, contract, `${keyPrefix}${key}.`, prefix, inner);
    else if (METHODS.has(method) && path !== undefined) {
      const bodyNode = objectProperty(route, 'body');
      const queryNode = objectProperty(route, 'query');
      const body = zodObject(file, bodyNode);
      const query = zodObject(file, queryNode);
      // `body: CreatePostDto` imported from a shared package: resolved by the linker.
      const bodyRef = !body && unwrap(bodyNode)?.type === 'Identifier' ? file.valueOf(bodyNode) : undefined;
      const queryRef =
        !query && unwrap(queryNode)?.type === 'Identifier' ? file.valueOf(queryNode) : undefined;
      contract.routes[`${keyPrefix}${key}`] = {
        method,
        path:
          prefix.length > 0
            ? { k: 'concat', parts: [...prefix, { k: 'str', v: path }] }
            : { k: 'str', v: path },
        ...(body ? { bodySchema: body } : {}),
        ...(query ? { querySchema: query } : {}),
        ...(bodyRef ? { bodySchemaRef: bodyRef } : {}),
        ...(queryRef ? { querySchemaRef: queryRef } : {}),
        ...file.position(property.key as Node),
      };
    }
  }
}
