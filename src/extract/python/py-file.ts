import type { Node as PyNode } from 'web-tree-sitter';
import { emptyFacts, type FileFacts } from '../facts.js';

export type { PyNode };

/**
 * A parsed Python file, the Python counterpart of ParsedFile: the tree, the facts being built, and the
 * small readings every Python extractor needs (strings, names, calls, keyword arguments).
 */
export class PyFile {
  readonly facts: FileFacts = emptyFacts(true);

  constructor(
    readonly path: string,
    readonly text: string,
    readonly root: PyNode,
  ) {}

  /** 1-based line and column, as every fact carries. */
  position(node: PyNode): { line: number; column: number } {
    return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  }

  /** Top-level statements, with decorated definitions and `if`/`try` blocks at module level opened up. */
  *statements(): Generator<PyNode> {
    yield* moduleStatements(this.root, 0);
  }
}

function* moduleStatements(node: PyNode, depth: number): Generator<PyNode> {
  for (const child of node.namedChildren) {
    if (!child) continue;
    yield child;
    // `if settings.DEBUG:` / `try:` around module-level code: its statements still run at import.
    if (depth < 3 && (child.type === 'if_statement' || child.type === 'try_statement'))
      for (const block of child.namedChildren)
        if (block?.type === 'block') yield* moduleStatements(block, depth + 1);
        else if (block && /^(?:else|elif|except|finally)_clause$/.test(block.type))
          for (const inner of block.namedChildren)
            if (inner?.type === 'block') yield* moduleStatements(inner, depth + 1);
  }
}

/**
 * The `if` tests a statement runs under (`settings.ENVIRONMENT == "local"`), innermost last, joined by
 * `and`; an `else` branch is the test negated. Undefined when it always runs.
 */
export function conditionOf(node: PyNode): string | undefined {
  const tests: string[] = [];
  let child: PyNode = node;
  for (let parent = node.parent, depth = 0; parent && depth < 64; parent = parent.parent, depth++) {
    if (parent.type === 'if_statement' && child.type === 'block')
      tests.unshift(compact(parent.childForFieldName('condition')));
    else if (parent.type === 'elif_clause' && child.type === 'block')
      tests.unshift(compact(parent.childForFieldName('condition')));
    else if (parent.type === 'else_clause' && parent.parent?.type === 'if_statement')
      tests.unshift(`not (${compact(parent.parent.childForFieldName('condition'))})`);
    child = parent;
  }
  return tests.length > 0 ? tests.join(' and ') : undefined;
}

function compact(node: PyNode | null): string {
  const text = (node?.text ?? '?').replace(/\s+/g, ' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * A subscripted type (`list[Item]`, `Annotated[T, Query()]`, `Optional[X]`, as an annotation or an expression):
 * its head as written and its arguments, each unwrapped from the grammar's `type` node. Undefined otherwise.
 */
export function genericOf(node: PyNode | null | undefined): { head: string; args: PyNode[] } | undefined {
  const generic = node?.type === 'type' ? node.namedChildren[0] : node;
  if (generic?.type !== 'generic_type' && generic?.type !== 'subscript') return undefined;
  const head = generic.namedChildren[0]?.text;
  if (!head) return undefined;
  const args = generic.namedChildren
    .slice(1)
    .flatMap((child) => (child?.type === 'type_parameter' ? child.namedChildren : [child]))
    .map((arg) => (arg?.type === 'type' ? arg.namedChildren[0] : arg))
    .filter((arg): arg is PyNode => arg !== null && arg !== undefined);
  return { head, args };
}

/** The expression a statement line holds (`x = …`, `app.include_router(…)`), or undefined for others. */
export function expressionOf(statement: PyNode | null | undefined): PyNode | undefined {
  return statement?.type === 'expression_statement' ? (statement.namedChildren[0] ?? undefined) : undefined;
}

/** The assignment a statement line holds (`name: T = value`, `x = …`), or undefined. */
export function assignmentIn(statement: PyNode | null | undefined): PyNode | undefined {
  const expression = expressionOf(statement);
  return expression?.type === 'assignment' ? expression : undefined;
}

/** The value of a plain string literal (`"x"`, `'x'`, `r"x"`); undefined for f-strings and concatenations. */
export function stringValue(node: PyNode | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_start') {
      if (/[fF]/.test(child.text)) return undefined;
    } else if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += child.text.slice(1);
    else if (child.type === 'interpolation') return undefined;
  }
  return value;
}

