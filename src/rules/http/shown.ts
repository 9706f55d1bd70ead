import type { Node } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

const MAX = 72;

/** A node's source as a message quotes it: one line, cut to a readable length. */
export function shown(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
