/**
 * JSON Schema objects as Fastify route schemas declare them — https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/
 * Fields from `properties`, required from `required`; closed when `additionalProperties: false` (Fastify's
 * Ajv then strips the rest).
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import type { SchemaFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { zodObject } from './zod-schema.js';

export function jsonSchemaObject(file: ParsedFile, node: Node | undefined): SchemaFact | undefined {
  const schema = objectLiteral(file, node);
  if (!schema) return zodObject(file, node);
  const properties = objectLiteral(file, objectProperty(schema, 'properties'));
  if (!properties) return undefined;
  const required = new Set(strings(objectProperty(schema, 'required')));
  const fields: SchemaFact['fields'] = [];
  for (const property of properties.properties as Node[]) {
    const name = property.type === 'Property' ? propertyName(property) : undefined;
    if (!name) continue;
    const spec = objectLiteral(file, property.value as Node);
    const type = stringLiteral(objectProperty(spec, 'type'));
    const values = strings(objectProperty(spec, 'enum'));
    fields.push({
      name,
      ...(type ? { type } : {}),
      required: required.has(name),
      ...(values.length > 0 ? { enum: values } : {}),
    });
  }
  const additional = unwrap(objectProperty(schema, 'additionalProperties'));
  return { fields, closed: additional?.type === 'Literal' && additional.value === false };
}

function strings(node: Node | undefined): string[] {
  const n = unwrap(node);
  if (n?.type !== 'ArrayExpression') return [];
  return (n.elements as (Node | null)[]).flatMap((e) => (e ? (stringLiteral(e) ?? []) : []));
}
