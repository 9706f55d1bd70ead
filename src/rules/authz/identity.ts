import { type Node, dottedName, memberPath, unwrap, walk } from '../../extract/ast.js';

/**
 * Whether a handler looks at who is calling: reads the signed-in principal (`req.user`, `req.session.userId`,
 * `ctx.state.user`, `res.locals.user`, `event.locals.user`, Hono `c.get('user')`), calls a session helper
 * (`getServerSession()`, `auth()`, `currentUser()`, `supabase.auth.getUser()`), checks a permission
 * (`authorize(…)`, `ability.can(…)`), or answers 401/403. Returns the first such evidence, as source text.
 *
 * The authz rules use it in the quiet direction only: a handler that does any of this made a decision about
 * the caller that a name-based reading of guards cannot judge.
 */
export function identityEvidence(fn: Node, text: string): string | undefined {
  let found: string | undefined;
  walk(fn, (node) => {
    found ??= identityAt(node, text);
  });
  return found;
}

/** The evidence `node` itself gives, if any (see identityEvidence). */
export function identityAt(node: Node, text: string): string | undefined {
  if (node.type === 'MemberExpression') {
    const path = memberPath(node);
    return path && isPrincipal(path.root, path.names) ? snippet(text, node) : undefined;
  }
  if (node.type === 'CallExpression') {
    const name = dottedName(node.callee) ?? '';
    if (SESSION_CALL.test(name) || PERMISSION_CALL.test(name.split('.').pop() ?? ''))
      return snippet(text, node);
    // Hono: `c.get('user')`, `c.get('jwtPayload')`.
    if (/^c\.(?:get|var)$/.test(name) && PRINCIPAL_KEY.test(stringArg(node) ?? ''))
      return snippet(text, node);
    if (/(?:^|\.)(?:status|sendStatus|code)$/.test(name) && deniesAccess(node)) return snippet(text, node);
    // Credentials read by hand: `c.req.header('authorization')`, `headers.get('Authorization')`, `getCookie(c, 'session')`.
    if (
      /(?:^|\.)(?:header|get|getCookie|cookie)$/.test(name) &&
      (node.arguments as Node[]).some((a) => CREDENTIAL.test(literal(a) ?? ''))
    )
      return snippet(text, node);
    // The whole request handed to a helper named for identity: `getUserFromRequest(req)`, `testCredentialsHandler(c.req.raw)`.
    const owner = name.split('.').slice(0, -1).join('.');
    const helper = IDENTITY_HELPER.test(name.split('.').pop() ?? '') || IDENTITY_OWNER.test(owner);
    if (helper && (node.arguments as Node[]).some(isRequestObject)) return snippet(text, node);
    return undefined;
  }
  if (node.type === 'Decorator') {
    const name = dottedName(unwrap(node.expression)?.callee ?? node.expression) ?? '';
    return PRINCIPAL_DECORATOR.test(name) ? `@${name}()` : undefined;
  }
  return undefined;
}

/** Request objects and what the auth layer hangs on them. */
const PRINCIPAL_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'c', 'event', 'res', 'reply', 'locals']);
const PRINCIPAL_KEY =
  /^(?:user|users?Id|auth|session|principal|currentUser|account|jwtPayload|token|claims|identity|isAuthenticated|member|viewer|me)$/i;

const CREDENTIAL = /authori[sz]ation|api[-_]?key|token|session|jwt/i;
/** `security.authenticatedUsers.from(req)`: a lookup on something named for identity. */
const IDENTITY_OWNER = /auth|session|token|credential|identity|principal/i;
const IDENTITY_HELPER =
  /auth|session|token|credential|user|verify|guard|permission|access|identity|principal|api.?key|signed/i;

/** `req`, `request`, `event`, `c.req`, `c.req.raw`, `ctx.request`: the request itself, not one part of it. */
function isRequestObject(node: Node): boolean {
  const path = memberPath(node);
  if (!path) return false;
  if (path.names.length === 0) return /^(?:req|request|event)$/.test(path.root);
  return PRINCIPAL_ROOTS.has(path.root) && /^(?:req|request|raw)$/.test(path.names.at(-1) ?? '');
}

function literal(node: Node): string | undefined {
  const n = unwrap(node);
  return n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
}

function isPrincipal(root: string, names: readonly string[]): boolean {
  if (root === 'session' && names[0] === 'user') return true;
  if (!PRINCIPAL_ROOTS.has(root)) return false;
  // A handler reading the credentials itself: `req.headers.authorization`, `req.cookies.token`.
  if ((names[0] === 'headers' || names[0] === 'cookies') && CREDENTIAL.test(names[1] ?? '')) return true;
  // `req.user`, `ctx.state.user`, `res.locals.user`, `event.locals.user`, `c.var.user`.
  const rest = names[0] === 'state' || names[0] === 'locals' || names[0] === 'var' ? names.slice(1) : names;
  return rest.length > 0 && PRINCIPAL_KEY.test(rest[0] as string);
}

