import type { FileFacts } from './facts.js';
import { emptyFacts } from './facts.js';
import { LineIndex, type Node, propertyName, stringLiteral, unwrap, walkWithParents } from './ast.js';
import type { Value } from '../scan/value.js';
import { dyn, str } from '../scan/value.js';

/** How deep a chain of local constants is followed before a value is called dynamic. */
const MAX_EVAL_DEPTH = 12;

/**
 * One parsed source file as extractors see it: the syntax tree, every call expression in source order, the
 * file's imports and top-level bindings, and an evaluator from expressions to symbolic values.
 */
export class ParsedFile {
  readonly calls: Node[] = [];
  /** `new X(…)` expressions in source order (`new Hono()`). */
  readonly news: Node[] = [];
  /** `x.$get` member expressions in source order: Hono RPC clients name the HTTP method this way. */
  readonly dollarMembers: Node[] = [];
  /** Tagged templates in source order (`sql\`SELECT …\``): SQL written in code. */
  readonly taggedTemplates: Node[] = [];
  /** `<form>` / `<Form>` JSX elements in source order: HTML form posts are requests too. */
  readonly forms: Node[] = [];
  readonly facts: FileFacts = emptyFacts(true);
  /** Top-level declarations: name → initialiser (or the declaration itself for functions and classes). */
  readonly topLevel = new Map<string, Node>();
  private readonly parents: Map<Node, Node>;
  private readonly lines: LineIndex;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly program: Node,
    lineOffset = 0,
  ) {
    this.lines = new LineIndex(text, lineOffset);
    this.parents = walkWithParents(program, (node) => {
      if (node.type === 'CallExpression') this.calls.push(node);
      else if (node.type === 'NewExpression') this.news.push(node);
      else if (node.type === 'MemberExpression' && !node.computed && node.property.name?.startsWith('$'))
        this.dollarMembers.push(node);
      else if (node.type === 'TaggedTemplateExpression') this.taggedTemplates.push(node);
      else if (node.type === 'JSXElement' && /^[fF]orm$/.test(node.openingElement?.name?.name ?? ''))
        this.forms.push(node);
    });
    // A depth-first walk pops outer calls first; extractors want source order for middleware ordering.
    this.calls.sort((a, b) => a.start - b.start);
    this.news.sort((a, b) => a.start - b.start);
    this.collectModule();
  }

  position(node: Node): { line: number; column: number } {
    return this.lines.position(node.start);
  }

  parent(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  /**
   * The call chained onto `node` — `node.method(args)` — looking through casts and parentheses
   * (`(supabase.from('t') as any).insert(…)`), or undefined when nothing is chained.
   */
  private chainedCall(node: Node): { method: string; call: Node } | undefined {
    let inner = node;
    let parent = this.parents.get(inner);
    while (parent && WRAPPERS.has(parent.type) && parent.expression === inner) {
      inner = parent;
      parent = this.parents.get(inner);
    }
    if (parent?.type !== 'MemberExpression' || parent.object !== inner || parent.computed) return undefined;
    const call = this.parents.get(parent);
    if (call?.type !== 'CallExpression' || call.callee !== parent) return undefined;
    return { method: parent.property.name as string, call };
  }
  /** Every call chained after `node`, in order: `.select(…).eq(…).order(…)` after `supabase.from('t')`. */
  callsChainedAfter(node: Node): { method: string; args: Node[]; call: Node }[] {
    const steps: { method: string; args: Node[]; call: Node }[] = [];
    let current = node;
    // Bounded: a chain longer than this is generated code, not a query.
    for (let guard = 0; guard < 64; guard++) {
      const next = this.chainedCall(current);
      if (!next) break;
      steps.push({ ...next, args: next.call.arguments as Node[] });
      current = next.call;
    }
    return steps;
  }

  /** The nearest enclosing function declaration/expression, if any. */
  enclosingFunction(node: Node): Node | undefined {
    let current = this.parents.get(node);
    while (current) {
      if (
        current.type === 'FunctionDeclaration' ||
        current.type === 'FunctionExpression' ||
        current.type === 'ArrowFunctionExpression'
      )
        return current;
      current = this.parents.get(current);
    }
    return undefined;
  }

  /** The initialiser of the nearest `const`/`let` named `name` visible from `from`, inside functions only. */
  localInit(name: string, from: Node): Node | undefined {
    let current = this.parents.get(from);
    while (current && current.type !== 'Program') {
      const body: Node[] | undefined =
        current.type === 'BlockStatement' || current.type === 'StaticBlock' ? current.body : undefined;
      if (body) {
        for (const statement of body) {
          if (statement.start > from.start) break;
          if (statement.type !== 'VariableDeclaration') continue;
          for (const declarator of statement.declarations as Node[]) {
            if (declarator.id?.type === 'Identifier' && declarator.id.name === name)
              return declarator.init ?? undefined;
          }
        }
      }
      current = this.parents.get(current);
    }
    return undefined;
  }

  /**
   * Where a destructured local came from: seen from a use of `id`, `const { id } = req.params` gives the
   * initialiser and the pattern property that binds `id` (`{ id }`, `{ key: id }`, `{ id = 1 }`, `...id`).
   * The nearest declaration wins, inside functions only, as for `localInit`.
   */
  destructuredInit(name: string, from: Node): { init: Node | undefined; property: Node } | undefined {
    let current = this.parents.get(from);
    while (current && current.type !== 'Program') {
      const body: Node[] | undefined =
        current.type === 'BlockStatement' || current.type === 'StaticBlock' ? current.body : undefined;
      for (const statement of body ?? []) {
        if (statement.start > from.start) break;
        if (statement.type !== 'VariableDeclaration') continue;
        for (const declarator of statement.declarations as Node[]) {
          if (declarator.id?.type !== 'ObjectPattern') continue;
          const property = (declarator.id.properties as Node[]).find((p) => boundName(p) === name);
          if (property) return { init: declarator.init ?? undefined, property };
        }
      }
      current = this.parents.get(current);
    }
    return undefined;
  }

  /**
   * The nearest enclosing function that has a name callers can use — a declaration, a top-level const, a
   * default or CommonJS export, or a method of a top-level object (`api.get`) — with its parameter names.
   */
  namedFunction(from: Node): { name: string; params: string[]; node: Node } | undefined {
    let fn = this.enclosingFunction(from);
    while (fn) {
      const name = this.functionName(fn);
      if (name) return { name, params: (fn.params as Node[]).map((p) => paramNames(p)[0] ?? ''), node: fn };
      fn = this.enclosingFunction(fn);
    }
    return undefined;
  }

  functionName(fn: Node): string | undefined {
    if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
    const parent = this.parents.get(fn);
    if (parent?.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'ExportDefaultDeclaration') return DEFAULT_EXPORT;
    // `export const api = { get: (path) => … }`: callers write `api.get(…)`.
    if (parent?.type === 'Property' && !parent.computed) {
      const object = this.parents.get(parent);
      const holder = object ? this.parents.get(object) : undefined;
      const key = propertyName(parent);
      if (key && holder?.type === 'VariableDeclarator' && holder.id?.type === 'Identifier')
        return `${holder.id.name}.${key}`;
    }
    // A class method is reached as `this.name(…)` inside the class: `ApiClient.request`.
    if (parent?.type === 'MethodDefinition' && !parent.computed && parent.key?.type === 'Identifier') {
      const owner = this.className(parent);
      return owner ? `${owner}.${parent.key.name}` : undefined;
    }
    if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.method))
      return undefined;
    // `export default fp(async (fastify) => …)`, `const plugin = fp(…)`: named by what the wrapper is bound to.
    if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn)) {
      const holder = this.parents.get(parent);
      if (holder?.type === 'VariableDeclarator' && holder.id?.type === 'Identifier') return holder.id.name;
      if (this.topLevel.get(DEFAULT_EXPORT) === parent) return DEFAULT_EXPORT;
    }
    // `module.exports = function () {…}`, `exports.make = () => {…}`: top-level under an export name.
    for (const [name, node] of this.topLevel) if (node === fn) return name;
    return undefined;
  }

  /**
   * The module-level name a created object is bound to — `const api = create(…)` or `export default
   * create(…)` — which is how other files import it. Undefined inside functions.
   */
  bindingName(created: Node): string | undefined {
    const parent = this.parents.get(created);
    if (
      parent?.type === 'VariableDeclarator' &&
      parent.id?.type === 'Identifier' &&
      !this.enclosingFunction(created)
    )
      return parent.id.name;
    return this.topLevel.get(DEFAULT_EXPORT) === created ? DEFAULT_EXPORT : undefined;
  }

  /** Local names bound to `module`'s exports among `names` (`default`, `*`, or a named export). */
  importedFrom(module: string | ((from: string) => boolean), names: readonly string[]): Set<string> {
    const matches = typeof module === 'string' ? (from: string) => from === module : module;
    return new Set(
      Object.entries(this.facts.imports)
        .filter(([, binding]) => matches(binding.from) && names.includes(binding.name))
        .map(([local]) => local),
    );
  }

  /** The name of the class enclosing `from`, if it has one. */
  className(from: Node): string | undefined {
    let current = this.parents.get(from);
    while (current && current.type !== 'ClassDeclaration' && current.type !== 'ClassExpression')
      current = this.parents.get(current);
    return current?.id?.name ?? undefined;
  }

  /** `this.client` inside class `ApiClient` → `ApiClient.client`: how class members are named in facts. */
  memberName(node: Node): string | undefined {
    const n = unwrap(node);
    if (n?.type !== 'MemberExpression' || n.computed || unwrap(n.object)?.type !== 'ThisExpression')
      return undefined;
    const owner = this.className(n);
    return owner ? `${owner}.${n.property.name}` : undefined;
  }

  /** The initialiser of field `name` of the class enclosing `from`. */
  classField(from: Node, name: string): Node | undefined {
    let current = this.parents.get(from);
    while (current && current.type !== 'ClassBody') current = this.parents.get(current);
    const members = (current?.body ?? []) as Node[];
    for (const member of members) {
      if (
        member.type === 'PropertyDefinition' &&
        !member.computed &&
        member.key?.name === name &&
        member.value
      )
        return member.value as Node;
    }
    const ctor = members.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor')?.value;
    return ctor ? constructorField(ctor as Node, name) : undefined;
  }

  isFunctionParam(name: string, from: Node): boolean {
    let fn = this.enclosingFunction(from);
    while (fn) {
      for (const param of (fn.params ?? []) as Node[]) {
        if (paramNames(param).includes(name)) return true;
      }
      fn = this.enclosingFunction(fn);
    }
    return false;
  }

  /** The symbolic value of a string-ish expression. Unknown runtime values become `dyn` holes. */
  valueOf(node: Node | null | undefined, depth = 0): Value {
    const n = unwrap(node);
    if (!n || depth > MAX_EVAL_DEPTH) return dyn();
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'string') return str(n.value);
        if (typeof n.value === 'number' || typeof n.value === 'boolean') return str(String(n.value));
        return dyn();
      case 'TemplateLiteral': {
        const parts: Value[] = [];
        n.quasis.forEach((quasi: Node, i: number) => {
          parts.push(str(quasi.value.cooked ?? quasi.value.raw));
          const expression = n.expressions[i];
          if (expression) parts.push(this.valueOf(expression, depth + 1));
        });
        return { k: 'concat', parts };
      }
      case 'BinaryExpression':
        if (n.operator !== '+') return dyn();
        return { k: 'concat', parts: [this.valueOf(n.left, depth + 1), this.valueOf(n.right, depth + 1)] };
      case 'LogicalExpression': {
        // `process.env.API_URL || 'http://localhost:4000/api'`: the literal fallback shows the path shape.
        if (n.operator === '&&') return dyn();
        const right = this.valueOf(n.right, depth + 1);
        return right.k === 'str' || right.k === 'concat' ? right : this.valueOf(n.left, depth + 1);
      }
      case 'Identifier':
        return this.identifierValue(n, depth);
      case 'MemberExpression':
        return this.memberValue(n, depth);
      case 'CallExpression':
        return this.callValue(n, depth);
      case 'ObjectExpression': {
        const props: Record<string, Value> = {};
        for (const property of n.properties as Node[]) {
          if (property.type !== 'Property') continue;
          const key = propertyName(property);
          if (key !== undefined) props[key] = this.valueOf(property.value, depth + 1);
        }
        return { k: 'obj', props };
      }
      default:
        return dyn();
    }
  }

  private identifierValue(n: Node, depth: number): Value {
    const name: string = n.name;
    const local = this.localInit(name, n);
    if (local) return this.valueOf(local, depth + 1);
    if (this.isFunctionParam(name, n)) return { k: 'dyn', hint: name, param: name };
    if (this.facts.imports[name] || this.topLevel.has(name)) return { k: 'ref', name };
    return dyn(name);
  }

  private memberValue(n: Node, depth: number): Value {
    const object = unwrap(n.object);
    const prop = n.computed ? stringLiteral(n.property) : (n.property?.name as string | undefined);
    if (prop === undefined) return dyn();
    // `this.baseUrl` in a class: the field's initialiser (`private baseUrl = environment.apiUrl + '/users'`).
    if (object?.type === 'ThisExpression') {
      const field = this.classField(n, prop);
      return field ? this.valueOf(field, depth + 1) : dyn(prop);
    }
    // process.env.X and import.meta.env.X are deploy-time configuration, not code.
    if (object?.type === 'MemberExpression' && !object.computed && object.property?.name === 'env') {
      const root = unwrap(object.object);
      if (
        (root?.type === 'Identifier' && root.name === 'process') ||
        (root?.type === 'MetaProperty' && root.meta?.name === 'import')
      )
        return { k: 'env', name: prop };
    }
    // `require('./tags').router` reads the CommonJS export named `router`.
    const required = object ? requireSource(object) : undefined;
    if (required !== undefined) return { k: 'import', from: required, name: prop };
    const base = this.valueOf(object, depth + 1);
    if (base.k === 'ref' || base.k === 'import' || base.k === 'member')
      return { k: 'member', of: base, prop };
    if (base.k === 'obj') return base.props[prop] ?? dyn(prop);
    return dyn(prop);
  }

  private callValue(n: Node, depth: number): Value {
    const callee = unwrap(n.callee);
    const source = requireSource(n);
    if (source !== undefined) return { k: 'import', from: source, name: 'default' };
    if (callee?.type === 'Identifier') {
      if (callee.name === 'String' || callee.name === 'encodeURIComponent' || callee.name === 'encodeURI') {
        const inner = this.valueOf(n.arguments[0], depth + 1);
        // `String(import.meta.env.VITE_API_URL)` is still the env var.
        const kept =
          inner.k === 'dyn' || inner.k === 'str' || (inner.k === 'env' && callee.name === 'String');
        return kept ? inner : dyn(hintOf(n.arguments[0]));
      }
      if (this.topLevel.has(callee.name) || this.facts.imports[callee.name])
        return { k: 'call', callee: { k: 'ref', name: callee.name } };
    }
    if (callee?.type === 'MemberExpression' && !callee.computed) {
      const method = callee.property.name;
      // `x.toString()`, `id.trim()`: the value of `x`.
      if (method === 'toString' || method === 'trim') return this.valueOf(callee.object, depth + 1);
    }
    return dyn(hintOf(n.arguments?.[0]));
  }

  private collectModule(): void {
    const { facts } = this;
    for (const statement of this.program.body as Node[]) {
      this.collectStatement(statement, facts);
    }
    for (const [name, init] of this.topLevel) {
      if (init.type === 'FunctionDeclaration' || init.type === 'ClassDeclaration') continue;
      const value = this.valueOf(init);
      if (value.k !== 'dyn' && value.k !== 'import' && value.k !== 'call') facts.bindings[name] = value;
    }
  }

  private collectStatement(statement: Node, facts: FileFacts): void {
    switch (statement.type) {
      case 'ImportDeclaration': {
        if (statement.importKind === 'type') return;
        const from: string = statement.source.value;
        for (const specifier of statement.specifiers as Node[]) {
          if (specifier.importKind === 'type') continue;
          const local: string = specifier.local.name;
          if (specifier.type === 'ImportDefaultSpecifier') facts.imports[local] = { from, name: 'default' };
          else if (specifier.type === 'ImportNamespaceSpecifier') facts.imports[local] = { from, name: '*' };
          else facts.imports[local] = { from, name: propertyKeyName(specifier.imported) };
        }
        return;
      }
      case 'VariableDeclaration':
        for (const declarator of statement.declarations as Node[]) this.collectDeclarator(declarator, facts);
        return;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (statement.id) this.topLevel.set(statement.id.name, statement);
        return;
      case 'ExportNamedDeclaration':
        this.collectNamedExport(statement, facts);
        return;
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration as Node;
        if (declaration.type === 'Identifier') facts.exports.default = { local: declaration.name };
        else if (
          (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
          declaration.id
        ) {
          this.topLevel.set(declaration.id.name, declaration);
          facts.exports.default = { local: declaration.id.name };
        } else {
          this.topLevel.set(DEFAULT_EXPORT, declaration);
          facts.exports.default = { local: DEFAULT_EXPORT };
        }
        return;
      }
      case 'ExportAllDeclaration':
        if (statement.exportKind === 'type') return;
        if (statement.exported)
          facts.exports[propertyKeyName(statement.exported)] = { from: statement.source.value, name: '*' };
        else facts.reexportAll.push(statement.source.value);
        return;
      case 'ExpressionStatement':
        this.collectCommonJsExport(statement.expression as Node, facts);
        return;
    }
  }

  private collectDeclarator(declarator: Node, facts: FileFacts): void {
    const id = declarator.id as Node;
    const init = unwrap(declarator.init);
    const source = init ? requireSource(init) : undefined;
    if (id.type === 'Identifier') {
      if (source !== undefined) facts.imports[id.name] = { from: source, name: 'default' };
      else if (init) this.topLevel.set(id.name, init);
      return;
    }
    if (id.type === 'ObjectPattern' && source !== undefined) {
      for (const property of id.properties as Node[]) {
        const key = property.type === 'Property' ? propertyName(property) : undefined;
        const value = property.value as Node | undefined;
        if (key && value?.type === 'Identifier') facts.imports[value.name] = { from: source, name: key };
      }
    }
  }

  private collectNamedExport(statement: Node, facts: FileFacts): void {
    if (statement.exportKind === 'type') return;
    const declaration = statement.declaration as Node | null;
    if (declaration) {
      this.collectStatement(declaration, facts);
      for (const name of declaredNames(declaration)) facts.exports[name] = { local: name };
      return;
    }
    const from: string | undefined = statement.source?.value;
    for (const specifier of statement.specifiers as Node[]) {
      if (specifier.exportKind === 'type') continue;
      const exported = propertyKeyName(specifier.exported);
      const local = propertyKeyName(specifier.local);
      facts.exports[exported] = from === undefined ? { local } : { from, name: local };
    }
  }

  /** `module.exports = x`, `module.exports = { a, b }`, `exports.a = x`. */
  private collectCommonJsExport(expression: Node, facts: FileFacts): void {
    if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return;
    const target = unwrap(expression.left);
    const value = unwrap(expression.right);
    if (!target || !value || target.type !== 'MemberExpression' || target.computed) return;
    const object = unwrap(target.object);
    const isModuleExports =
      object?.type === 'Identifier' && object.name === 'module' && target.property.name === 'exports';
    if (isModuleExports) {
      if (value.type === 'Identifier') facts.exports.default = { local: value.name };
      else if (value.type === 'ObjectExpression') {
        // `module.exports = { a, b: fn, c(req, res) {…} }`: named exports, and the object as the default.
        this.topLevel.set(DEFAULT_EXPORT, value);
        facts.exports.default = { local: DEFAULT_EXPORT };
        for (const property of value.properties as Node[]) {
          const key = property.type === 'Property' ? propertyName(property) : undefined;
          const local = unwrap(property.value);
          if (!key || !local) continue;
          if (local.type === 'Identifier') facts.exports[key] = { local: local.name };
          else {
            this.topLevel.set(`${DEFAULT_EXPORT}.${key}`, local);
            facts.exports[key] = { local: `${DEFAULT_EXPORT}.${key}` };
          }
        }
      } else {
        this.topLevel.set(DEFAULT_EXPORT, value);
        facts.exports.default = { local: DEFAULT_EXPORT };
      }
      return;
    }
    const isNamedExport =
      (object?.type === 'Identifier' && object.name === 'exports') ||
      (object?.type === 'MemberExpression' &&
        unwrap(object.object)?.name === 'module' &&
        object.property?.name === 'exports');
    if (isNamedExport && value.type === 'Identifier')
      facts.exports[target.property.name] = { local: value.name };
    else if (isNamedExport) {
      const name = `${DEFAULT_EXPORT}.${target.property.name}`;
      this.topLevel.set(name, value);
      facts.exports[target.property.name] = { local: name };
    }
  }
}

