import { type Node, propertyName, unwrap, walk, objectKeys } from './ast.js';
import type { ParsedFile } from './parsed-file.js';

/** Methods that only make sense on an array: a caller using them expects `T[]`, not `{ data, meta }`. */
const ARRAY_METHODS = new Set([
  'map',
  'filter',
  'forEach',
  'find',
  'findIndex',
  'some',
  'every',
  'reduce',
  'length',
  'slice',
  'flatMap',
  'at',
]);

/**
 * The top-level response fields a caller reads: `const { items } = await res.json()`, `data.total`,
 * `const { data } = await api.get(…)` then `data.items`. `[]` stands for "used as an array" (`data.map`),
 * the evidence for pagination drift. Only the enclosing function is read.
 */
export function responseFields(
  file: ParsedFile,
  call: Node,
  client: 'fetch' | 'axios' | 'fetch-payload',
): string[] {
  const holder = declaratorOf(file, call);
  if (!holder) return [];
  const scope = file.enclosingFunction(call)?.body ?? file.program;
  const fields = new Set<string>();
  const payloads = new Set<string>();
  const responses = new Set<string>();
  const id = holder.id as Node;
  if (client === 'fetch-payload') {
    // `$fetch` resolves to the parsed body itself.
    if (id.type === 'Identifier') payloads.add(id.name);
    else if (id.type === 'ObjectPattern') for (const key of objectKeys(id)) fields.add(key);
  } else if (client === 'fetch') {
    if (id.type === 'Identifier') responses.add(id.name);
  } else if (id.type === 'Identifier') responses.add(id.name);
  else if (id.type === 'ObjectPattern') {
    // const { data } = await axios.get(…) / const { data: { items } } = …
    for (const property of id.properties as Node[]) {
      if (property.type !== 'Property' || propertyName(property) !== 'data') continue;
      const value = unwrap(property.value as Node);
      if (value?.type === 'Identifier') payloads.add(value.name);
      else if (value?.type === 'ObjectPattern') for (const key of objectKeys(value)) fields.add(key);
    }
  }
  walk(scope as Node, (node) => {
    if (node.type === 'VariableDeclarator' && node.init) {
      const source = payloadSource(unwrap(node.init), responses, client);
      if (source) {
        const target = node.id as Node;
        if (target.type === 'Identifier') payloads.add(target.name);
        else if (target.type === 'ObjectPattern') for (const key of objectKeys(target)) fields.add(key);
        else if (target.type === 'ArrayPattern') fields.add('[]');
      }
    }
    if (node.type === 'MemberExpression' && !node.computed) {
      const object = unwrap(node.object);
      const name = node.property?.name as string | undefined;
      if (name && object?.type === 'Identifier' && payloads.has(object.name))
        fields.add(ARRAY_METHODS.has(name) ? '[]' : name);
    }
    // `res.data.items` on an axios response
    if (client === 'axios' && node.type === 'MemberExpression' && !node.computed) {
      const inner = unwrap(node.object);
      if (inner?.type === 'MemberExpression' && !inner.computed && inner.property?.name === 'data') {
        const root = unwrap(inner.object);
        if (root?.type === 'Identifier' && responses.has(root.name)) {
          const name = node.property.name as string;
          fields.add(ARRAY_METHODS.has(name) ? '[]' : name);
        }
      }
    }
  });
  return [...fields].sort();
}

/** `await res.json()` (fetch) or `res.data` (axios) on a response variable. */
function payloadSource(
  init: Node | undefined,
  responses: Set<string>,
  client: 'fetch' | 'axios' | 'fetch-payload',
): boolean {
  const value = init?.type === 'AwaitExpression' ? unwrap(init.argument) : init;
  if (client === 'fetch-payload') return false;
  if (client === 'fetch') {
    if (value?.type !== 'CallExpression') return false;
    const callee = unwrap(value.callee);
    const root = callee?.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
    return callee?.property?.name === 'json' && root?.type === 'Identifier' && responses.has(root.name);
  }
  if (value?.type !== 'MemberExpression' || value.computed || value.property?.name !== 'data') return false;
  const root = unwrap(value.object);
  return root?.type === 'Identifier' && responses.has(root.name);
}

/** The declaration receiving the call's (awaited) result: `const res = await fetch(…)`. */
function declaratorOf(file: ParsedFile, call: Node): Node | undefined {
  let current: Node = call;
  let parent = file.parent(current);
  while (
    parent &&
    (parent.type === 'AwaitExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression')
  ) {
    current = parent;
    parent = file.parent(current);
  }
  return parent?.type === 'VariableDeclarator' && parent.init === current ? parent : undefined;
}
