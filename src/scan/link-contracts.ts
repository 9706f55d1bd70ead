import type { ContractFact, ContractRouteFact, RouteFact } from '../extract/facts.js';
import type { LinkedRoute } from './link-routes.js';
import { resolveSchemas } from './link-schemas.js';
import type { ModuleGraph } from './module-graph.js';
import { isTestFile } from './test-files.js';
import { routePath } from './url-path.js';
import type { Part, Value } from './value.js';

const MAX_DEPTH = 8;

interface FlatRoute {
  file: string;
  key: string;
  route: ContractRouteFact;
  prefix: Part[];
}

/**
 * The endpoints of typed contracts (ts-rest): the routes of every contract no other contract nests, with the
 * path prefixes of the contracts around each route. A nested contract's own routes are listed once, through
 * its parent, where the server serves them.
 */
export function linkContracts(files: readonly string[], graph: ModuleGraph): LinkedRoute[] {
  const declared: { file: string; local: string; contract: ContractFact }[] = [];
  const nested = new Set<string>();
  for (const file of files) {
    if (isTestFile(file)) continue;
    for (const [local, contract] of Object.entries(graph.peek(file)?.contracts ?? {})) {
      declared.push({ file, local, contract });
      for (const { contract: ref } of Object.values(contract.nested)) {
        const symbol = graph.symbolOf(file, ref);
        if (symbol && 'local' in symbol) nested.add(`${symbol.file}#${symbol.local}`);
      }
    }
  }
  const linked: LinkedRoute[] = [];
  for (const { file, local, contract } of declared) {
    if (nested.has(`${file}#${local}`)) continue;
    for (const flat of flatten(graph, file, contract, [], '', 0)) {
      const path = routePath([...flat.prefix, ...graph.evaluate(flat.file, flat.route.path)]);
      if (path === undefined) continue;
      const route = resolveSchemas(graph, flat.file, routeFact(flat.route), false);
      linked.push({ file: flat.file, route, path, middleware: [] });
    }
  }
  return linked;
}

/**
 * The method and path parts of operation `posts.getPost` of the contract `ref` names, seen from `file`.
 * Path parameters are `{name}` template holes (ts-rest writes `:id`).
 */
export function contractOperation(
  graph: ModuleGraph,
  file: string,
  ref: Value,
  operation: string,
): { method: string; parts: Part[] } | undefined {
  const symbol = graph.symbolOf(file, ref);
  if (!symbol || !('local' in symbol)) return undefined;
  const contract = graph.facts(symbol.file)?.contracts[symbol.local];
  if (!contract) return undefined;
  const found = flatten(graph, symbol.file, contract, [], '', 0).find((flat) => flat.key === operation);
  if (!found) return undefined;
  const parts = [...found.prefix, ...graph.evaluate(found.file, found.route.path)].map((part) =>
    'text' in part ? { text: part.text.replace(/:(\w+)/g, '{$1}') } : part,
  );
  return { method: found.route.method, parts };
}

function flatten(
  graph: ModuleGraph,
  file: string,
  contract: ContractFact,
  prefix: Part[],
  keyPrefix: string,
  depth: number,
): FlatRoute[] {
  if (depth > MAX_DEPTH) return [];
  const out: FlatRoute[] = Object.entries(contract.routes).map(([key, route]) => ({
    file,
    key: `${keyPrefix}${key}`,
    route,
    prefix,
  }));
  for (const [key, { contract: ref, prefix: around }] of Object.entries(contract.nested)) {
    const symbol = graph.symbolOf(file, ref);
    if (!symbol || !('local' in symbol)) continue;
    const child = graph.facts(symbol.file)?.contracts[symbol.local];
    if (!child) continue;
    const childPrefix = [...prefix, ...around.flatMap((value) => graph.evaluate(file, value))];
    out.push(...flatten(graph, symbol.file, child, childPrefix, `${keyPrefix}${key}.`, depth + 1));
  }
  return out;
}

function routeFact(route: ContractRouteFact): RouteFact {
  return {
    framework: 'ts-rest',
    method: route.method,
    path: route.path,
    middleware: [],
    order: 0,
    bodyFields: [],
    bodyOpen: false,
    queryFields: [],
    responses: [],
    ...(route.bodySchema ? { bodySchema: route.bodySchema } : {}),
    ...(route.querySchema ? { querySchema: route.querySchema } : {}),
    ...(route.bodySchemaRef ? { bodySchemaRef: route.bodySchemaRef } : {}),
    ...(route.querySchemaRef ? { querySchemaRef: route.querySchemaRef } : {}),
    line: route.line,
    column: route.column,
  };
}