const SESSION_CALL =
  /^(?:getServerSession|auth|currentUser|getAuth|getSession|getServerAuthSession|getToken|getCurrentUser|requireUser|requireAuth|requireSession|requireUserSession|getUserSession|validateRequest|getIronSession|verifyIdToken|verifySession|verifyToken|getKindeServerSession|withAuth)$|\.auth\.(?:getUser|getSession|getClaims)$|\.(?:verifyIdToken|verifySessionCookie)$|^(?:jwt|jsonwebtoken|jose)\.(?:verify|jwtVerify|decode)$|^jwtVerify$/;

/** Permission checks by name: `authorize`, `checkOwnership`, `ability.can`, `canEdit`, `assertAccess`. */
const PERMISSION_CALL =
  /^(?:authori[sz]e\w*|check(?:Ownership|Owner|Access|Permissions?|Policy)|assert\w*(?:Access|Owner|Permission)\w*|is(?:Owner|Author|Member|Admin)\w*|owns\w*|can(?:[A-Z]\w*)?|cannot|enforce\w*|has(?:Permission|Role|Access)\w*)$/;

const PRINCIPAL_DECORATOR =
  /^(?:CurrentUser|User|AuthUser|GetUser|ReqUser|Session|Auth|UserId|CurrentUserId)$/;

function deniesAccess(call: Node): boolean {
  const first = unwrap((call.arguments as Node[])[0]);
  return first?.type === 'Literal' && (first.value === 401 || first.value === 403);
}

function stringArg(call: Node): string | undefined {
  const first = unwrap((call.arguments as Node[])[0]);
  return first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

function snippet(text: string, node: Node): string {
  const s = text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Fields of a principal that identify or entitle it: comparing or filtering by one is an ownership check. */
const PRINCIPAL_FIELD =
  /^(?:id|_id|uid|sub|userId|user_id|email|role|roles|isAdmin|admin|permissions|orgId|organizationId|tenantId|teamId|accountId|workspaceId)$/;
/** Names on the way to a principal: `req.user.id`, `session.user.id`, `ctx.state.user.id`, `claims.sub`. */
const PRINCIPAL_WORD =
  /^(?:user|session|auth|principal|currentUser|claims|token|payload|decoded|me|viewer|jwtPayload|identity|member)$/;
/** Locals that hold the caller's id (`const { userId } = await auth()`, `const ownerId = req.user.id`). */
const OWNER_NAME =
  /^(?:userId|user_id|uid|ownerId|currentUserId|sessionUserId|authorId|tenantId|orgId|organizationId|accountId|teamId|workspaceId|viewerId)$/;

/**
 * Whether a handler uses who is calling to decide about a record — more than authenticating: it reads the
 * principal's id or role (`req.user.id`, `session.user.id`, a `userId` from `auth()`), hands the principal
 * to something (`authorize(req.user, order)`, `where: { owner: req.user }`), checks a permission, or
 * answers 403. `if (!session) return 401` alone is authentication, not ownership. Returns the evidence.
 */
export function ownerEvidence(fn: Node, text: string): string | undefined {
  let found: string | undefined;
  walk(fn, (node, parent) => {
    if (found) return;
    if (node.type === 'MemberExpression') {
      const path = memberPath(node);
      if (!path) return;
      const last = path.names.at(-1) ?? '';
      const before = [path.root, ...path.names.slice(0, -1)];
      if (PRINCIPAL_FIELD.test(last) && before.some((name) => PRINCIPAL_WORD.test(name)))
        found = snippet(text, node);
      else if (path.names.length === 1 && isPrincipal(path.root, path.names) && path.names[0] !== 'headers')
        found = principalHandedOn(node, parent) ? snippet(text, node) : undefined;
    } else if (node.type === 'Identifier' && OWNER_NAME.test(node.name)) found = node.name;
    else if (node.type === 'CallExpression') {
      const name = dottedName(node.callee) ?? '';
      if (PERMISSION_CALL.test(name.split('.').pop() ?? '')) found = snippet(text, node);
      else if (/(?:^|\.)(?:status|sendStatus|code)$/.test(name) && forbids(node)) found = snippet(text, node);
    } else if (node.type === 'NewExpression' && /Forbidden/.test(dottedName(node.callee) ?? ''))
      found = snippet(text, node);
  });
  return found;
}

/** `req.user` given to a call or put in an object (`authorize(req.user, doc)`, `{ owner: req.user }`). */
function principalHandedOn(node: Node, parent: Node | undefined): boolean {
  if (parent?.type === 'CallExpression') return (parent.arguments as Node[]).includes(node);
  return parent?.type === 'Property' && parent.value === node;
}

function forbids(call: Node): boolean {
  const first = unwrap((call.arguments as Node[])[0]);
  return first?.type === 'Literal' && first.value === 403;
}
