import { type Node, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

/** Tests that mean "not in production": `NODE_ENV !== 'production'`, `isDev`, `app.get('env') === 'development'`. */
const DEV_TEST =
  /\bdev(?:elopment)?\b|\bisDev|\bIS_DEV|!==?\s*['"`]production['"`]|['"`]production['"`]\s*!==?/i;
/** How far up a node's ancestors a dev-only branch is looked for: the statement and a few blocks around it. */
const MAX_ANCESTORS = 40;

/**
 * The node runs only outside production: it sits in the branch of an `if` (or `?:`) whose test reads as a
 * development check. `if (process.env.NODE_ENV === 'production') {…} else { app.use(cors()) }` counts too.
 */
export function inDevOnlyBranch(file: ParsedFile, node: Node): boolean {
  let child = node;
  let parent = file.parent(node);
  for (let i = 0; parent && i < MAX_ANCESTORS; i++) {
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
      const test = file.text.slice(parent.test.start, parent.test.end);
      const inElse = parent.alternate === child;
      const isDev = DEV_TEST.test(test);
      const isProd = /['"`]production['"`]/.test(test) && /===?/.test(test) && !/!==?/.test(test);
      if ((isDev && !inElse && !isProd) || (isProd && inElse)) return true;
    }
    child = parent;
    parent = file.parent(parent);
  }
  return false;
}

/**
 * Whether a condition in `scope` validates one of `names` (local variables) or `texts` (input reads such as
 * `req.query.next`): a call that takes or is made on it (`next.startsWith('/')`, `isSafe(next)`,
 * `ALLOWED.includes(next)`, `url.hostname.endsWith(…)`), or a comparison with something other than
 * null, undefined or `''` (`url.origin === base`). Presence checks (`if (!next)`) validate nothing.
 */
export function validatedIn(
  file: ParsedFile,
  scope: Node,
  names: ReadonlySet<string>,
  texts: ReadonlySet<string>,
): boolean {
  let found = false;
  walk(scope, (node) => {
    if (found) return;
    const test = conditionOf(node);
    if (test && validates(file, test, names, texts)) found = true;
  });
  return found;
}

function conditionOf(node: Node): Node | undefined {
  switch (node.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
    case 'WhileStatement':
      return node.test;
    case 'SwitchStatement':
      return node.discriminant;
    case 'LogicalExpression':
      // `isSafe(next) && res.redirect(next)`: the left side guards the right.
      return node.operator === '&&' ? node.left : undefined;
    default:
      return undefined;
  }
}

function validates(
  file: ParsedFile,
  test: Node,
  names: ReadonlySet<string>,
  texts: ReadonlySet<string>,
): boolean {
  let found = false;
  const mentions = (node: Node | undefined) => !!node && mentionsAny(file, node, names, texts);
  walk(test, (node) => {
    if (found) return;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const receiver = callee?.type === 'MemberExpression' ? callee.object : undefined;
      if (mentions(receiver) || (node.arguments as Node[]).some((arg) => mentions(arg))) found = true;
    } else if (node.type === 'BinaryExpression' && /^[!=]==?$/.test(node.operator)) {
      const [left, right] = [unwrap(node.left), unwrap(node.right)];
      if ((mentions(left) && !isEmptyValue(right)) || (mentions(right) && !isEmptyValue(left))) found = true;
    } else if (node.type === 'BinaryExpression' && node.operator === 'in') {
      if (mentions(node.left)) found = true;
    }
  });
  return found;
}

function isEmptyValue(node: Node | undefined): boolean {
  if (!node) return true;
  if (node.type === 'Literal') return node.value === null || node.value === '';
  if (node.type === 'Identifier') return node.name === 'undefined';
  // `typeof next === 'string'` checks a type, not a value.
  return (
    node.type === 'UnaryExpression' || (node.type === 'TemplateLiteral' && node.expressions.length === 0)
  );
}

/** The subtree reads one of `names` as a variable, or its source text is one of `texts`. */
function mentionsAny(
  file: ParsedFile,
  root: Node,
  names: ReadonlySet<string>,
  texts: ReadonlySet<string>,
): boolean {
  let found = false;
  walk(root, (node, parent) => {
    if (found) return;
    if (node.type === 'Identifier' && names.has(node.name)) {
      const isKey = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
      if (!isKey) found = true;
    } else if (texts.size > 0 && (node.type === 'MemberExpression' || node.type === 'CallExpression')) {
      if (texts.has(file.text.slice(node.start, node.end).replace(/\s+/g, ' '))) found = true;
    }
  });
  return found;
}