/** `a.b.c` for an identifier or attribute chain; undefined for anything else. */
export function dottedName(node: PyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute')?.text;
    return object && attribute ? `${object}.${attribute}` : undefined;
  }
  return undefined;
}

/** A call's positional arguments and keyword arguments by name. */
export function callArguments(call: PyNode): { positional: PyNode[]; keywords: Map<string, PyNode> } {
  return argumentList(call.childForFieldName('arguments'));
}

/** An argument list's positional and keyword arguments (a call's, or a class's bases and keywords). */
export function argumentList(list: PyNode | null): { positional: PyNode[]; keywords: Map<string, PyNode> } {
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  for (const argument of list?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else positional.push(argument);
  }
  return { positional, keywords };
}

/**
 * Calls whose function is `name` or `x.name` for a name `names` matches, found from the text: a
 * file has thousands of calls and only a few are wanted, and each node visited from JavaScript is a crossing
 * into WebAssembly. Words in strings and comments are not calls and fall out.
 */
export function* callsNamed(file: PyFile, names: RegExp): Generator<PyNode> {
  const pattern = new RegExp(`\\b(?:${names.source})\\s*\\(`, 'g');
  for (const match of file.text.matchAll(pattern)) {
    const name = file.root.descendantForIndex(match.index);
    if (name?.type !== 'identifier') continue;
    const parent = name.parent;
    const callee =
      parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === name.id ? parent : name;
    const call = callee.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id) yield call;
  }
}

/** Every descendant of `node` of one of `types`, in source order (bounded depth). */
export function descendants(node: PyNode, types: ReadonlySet<string>): PyNode[] {
  // Walked inside the WebAssembly runtime: visiting node by node from JavaScript costs a boundary crossing
  // per child, and made raw-SQL search as slow as parsing.
  const found = node.descendantsOfType([...types]);
  // The search includes the node itself; callers ask for what is inside it.
  return found[0]?.id === node.id ? found.slice(1) : found;
}

/**
 * Module-level statements, and those of an app factory whose body matches `marker` (`def create_app(): app =
 * FastAPI(); …; return app`, called as `app = create_app()`): apps are often built inside one.
 */
export function* appStatements(file: PyFile, marker: RegExp): Generator<PyNode> {
  for (const statement of file.statements()) {
    yield statement;
    const fn =
      statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (fn?.type !== 'function_definition' || !marker.test(fn.text)) continue;
    for (const inner of fn.childForFieldName('body')?.namedChildren ?? []) if (inner) yield inner;
  }
}

/** A module-level class: its node, its bases as dotted names, and the keywords of its class line (`table=True`). */
export interface PyClass {
  name: string;
  node: PyNode;
  bases: string[];
  keywords: Map<string, PyNode>;
}

/** The module-level classes of a file (decorated ones too), by name. */
export function classesOf(file: PyFile): Map<string, PyClass> {
  const classes = new Map<string, PyClass>();
  for (const statement of file.statements()) {
    const node =
      statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = node?.type === 'class_definition' ? node.childForFieldName('name')?.text : undefined;
    if (!node || !name) continue;
    const { positional, keywords } = argumentList(node.childForFieldName('superclasses'));
    classes.set(name, { name, node, bases: positional.flatMap((base) => dottedName(base) ?? []), keywords });
  }
  return classes;
}
