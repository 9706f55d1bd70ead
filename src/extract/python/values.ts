// Python expressions as the linker's symbolic values: string literals, f-strings and `+` concatenations
// of constants, names and attributes (`settings.API_V1_STR`), resolved across files later.
import { type Value, dyn, str } from '../../scan/value.js';
import type { PyNode } from './py-file.js';

const MAX_DEPTH = 20;

export function pythonValue(node: PyNode | null | undefined, depth = 0): Value {
  if (!node || depth > MAX_DEPTH) return dyn();
  switch (node.type) {
    case 'string':
      return stringParts(node, depth);
    case 'concatenated_string':
      return concat(node.namedChildren.map((part) => pythonValue(part, depth + 1)));
    case 'binary_operator':
      if (node.childForFieldName('operator')?.type === '+')
        return concat([
          pythonValue(node.childForFieldName('left'), depth + 1),
          pythonValue(node.childForFieldName('right'), depth + 1),
        ]);
      return dyn();
    case 'identifier':
      return { k: 'ref', name: node.text };
    case 'attribute': {
      const attribute = node.childForFieldName('attribute')?.text;
      return attribute
        ? { k: 'member', of: pythonValue(node.childForFieldName('object'), depth + 1), prop: attribute }
        : dyn();
    }
    case 'parenthesized_expression':
    case 'type':
      return pythonValue(node.namedChildren[0], depth + 1);
    default:
      return dyn();
  }
}

function stringParts(node: PyNode, depth: number): Value {
  const parts: Value[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') parts.push(str(child.text));
    else if (child.type === 'escape_sequence') parts.push(str(child.text.slice(1)));
    else if (child.type === 'interpolation')
      parts.push(pythonValue(child.childForFieldName('expression'), depth + 1));
  }
  return concat(parts);
}

function concat(parts: Value[]): Value {
  const flat: Value[] = [];
  for (const part of parts) {
    if (part.k === 'concat') flat.push(...part.parts);
    else flat.push(part);
  }
  if (flat.length === 0) return str('');
  if (flat.every((part) => part.k === 'str'))
    return str(flat.map((part) => (part as { v: string }).v).join(''));
  return flat.length === 1 ? (flat[0] as Value) : { k: 'concat', parts: flat };
}
