/**
 * What routing frameworks share: router objects bound to names (top-level, or inside the factory function
 * that builds and returns them), chained calls on them, and the shapes middleware and handlers come in.
 */
import { type Node, middlewareName, unwrap } from './ast.js';
import type { FileFacts, RouterRef } from './facts.js';
import { DEFAULT_EXPORT, type ParsedFile } from './parsed-file.js';
import type { Value } from '../scan/value.js';

/** Router variables by scope: top-level names, and names local to a factory function. */
export class RouterScopes {
  constructor(
    private readonly framework: string,
    /** Methods that return the router itself, so calls chain (`Router().use(a).get(…)`). */
    private readonly chainable: ReadonlySet<string>,
  ) {}

  private readonly byFunction = new Map<Node | undefined, Map<string, string>>();

  private readonly byNode = new Map<Node, string>();

  declare(
    file: ParsedFile,
    call: Node,
    isApp: boolean | 'unless-mounted',
    facts: FileFacts,
    basePath?: Value,
  ): void {
    // `const api = Router().use(a).use(b)`: router methods return the router, so the name sits atop the chain.
    const top = chainTop(file, call, this.chainable);
    const parent = file.parent(top);
    const fn = file.enclosingFunction(call);
    let name: string | undefined;
    if (parent?.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') name = parent.id.name;
    else if (file.topLevel.get(DEFAULT_EXPORT) === top) name = DEFAULT_EXPORT;
    else if (parent?.type === 'ReturnStatement' || (parent && parent === fn && fn.body === top))
      name = '*returned*';
    const fnName = fn ? file.functionName(fn) : undefined;
    if (fn && !fnName) return;
    // An unnamed router (`app.use('/x', Router().get(…))`) is still one: it is reached through its node.
    const local = name ?? `*anonymous@${call.start}`;
    const id = fnName ? `${fnName}/${local}` : local;
    this.byNode.set(call, id);
    const position = file.position(call);
    facts.routers.push({
      id,
      framework: this.framework,
      isApp,
      ...position,
      ...(basePath ? { basePath } : {}),
    });
    if (!name) return;
    if (!fn) {
      facts.routerBindings[name] = id;
      return;
    }
    let scope = this.byFunction.get(fn);
    if (!scope) {
      scope = new Map();
      this.byFunction.set(fn, scope);
    }
    scope.set(name, id);
    if (fnName && (name === '*returned*' || returnsName(fn, name))) facts.factories[fnName] = id;
  }

  /**
   * A router handed to a function as its parameter (a Fastify plugin `async (fastify) => …`): the function is
   * a factory of it, registered elsewhere. Returns the router's id.
   */
  declareParameter(file: ParsedFile, fn: Node, param: string, name: string, facts: FileFacts): string {
    const id = `${name}/${param}`;
    let scope = this.byFunction.get(fn);
    if (!scope) {
      scope = new Map();
      this.byFunction.set(fn, scope);
    }
    if (scope.get(param) === id) return id;
    scope.set(param, id);
    facts.routers.push({ id, framework: this.framework, isApp: false, ...file.position(fn) });
    facts.factories[name] = id;
    return id;
  }

  /**
   * The router a receiver names, else a router handed to an enclosing function as its first parameter
   * (`function registerRoutes(app: Express)`, a Fastify plugin `async (fastify) => …`). Any first parameter
   * is such a receiver syntactically; the evidence is its type annotation or a conventional name. Unnamed
   * functions get a positional name only where the framework registers them inline (`anonymous`).
   */
  resolveOrParameter(
    file: ParsedFile,
    facts: FileFacts,
    receiver: Node,
    evidence: { types: RegExp; names: RegExp; anonymous: boolean },
  ): RouterRef | undefined {
    const known = this.resolve(file, facts, receiver);
    const node = unwrap(receiver);
    if (known || node?.type !== 'Identifier') return known;
    for (let fn = file.enclosingFunction(node); fn; fn = file.enclosingFunction(fn)) {
      const first = unwrap((fn.params as Node[])[0]);
      if (first?.type !== 'Identifier' || first.name !== node.name) continue;
      const annotation = first.typeAnnotation as Node | undefined;
      const typed = annotation
        ? evidence.types.test(file.text.slice(annotation.start, annotation.end))
        : undefined;
      if (!(typed ?? evidence.names.test(first.name))) return undefined;
      const name = file.functionName(fn) ?? (evidence.anonymous ? `*plugin@${fn.start}` : undefined);
      return name ? { local: this.declareParameter(file, fn, first.name, name, facts) } : undefined;
    }
    return undefined;
  }

  /** The router a receiver names, or a value for the linker when it is imported. */
  resolve(file: ParsedFile, facts: FileFacts, receiver: Node): RouterRef | undefined {
    const node = unwrap(receiver);
    const created = node ? this.byNode.get(node) : undefined;
    if (created) return { local: created };
    if (node?.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee?.type === 'MemberExpression' && !callee.computed && this.chainable.has(callee.property.name))
        return this.resolve(file, facts, callee.object);
      return undefined;
    }
    if (node?.type !== 'Identifier') return undefined;
    let fn = file.enclosingFunction(node);
    while (fn) {
      const id = this.byFunction.get(fn)?.get(node.name);
      if (id) return { local: id };
      fn = file.enclosingFunction(fn);
    }
    const top = facts.routerBindings[node.name];
    if (top) return { local: top };
    if (facts.imports[node.name]) return { value: { k: 'ref', name: node.name } };
    return undefined;
  }
}

export function chainTop(file: ParsedFile, call: Node, chainable: ReadonlySet<string>): Node {
  let current = call;
  for (;;) {
    const member = file.parent(current);
    if (
      member?.type !== 'MemberExpression' ||
      member.object !== current ||
      !chainable.has(member.property?.name)
    )
      return current;
    const outer = file.parent(member);
    if (outer?.type !== 'CallExpression' || outer.callee !== member) return current;
    current = outer;
  }
}

function returnsName(fn: Node, name: string): boolean {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement') return unwrap(body)?.name === name;
  return (body.body as Node[]).some(
    (statement) => statement.type === 'ReturnStatement' && unwrap(statement.argument)?.name === name,
  );
}

export function pathList(node: Node): Node[] {
  const n = unwrap(node);
  return n?.type === 'ArrayExpression'
    ? (n.elements as (Node | null)[]).filter((e): e is Node => e !== null)
    : [node];
}

/** Middleware may be passed one by one or in arrays (`[requireAuth, validate]`). */
export function middlewareNames(nodes: Node[]): string[] {
  return flatArgs(nodes).flatMap((node) => middlewareName(node) ?? []);
}

export function flatArgs(nodes: Node[]): Node[] {
  return nodes.flatMap((node) => {
    const n = unwrap(node);
    return n?.type === 'ArrayExpression'
      ? flatArgs((n.elements as (Node | null)[]).filter((e): e is Node => e !== null))
      : [node];
  });
}

export function resolveHandler(file: ParsedFile, node: Node, depth = 0): Node | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return n;
  if (n.type === 'Identifier') {
    const declared = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
    return declared && declared !== n ? resolveHandler(file, declared, depth + 1) : declared;
  }
  // `asyncHandler(async (req, res) => …)`, `catchErrors(handler)`: the wrapped function is the handler.
  if (n.type === 'CallExpression') {
    const inner = (n.arguments as Node[]).at(-1);
    return inner ? resolveHandler(file, inner, depth + 1) : undefined;
  }
  return n;
}