/** The local name given to an anonymous `export default <expression>`. */
/**
 * What a constructor puts in `this.name`: `this.baseURL = baseURL` with `baseURL = API_BASE_URL` as the
 * parameter's default (callers that pass nothing get it), or a parameter property with a default
 * (`constructor(private baseURL = API_BASE_URL)`). A parameter without a default is the caller's: unknown.
 */
function constructorField(ctor: Node, name: string): Node | undefined {
  const defaultOf = (param: string): Node | undefined => {
    for (const p of ctor.params as Node[]) {
      const own = p.type === 'TSParameterProperty' ? p.parameter : p;
      if (own?.type === 'AssignmentPattern' && own.left?.name === param) return own.right as Node;
    }
    return undefined;
  };
  for (const p of ctor.params as Node[])
    if (
      p.type === 'TSParameterProperty' &&
      p.parameter?.type === 'AssignmentPattern' &&
      p.parameter.left?.name === name
    )
      return p.parameter.right as Node;
  for (const statement of (ctor.body?.body ?? []) as Node[]) {
    const assignment = statement.type === 'ExpressionStatement' ? unwrap(statement.expression) : undefined;
    if (assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=') continue;
    const target = unwrap(assignment.left);
    if (target?.type !== 'MemberExpression' || target.computed || target.property?.name !== name) continue;
    if (unwrap(target.object)?.type !== 'ThisExpression') continue;
    const value = unwrap(assignment.right);
    if (
      value?.type === 'Identifier' &&
      (ctor.params as Node[]).some((p) => paramNames(p).includes(value.name))
    )
      return defaultOf(value.name);
    return value;
  }
  return undefined;
}

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'ChainExpression',
]);

