import { type Node, isFunction, propertyName, responseOf, stringLiteral, unwrap, walk } from './ast.js';
import type { RouteFact } from './facts.js';

export type HandlerFacts = Pick<
  RouteFact,
  'bodyFields' | 'bodyOpen' | 'queryFields' | 'responses' | 'bodySchemaRef' | 'querySchemaRef'
>;

/** Validation calls whose argument is the request body: `CreateUser.parse(req.body)`, Joi/Yup `validate`. */
const VALIDATE = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'validate',
  'validateSync',
  'validateAsync',
]);

/**
 * What an Express handler reads from `req.body`/`req.query` and what it sends with `res.json`. Only the
 * handler's own body is read: what a service it calls does with the data is not followed (yet).
 * `returns`: the framework sends what the handler returns (Fastify), so returned objects are responses.
 */
export function readHandler(handler: Node | undefined, options: { returns?: boolean } = {}): HandlerFacts {
  const facts: HandlerFacts = { bodyFields: [], bodyOpen: false, queryFields: [], responses: [] };
  const fn = unwrap(handler);
  if (!isFunction(fn)) return facts;
  const [reqParam, resParam] = fn.params as Node[];
  const req = reqParam?.type === 'Identifier' ? (reqParam.name as string) : undefined;
  const res = resParam?.type === 'Identifier' ? (resParam.name as string) : undefined;
  if (reqParam?.type === 'ObjectPattern') {
    // `({ body, query }, res) => …`
    for (const property of reqParam.properties as Node[]) {
      const key = property.type === 'Property' ? propertyName(property) : undefined;
      if (key === 'body') facts.bodyOpen = true;
    }
  }
  const concise = unwrap(fn.body as Node);
  // `async () => ({ ok: true })`
  if (options.returns && concise?.type === 'ObjectExpression') facts.responses.push(responseOf(200, concise));
  const body = new Set<string>();
  const query = new Set<string>();
  walk(fn.body as Node, (node, parent) => {
    // `req.body` handed on whole (to a service, an ORM create, a variable) means any field may be used.
    if (req && requestObject(node, req) === 'body') {
      const read = parent?.type === 'MemberExpression' && parent.object === node;
      const destructured = parent?.type === 'VariableDeclarator' && parent.id?.type === 'ObjectPattern';
      // `CreateInvoice.parse(req.body)`: the named schema says what the body may hold (resolved by the linker).
      const callee =
        parent?.type === 'CallExpression' && parent.arguments[0] === node ? unwrap(parent.callee) : undefined;
      const schema =
        callee?.type === 'MemberExpression' && VALIDATE.has(callee.property?.name)
          ? unwrap(callee.object)
          : undefined;
      if (schema?.type === 'Identifier') facts.bodySchemaRef = { k: 'ref', name: schema.name as string };
      else if (!read && !destructured) facts.bodyOpen = true;
    }
    // `Search.parse(req.query)`: the same for the query string.
    if (
      req &&
      requestObject(node, req) === 'query' &&
      parent?.type === 'CallExpression' &&
      parent.arguments[0] === node
    ) {
      const callee = unwrap(parent.callee);
      const schema =
        callee?.type === 'MemberExpression' && VALIDATE.has(callee.property?.name)
          ? unwrap(callee.object)
          : undefined;
      if (schema?.type === 'Identifier') facts.querySchemaRef = { k: 'ref', name: schema.name as string };
    }
    if (req && node.type === 'MemberExpression') {
      const part = requestPart(node, req);
      if (part) {
        const field = node.computed
          ? stringLiteral(node.property)
          : (node.property?.name as string | undefined);
        if (field) (part === 'body' ? body : query).add(field);
      }
    }
    if (node.type === 'VariableDeclarator' && req && node.id?.type === 'ObjectPattern') {
      const part = requestObject(unwrap(node.init), req);
      if (part) {
        for (const property of node.id.properties as Node[]) {
          if (property.type === 'RestElement') {
            if (part === 'body') facts.bodyOpen = true;
            continue;
          }
          const key = propertyName(property);
          if (key) (part === 'body' ? body : query).add(key);
        }
      }
    }
    if (res && node.type === 'CallExpression') {
      const response = readResponse(node, res);
      if (response) facts.responses.push(response);
    }
    if (options.returns && node.type === 'ReturnStatement') {
      const value = unwrap(node.argument);
      if (value?.type === 'ObjectExpression') facts.responses.push(responseOf(200, value));
    }
  });
  facts.bodyFields = [...body];
  facts.queryFields = [...query];
  return facts;
}

/** `req.body` → body, `req.query` → query. */
function requestObject(node: Node | undefined, req: string): 'body' | 'query' | undefined {
  if (node?.type !== 'MemberExpression' || node.computed) return undefined;
  const object = unwrap(node.object);
  if (object?.type !== 'Identifier' || object.name !== req) return undefined;
  const name = node.property?.name;
  return name === 'body' || name === 'query' ? name : undefined;
}

/** For `req.body.x`, the part (`body`) the member reads from. */
function requestPart(node: Node, req: string): 'body' | 'query' | undefined {
  return requestObject(unwrap(node.object), req);
}

function readResponse(call: Node, res: string): RouteFact['responses'][number] | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  if (method === 'sendStatus') {
    const status = Number(stringLiteral(call.arguments[0]) ?? unwrap(call.arguments[0])?.value);
    return Number.isInteger(status) ? { status } : undefined;
  }
  if (method !== 'json' && method !== 'send') return undefined;
  let status: number | 'default' = 200;
  const target = unwrap(callee.object);
  if (target?.type === 'CallExpression') {
    // res.status(201).json(…)
    const statusCallee = unwrap(target.callee);
    if (
      statusCallee?.type !== 'MemberExpression' ||
      (statusCallee.property?.name !== 'status' && statusCallee.property?.name !== 'code')
    )
      return undefined;
    if (unwrap(statusCallee.object)?.name !== res) return undefined;
    const code = unwrap(target.arguments[0]);
    status = code?.type === 'Literal' && typeof code.value === 'number' ? code.value : 'default';
  } else if (target?.type !== 'Identifier' || target.name !== res) return undefined;
  return responseOf(status, call.arguments[0]);
}
