/**
 * Minimal ESTree access. oxc-parser returns plain ESTree objects; the shapes are wide and checked at run time
 * by `type`, so one loose node type keeps extractors readable without a cast on every property.
 */
// biome-ignore lint/suspicious/noExplicitAny: ESTree nodes are discriminated at run time by `type`.
export type Node = { type: string; start: number; end: number; [key: string]: any };

const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'range',
  'loc',
  'typeAnnotation',
  'returnType',
  'typeParameters',
]);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Depth-first walk; `visit` sees every node once, with its parent. */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void): void {
  traverse(root, visit, undefined);
}

/** `walk` that also returns each node's parent, for a whole file read many times (see ParsedFile). */
export function walkWithParents(
  root: Node,
  visit: (node: Node, parent: Node | undefined) => void,
): Map<Node, Node> {
  const parents = new Map<Node, Node>();
  traverse(root, visit, parents);
  return parents;
}

// Parents travel on a stack beside the nodes: extractors walk handler bodies and scopes many times per file,
// and a Map of every node's parent for each of those walks was a measurable share of a cold scan.
function traverse(
  root: Node,
  visit: (node: Node, parent: Node | undefined) => void,
  parents: Map<Node, Node> | undefined,
): void {
  const stack: Node[] = [root];
  const above: (Node | undefined)[] = [undefined];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const parent = above.pop();
    visit(node, parent);
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item = child[i];
          if (isNode(item)) {
            parents?.set(item, node);
            stack.push(item);
            above.push(node);
          }
        }
      } else if (isNode(child)) {
        parents?.set(child, node);
        stack.push(child);
        above.push(node);
      }
    }
  }
}

export function isFunction(node: Node | undefined): node is Node {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'FunctionDeclaration'
  );
}

/** The static keys of an object literal (or pattern): `{ a, 'b': 1, ...rest }` → `a`, `b`. */
export function objectKeys(object: Node): string[] {
  return (object.properties as Node[]).flatMap((p) => (p.type === 'Property' ? (propertyName(p) ?? []) : []));
}

/** A response sent with `payload`: its top-level keys when the payload is an object literal. */
export function responseOf(
  status: number | 'default',
  payload: Node | undefined,
): { status: number | 'default'; fields?: string[] } {
  const object = unwrap(payload);
  return object?.type === 'ObjectExpression' ? { status, fields: objectKeys(object) } : { status };
}

/** Unwraps `x as T`, `x!`, `<T>x`, `x satisfies T` and parentheses. */
export function unwrap(node: Node | null | undefined): Node | undefined {
  let current = node ?? undefined;
  while (
    current &&
    (current.type === 'TSAsExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'ParenthesizedExpression' ||
      // `a?.b`: the optional chain reads like `a.b` for everything we resolve.
      current.type === 'ChainExpression')
  ) {
    current = current.expression as Node;
  }
  return current;
}

export function stringLiteral(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0)
    return n.quasis[0]?.value?.cooked ?? undefined;
  return undefined;
}

/** The static name of a property key (`a`, `'a'`, `[\`a\`]`), if it has one. */
export function propertyName(property: Node): string | undefined {
  const key = property.key as Node | undefined;
  if (!key) return undefined;
  if (!property.computed && key.type === 'Identifier') return key.name;
  return stringLiteral(key);
}

/** The last name a call is made by: `model` for `model(…)` and for `mongoose.model(…)`. */
export function calledName(callee: Node | undefined): string | undefined {
  const n = unwrap(callee);
  if (n?.type === 'Identifier') return n.name as string;
  return n?.type === 'MemberExpression' && !n.computed ? (n.property?.name as string | undefined) : undefined;
}

/**
 * `api.posts['by-id'].get` → root `api`, names `posts, by-id, get`: a member chain down to a variable, keys
 * written as names or string literals. Undefined for anything dynamic.
 */
export function memberPath(node: Node | undefined): { root: string; names: string[] } | undefined {
  const names: string[] = [];
  let current = unwrap(node);
  while (current?.type === 'MemberExpression') {
    const name = current.computed ? stringLiteral(current.property) : (current.property.name as string);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = unwrap(current.object);
  }
  return current?.type === 'Identifier' ? { root: current.name as string, names } : undefined;
}

/** `a.b.c` for identifiers and static member chains; undefined for anything dynamic. */
export function dottedName(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression' && !n.computed) {
    const object = dottedName(n.object);
    return object === undefined ? undefined : `${object}.${n.property.name}`;
  }
  if (n.type === 'MetaProperty') return `${n.meta.name}.${n.property.name}`;
  return undefined;
}

/** The name a middleware argument is known by: `requireAuth`, `auth.required`, `passport.authenticate`. */
export function middlewareName(node: Node): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'CallExpression') return dottedName(n.callee);
  return dottedName(n);
}

export function objectProperty(object: Node | undefined, name: string): Node | undefined {
  const n = unwrap(object);
  if (n?.type !== 'ObjectExpression') return undefined;
  for (const property of n.properties as Node[]) {
    if (property.type === 'Property' && propertyName(property) === name) return property.value as Node;
  }
  return undefined;
}

/** Offset → 1-based line and column, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(
    text: string,
    private readonly lineOffset = 0,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1 + this.lineOffset, column: offset - (this.starts[low] as number) + 1 };
  }
}