export const DEFAULT_EXPORT = '*default*';

/** `require('x')` → `x`. */
export function requireSource(node: Node): string | undefined {
  const n = unwrap(node);
  if (n?.type !== 'CallExpression') return undefined;
  const callee = unwrap(n.callee);
  if (callee?.type !== 'Identifier' || callee.name !== 'require' || n.arguments.length !== 1)
    return undefined;
  return stringLiteral(n.arguments[0]);
}

function propertyKeyName(node: Node): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

function declaredNames(declaration: Node): string[] {
  if (declaration.type === 'VariableDeclaration')
    return (declaration.declarations as Node[]).flatMap((d) =>
      d.id?.type === 'Identifier' ? [d.id.name] : [],
    );
  return declaration.id?.name ? [declaration.id.name] : [];
}

/** The local an object-pattern property binds: `id` for `{ id }`, `{ key: id }`, `{ id = 1 }` and `...id`. */
function boundName(property: Node): string | undefined {
  const target = unwrap(property.type === 'RestElement' ? property.argument : property.value);
  return (target?.type === 'AssignmentPattern' ? unwrap(target.left) : target)?.name;
}

function paramNames(param: Node): string[] {
  switch (param.type) {
    case 'Identifier':
      return [param.name];
    case 'AssignmentPattern':
      return paramNames(param.left);
    case 'RestElement':
      return paramNames(param.argument);
    case 'TSParameterProperty':
      return paramNames(param.parameter);
    case 'ObjectPattern':
      return (param.properties as Node[]).flatMap((p) => paramNames(p.type === 'Property' ? p.value : p));
    case 'ArrayPattern':
      return (param.elements as (Node | null)[]).flatMap((e) => (e ? paramNames(e) : []));
    default:
      return [];
  }
}

/** A readable name for a runtime value that fills a path segment: `order.id` → `id`. */
export function hintOf(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' && !n.computed) return n.property.name;
  if (n.type === 'CallExpression') return hintOf(n.arguments?.[0]);
  return undefined;
}
