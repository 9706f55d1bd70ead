import {
  type Node,
  dottedName,
  objectProperty,
  propertyName,
  stringLiteral,
  unwrap,
  walk,
  isFunction,
  responseOf,
} from './ast.js';
import type { RouteFact } from './facts.js';

export type WebHandlerFacts = Pick<
  RouteFact,
  'bodyFields' | 'bodyOpen' | 'queryFields' | 'responses' | 'sessionCheck'
>;

/**
 * Identity checks inside handlers, by the name of what is called: NextAuth/Auth.js, Clerk, Supabase,
 * Lucia, iron-session, Firebase, and the common hand-written helpers.
 */
const SESSION_CALL =
  /^(?:getServerSession|auth|currentUser|getAuth|getSession|getToken|requireUser|requireAuth|requireSession|requireUserSession|getUserSession|validateRequest|getIronSession|verifyIdToken|verifySession|.*\.auth\.getUser|.*\.auth\.getSession)$/;

const RESPONSE_JSON = new Set(['NextResponse.json', 'Response.json', 'json']);

/**
 * What a Web-standard handler (`(request: Request) => Response`, as in Next.js route handlers, SvelteKit
 * and Remix) reads and returns: `await request.json()` fields, `searchParams.get()` names, `Response.json`
 * / `NextResponse.json` payload keys and statuses, and identity checks with or without a 401.
 */
export function readWebHandler(handler: Node | undefined): WebHandlerFacts {
  const facts: WebHandlerFacts = { bodyFields: [], bodyOpen: false, queryFields: [], responses: [] };
  const fn = unwrap(handler);
  if (!isFunction(fn)) return facts;
  const body = new Set<string>();
  const query = new Set<string>();
  const bodyVariables = new Set<string>();
  // Hono hands handlers a context: `c.req.json()`, `c.req.query('q')`, `c.json(data, 201)`.
  const first = unwrap((fn.params as Node[])[0]);
  const context = first?.type === 'Identifier' ? (first.name as string) : undefined;
  let session: string | undefined;
  let rejects = false;
  let denies = false;
  walk(fn.body as Node, (node) => {
    if (node.type === 'VariableDeclarator') {
      const init = unwrap(node.init);
      const awaited = init?.type === 'AwaitExpression' ? unwrap(init.argument) : init;
      if (isJsonBody(awaited)) {
        if (node.id?.type === 'ObjectPattern') {
          for (const property of node.id.properties as Node[]) {
            const key = property.type === 'Property' ? propertyName(property) : undefined;
            if (key) body.add(key);
            else facts.bodyOpen = true;
          }
        } else if (node.id?.type === 'Identifier') bodyVariables.add(node.id.name);
      }
    }
    // `let body; body = await request.json()`
    if (node.type === 'AssignmentExpression' && node.left?.type === 'Identifier') {
      const right = unwrap(node.right);
      if (isJsonBody(right?.type === 'AwaitExpression' ? unwrap(right.argument) : right))
        bodyVariables.add(node.left.name);
    }
    // `const { token, password } = body`
    if (node.type === 'VariableDeclarator' && node.id?.type === 'ObjectPattern') {
      const source = unwrap(node.init);
      if (source?.type === 'Identifier' && bodyVariables.has(source.name))
        for (const property of node.id.properties as Node[]) {
          const key = property.type === 'Property' ? propertyName(property) : undefined;
          if (key) body.add(key);
        }
    }
    if (node.type === 'MemberExpression' && !node.computed) {
      const object = unwrap(node.object);
      if (object?.type === 'Identifier' && bodyVariables.has(object.name)) body.add(node.property.name);
    }
    if (node.type === 'CallExpression') {
      const name = dottedName(node.callee);
      if (context && name === `${context}.json`) {
        const status = unwrap(node.arguments[1]);
        const code = status?.type === 'Literal' && typeof status.value === 'number' ? status.value : 200;
        facts.responses.push(responseOf(code, node.arguments[0]));
        if (code === 401 || code === 403) rejects = denies = true;
      }
      if (context && (name === `${context}.req.query` || name === `${context}.req.queries`)) {
        const key = stringLiteral(node.arguments[0]);
        if (key) query.add(key);
      }
      if (name?.endsWith('searchParams.get') || name?.endsWith('searchParams.getAll')) {
        const key = stringLiteral(node.arguments[0]);
        if (key) query.add(key);
      }
      if (name && SESSION_CALL.test(name)) {
        session ??= name;
        // `requireUserSession(event)` and friends throw 401 themselves.
        if (/^require/.test(name)) rejects = true;
      }
      const response = readResponse(node, name);
      if (response) {
        facts.responses.push(response);
        if (response.status === 401 || response.status === 403) rejects = denies = true;
      }
    }
    if (node.type === 'NewExpression') {
      const name = dottedName(node.callee);
      if (name === 'Response' || name === 'NextResponse') {
        const status = statusOf(node.arguments[1]);
        facts.responses.push({ status });
        if (status === 401 || status === 403) rejects = denies = true;
      }
    }
    // SvelteKit/Nuxt: `error(401, …)`, `createError({ statusCode: 401 })`.
    if (node.type === 'CallExpression' && /^(?:error|createError)$/.test(dottedName(node.callee) ?? '')) {
      const first = unwrap(node.arguments[0]);
      const code =
        first?.type === 'Literal' ? first.value : unwrap(objectProperty(first, 'statusCode'))?.value;
      if (code === 401 || code === 403) rejects = denies = true;
    }
    // A project's own error helper given the status positionally: `sendErrorResponse(event, 'Denied', 403)`.
    if (
      node.type === 'CallExpression' &&
      ERROR_HELPER.test(dottedName(node.callee) ?? '') &&
      (node.arguments as Node[]).some((arg) => {
        const literal = unwrap(arg);
        return literal?.type === 'Literal' && (literal.value === 401 || literal.value === 403);
      })
    )
      rejects = denies = true;
    // `redirect('/login')` or `notFound()` after a session check also turns the anonymous away.
    if (
      node.type === 'CallExpression' &&
      /^(?:redirect|unauthorized|forbidden)$/.test(dottedName(node.callee) ?? '')
    )
      rejects = true;
  });
  // A body read into a variable and then handed on whole (to a validator, an ORM) is open.
  if (bodyVariables.size > 0 && body.size === 0) facts.bodyOpen = true;
  facts.bodyFields = [...body];
  facts.queryFields = [...query];
  if (session) facts.sessionCheck = { call: session, rejects };
  // A 401/403 answer means some identity check ran, even in a helper (`if (!(await canEdit(id))) return 403`).
  else if (denies) facts.sessionCheck = { call: 'responds 401/403', rejects: true };
  return facts;
}

const ERROR_HELPER = /error|unauthori[sz]ed|forbid|den(?:y|ied)|reject|respon|status/i;

/** `request.json()`, `req.json()`, `c.req.json()`. */
function isJsonBody(node: Node | undefined): boolean {
  if (node?.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return (
    callee?.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.name === 'json' &&
    node.arguments.length === 0
  );
}

function readResponse(call: Node, name: string | undefined): RouteFact['responses'][number] | undefined {
  if (!name || !RESPONSE_JSON.has(name)) return undefined;
  return responseOf(statusOf(call.arguments[1]), call.arguments[0]);
}

function statusOf(init: Node | undefined): number | 'default' {
  const status = unwrap(objectProperty(init, 'status'));
  if (!init) return 200;
  if (!status) return 200;
  return status.type === 'Literal' && typeof status.value === 'number' ? status.value : 'default';
}
