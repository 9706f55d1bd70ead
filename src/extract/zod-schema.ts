/**
 * zod object schemas read statically — https://zod.dev/?id=objects
 * `z.object({ a: z.string(), b: z.number().optional() })` → fields with type and required; `z.object` strips
 * unknown keys (closed), `.passthrough()` keeps them (open), `.strict()` rejects them (closed).
 */
import { type Node, dottedName, propertyName, stringLiteral, unwrap } from './ast.js';
import type { SchemaFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';

const TYPES = new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'date',
  'array',
  'object',
  'enum',
  'nativeEnum',
  'literal',
  'any',
  'unknown',
]);
const OPTIONAL = new Set(['optional', 'nullish', 'default', 'catch']);

/** The schema a node names (an inline `z.object(…)` or a const holding one), if it is a zod object. */
export function zodObject(file: ParsedFile, node: Node | undefined, depth = 0): SchemaFact | undefined {
  const n = unwrap(node);
  if (!n || depth > 6) return undefined;
  if (n.type === 'Identifier') {
    const init = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
    return init && init !== n ? zodObject(file, init, depth + 1) : undefined;
  }
  if (n.type !== 'CallExpression') return undefined;
  const callee = unwrap(n.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  if (method === 'object' && isZod(callee.object)) return objectFields(n.arguments[0]);
  // Modifiers chained on an object schema: `.strict()`, `.passthrough()`, `.extend({…})`, `.partial()`.
  const base = zodObject(file, callee.object, depth + 1);
  if (!base) return undefined;
  if (method === 'passthrough' || method === 'catchall') return { ...base, closed: false };
  if (method === 'strict' || method === 'strip') return { ...base, closed: true };
  if (method === 'partial') return { ...base, fields: base.fields.map((f) => ({ ...f, required: false })) };
  if (method === 'extend' || method === 'merge') {
    const more =
      method === 'extend' ? objectFields(n.arguments[0]) : zodObject(file, n.arguments[0], depth + 1);
    return more
      ? {
          closed: base.closed,
          fields: [...base.fields.filter((f) => !more.fields.some((m) => m.name === f.name)), ...more.fields],
        }
      : base;
  }
  return base;
}

function isZod(node: Node): boolean {
  const name = dottedName(node);
  return name === 'z' || name === 'zod' || name === 'z.z';
}

function objectFields(shape: Node | undefined): SchemaFact | undefined {
  const object = unwrap(shape);
  if (object?.type !== 'ObjectExpression') return undefined;
  const fields: SchemaFact['fields'] = [];
  for (const property of object.properties as Node[]) {
    const name = property.type === 'Property' ? propertyName(property) : undefined;
    if (!name) continue;
    fields.push({ name, ...describe(property.value as Node) });
  }
  return { fields, closed: true };
}

/** Walks a field's builder chain from the outside in: `z.string().email().optional()`. */
function describe(node: Node): { type?: string; required: boolean; enum?: string[] } {
  let required = true;
  let current = unwrap(node);
  while (current?.type === 'CallExpression') {
    const callee = unwrap(current.callee);
    if (callee?.type !== 'MemberExpression' || callee.computed) break;
    const method = callee.property.name as string;
    if (OPTIONAL.has(method)) required = false;
    if (isZod(callee.object)) {
      const type = TYPES.has(method) ? method : undefined;
      if (method === 'enum') {
        const values = unwrap(current.arguments[0]);
        const members =
          values?.type === 'ArrayExpression'
            ? (values.elements as (Node | null)[]).flatMap((e) => (e ? (stringLiteral(e) ?? []) : []))
            : undefined;
        return { type: 'string', required, ...(members ? { enum: members } : {}) };
      }
      if (method === 'literal') {
        const value = stringLiteral(current.arguments[0]);
        return { type: 'string', required, ...(value !== undefined ? { enum: [value] } : {}) };
      }
      return { ...(type ? { type: type === 'date' ? 'string' : type } : {}), required };
    }
    current = unwrap(callee.object);
  }
  return { required };
}
