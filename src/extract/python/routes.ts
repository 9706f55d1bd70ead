// What the Python web frameworks' extractors build alike: router references and route facts.
import type { Value } from '../../scan/value.js';
import type { RouteFact } from '../facts.js';
import { conditionOf, type PyFile, type PyNode } from './py-file.js';
import { pythonValue } from './values.js';

/** A router made in this file (by name) or a value the linker resolves through imports (`users.router`). */
export function routerRef(node: PyNode, routers: ReadonlySet<string>): { local: string } | { value: Value } {
  return node.type === 'identifier' && routers.has(node.text)
    ? { local: node.text }
    : { value: pythonValue(node) };
}

/** A route at `at`, with nothing read from the request unless `extra` says so. */
export function pythonRoute(
  file: PyFile,
  at: PyNode,
  route: Pick<RouteFact, 'framework' | 'method' | 'path' | 'order'> & {
    router: NonNullable<RouteFact['router']>;
  },
  extra: Partial<RouteFact> = {},
): RouteFact {
  return {
    middleware: [],
    bodyFields: [],
    bodyOpen: false,
    queryFields: [],
    responses: [],
    ...route,
    ...conditionFact(at),
    ...extra,
    ...file.position(at),
  };
}

/** The literal parts of a path value rewritten (`{x:path}` → `{x}`, `<int:id>` → `{id}`); holes stay. */
export function rewriteLiterals(value: Value, rewrite: (text: string) => string): Value {
  if (value.k === 'str') return { k: 'str', v: rewrite(value.v) };
  if (value.k === 'concat')
    return { k: 'concat', parts: value.parts.map((part) => rewriteLiterals(part, rewrite)) };
  return value;
}

/** `{ condition }` when `node` runs only under an `if`, for a route or mount fact. */
export function conditionFact(node: PyNode): { condition?: string } {
  const condition = conditionOf(node);
  return condition ? { condition } : {};
}
