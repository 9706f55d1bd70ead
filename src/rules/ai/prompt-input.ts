import { type Node, calledName, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { requestInput } from '../request-input.js';

/** Calls that reshape a chat without changing who wrote it: the AI SDK converters, a schema's parse. */
const KEEPS_CONTENT = new Set(['convertToModelMessages', 'convertToCoreMessages', 'parse', 'parseAsync']);
const MAX_DEPTH = 8;

/**
 * Whether what is sent to a model was written by the client: request input as request-input.ts sees it,
 * and also through the AI SDK's message converters and a schema's `parse` — a validated chat is still the
 * client's chat, and still decides how long the model talks. Returns the proof as source text.
 */
export function clientWritten(file: ParsedFile, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  const direct = requestInput(file, n);
  if (direct) return direct;
  switch (n.type) {
    case 'AwaitExpression':
      return clientWritten(file, n.argument, depth + 1);
    case 'CallExpression':
      return KEEPS_CONTENT.has(calledName(n.callee) ?? '')
        ? clientWritten(file, (n.arguments as Node[])[0], depth + 1)
        : undefined;
    case 'MemberExpression':
      return clientWritten(file, n.object, depth + 1);
    case 'Identifier': {
      const init = file.localInit(n.name, n) ?? file.destructuredInit(n.name, n)?.init;
      return init && init !== n ? clientWritten(file, init, depth + 1) : undefined;
    }
    case 'ArrayExpression':
      return first(
        file,
        (n.elements as (Node | null)[]).filter((e): e is Node => !!e),
        depth,
      );
    case 'ObjectExpression':
      return first(
        file,
        (n.properties as Node[]).map((p) => (p.type === 'SpreadElement' ? p.argument : p.value)),
        depth,
      );
    case 'TemplateLiteral':
      return first(file, n.expressions as Node[], depth);
    default:
      return undefined;
  }
}

function first(file: ParsedFile, nodes: Node[], depth: number): string | undefined {
  for (const node of nodes) {
    const found = clientWritten(file, node, depth + 1);
    if (found) return found;
  }
  return undefined;
}
