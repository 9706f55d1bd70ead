import { type Node, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { requestInput } from '../request-input.js';

/**
 * Where a string handed to an interpreter (SQL, a shell, `eval`) comes from, for the `inject.*` rules:
 * the request input it carries and how it was put together. Local constants are followed to their
 * initialiser, and `let sql = '…'; sql += req.query.x` counts the appended parts too.
 */
export interface TaintedString {
  /** The input read that proves it (`req.query.id`). */
  proof: string;
  /** How input got into the string: a message fragment. */
  how: 'in a template literal' | 'by concatenation' | 'as is';
  /** The literal text around the input, joined: tells SQL from a URL. */
  literal: string;
}

const MAX_DEPTH = 6;

export function taintedString(file: ParsedFile, node: Node | undefined): TaintedString | undefined {
  const resolved = resolveLocal(file, node);
  if (!resolved) return undefined;
  const literal = literalText(file, resolved.node, 0);
  const proof = requestInput(file, resolved.node) ?? appendedInput(file, node);
  if (!proof) return undefined;
  const how =
    resolved.node.type === 'TemplateLiteral'
      ? 'in a template literal'
      : resolved.node.type === 'BinaryExpression' || resolved.appended
        ? 'by concatenation'
        : 'as is';
  return { proof, how, literal };
}

/** A local name followed to what it was set to, a few steps deep. */
export function resolveLocal(
  file: ParsedFile,
  node: Node | undefined,
): { node: Node; appended: boolean } | undefined {
  let current = unwrap(node);
  for (let i = 0; current?.type === 'Identifier' && i < MAX_DEPTH; i++) {
    const init = unwrap(file.localInit(current.name, current));
    if (!init) break;
    current = init;
  }
  if (!current) return undefined;
  const appended = unwrap(node)?.type === 'Identifier' && !!appendedInput(file, node);
  return { node: current, appended };
}

/** `sql += req.query.x` / `sql = sql + …` on the same name earlier in the function. */
function appendedInput(file: ParsedFile, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type !== 'Identifier') return undefined;
  const scope = file.enclosingFunction(n);
  if (!scope) return undefined;
  let proof: string | undefined;
  walk(scope, (child) => {
    if (proof || child.type !== 'AssignmentExpression' || child.start > n.start) return;
    const target = unwrap(child.left);
    if (target?.type !== 'Identifier' || target.name !== n.name) return;
    if (child.operator === '+=' || child.operator === '=') proof = requestInput(file, child.right);
  });
  return proof;
}

/** The string literals an expression is built from, joined (through local constants). */
export function literalText(file: ParsedFile, node: Node | undefined, depth: number): string {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return '';
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'string' ? n.value : '';
    case 'TemplateLiteral':
      return (n.quasis as Node[]).map((q) => q.value.cooked ?? q.value.raw ?? '').join(' ');
    case 'BinaryExpression':
      return n.operator === '+'
        ? `${literalText(file, n.left, depth + 1)} ${literalText(file, n.right, depth + 1)}`
        : '';
    case 'Identifier': {
      const init = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
      return init ? literalText(file, init, depth + 1) : '';
    }
    default:
      return '';
  }
}

/** Whether a value is written entirely in the code: a literal, a template without holes, a constant. */
export function isConstant(file: ParsedFile, node: Node | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return false;
  if (n.type === 'Literal') return true;
  if (n.type === 'TemplateLiteral')
    return (n.expressions as Node[]).every((e) => isConstant(file, e, depth + 1));
  if (n.type === 'BinaryExpression')
    return isConstant(file, n.left, depth + 1) && isConstant(file, n.right, depth + 1);
  if (n.type === 'ConditionalExpression')
    return isConstant(file, n.consequent, depth + 1) && isConstant(file, n.alternate, depth + 1);
  if (n.type === 'Identifier') {
    const init = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
    return !!init && isConstant(file, init, depth + 1);
  }
  return false;
}
