/**
 * Session and auth cookies that scripts can read or that travel over plain HTTP — the cookie flags of
 * express-session, cookie-session, koa-session, iron-session and @fastify/session, and cookies set by hand
 * (Express `res.cookie`, Fastify `reply.setCookie`, Hono `setCookie`, Next.js `cookies().set`, Koa
 * `ctx.cookies.set`). https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#security
 */
import {
  type Node,
  dottedName,
  objectProperty,
  propertyName,
  stringLiteral,
  unwrap,
  walk,
} from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { objectLiteral } from '../../extract/request-options.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { inDevOnlyBranch } from './conditions.js';
import { shown } from './shown.js';

export const INSECURE_COOKIE: RuleMeta = {
  id: 'http.insecure-cookie',
  severity: 'warning',
  title: 'A session or auth cookie is readable by scripts or sent over plain HTTP',
  fix: "Give session and token cookies `httpOnly: true`, `secure: true` in production (`secure: process.env.NODE_ENV === 'production'`) and `sameSite: 'lax'`; `sameSite: 'none'` needs `secure: true`.",
};

/** Cookie names that carry who the user is; CSRF tokens are read by scripts on purpose. */
const AUTH_COOKIE = /token|jwt|sess|(?:^|[^a-z])sid|auth|refresh|remember|credential|login/i;
const NOT_AUTH_COOKIE = /csrf|xsrf/i;
/** Keys beside `cookie:` that make an options object a session store's configuration. */
const SESSION_KEYS = new Set([
  'secret',
  'resave',
  'saveUninitialized',
  'store',
  'cookieName',
  'password',
  'genid',
  'rolling',
  'keys',
  'salt',
  'sessionName',
]);
/** Session middleware whose cookie flags sit at the top of its options. */
const FLAT_SESSION_MODULES = new Set(['cookie-session', 'koa-session']);
/** Receivers of Express `res.cookie` and Fastify `reply.setCookie`. */
const RESPONSE = /^(?:res|response|resp|reply|ctx|c)$/;

interface CookieSite {
  at: Node;
  what: string;
  options: Node | undefined;
  /** The framework leaves `httpOnly` off unless asked (Express, Fastify, Hono, Next.js). */
  openByDefault: boolean;
}

export const insecureCookies: Extractor = {
  name: 'http-insecure-cookie',
  detect: () => true,
  prefilter: (text) => /cookie|httpOnly|sameSite/i.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    // `sess.cookie.secure = true` in production (the express-session docs' pattern) makes a literal `false` a default.
    const securedLater = /\.secure\s*=[^=]/.test(file.text);
    for (const site of [...sessionConfigs(file), ...cookieCalls(file)]) {
      if (inDevOnlyBranch(file, site.at)) continue;
      const problems = problemsOf(file, site, securedLater);
      if (problems.length > 0) report(file, facts, site, problems);
    }
  },
};

function report(file: ParsedFile, facts: FileFacts, site: CookieSite, problems: Problem[]): void {
  addFinding(file, facts, INSECURE_COOKIE, site.at, {
    message: `${site.what} ${problems.map((p) => p.text).join('; ')}.`,
    subject: site.what,
    key: `${site.what}:${problems.map((p) => p.code).join(',')}`,
  });
}

interface Problem {
  code: string;
  text: string;
}

function problemsOf(file: ParsedFile, site: CookieSite, securedLater: boolean): Problem[] {
  const options = site.options ? objectLiteral(file, site.options) : undefined;
  // Options we cannot read (imported, computed) are not judged.
  if (site.options && !options) return [];
  const spread =
    (options?.properties as Node[] | undefined)?.some((p) => p.type === 'SpreadElement') ?? false;
  const flag = (name: string) => unwrap(objectProperty(options, name));
  const httpOnly = flag('httpOnly');
  const secure = flag('secure');
  const sameSite = flag('sameSite');
  const problems: Problem[] = [];
  if (isLiteral(httpOnly, false))
    problems.push({
      code: 'httpOnly',
      text: 'has httpOnly: false: scripts on the page, and any XSS, can read it',
    });
  else if (!httpOnly && site.openByDefault && !spread)
    problems.push({
      code: 'httpOnly',
      text: 'is set without httpOnly: scripts on the page, and any XSS, can read it',
    });
  if (isLiteral(secure, false) && !securedLater)
    problems.push({ code: 'secure', text: 'has secure: false: browsers send it over plain HTTP too' });
  const none = stringLiteral(sameSite)?.toLowerCase() === 'none';
  if (none && (!secure || isLiteral(secure, false)) && !spread)
    problems.push({
      code: 'sameSite',
      text: "has sameSite: 'none' without secure: true, which browsers reject",
    });
  return problems;
}

function isLiteral(node: Node | undefined, value: boolean): boolean {
  return node?.type === 'Literal' && node.value === value;
}

/**
 * Session stores' cookie settings: `{ secret, resave, cookie: { … } }` (express-session, @fastify/session),
 * `{ cookieName, password, cookieOptions: { … } }` (iron-session), and the flat options of cookie-session
 * and koa-session.
 */
function sessionConfigs(file: ParsedFile): CookieSite[] {
  const out: CookieSite[] = [];
  walk(file.program, (node) => {
    if (node.type !== 'ObjectExpression') return;
    const keys = (node.properties as Node[]).map((p) =>
      p.type === 'Property' ? propertyName(p) : undefined,
    );
    if (!keys.some((k) => k !== undefined && SESSION_KEYS.has(k))) return;
    for (const name of ['cookie', 'cookieOptions']) {
      const cookie = objectProperty(node, name);
      if (cookie && unwrap(cookie)?.type !== 'Literal')
        out.push({ at: cookie, what: 'The session cookie', options: cookie, openByDefault: false });
    }
  });
  const flat = new Set<string>();
  for (const module of FLAT_SESSION_MODULES)
    for (const local of file.importedFrom(module, ['default', '*'])) flat.add(local);
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'Identifier' || !flat.has(callee.name)) continue;
    const options = (call.arguments as Node[]).find((arg) => objectLiteral(file, arg));
    if (options)
      out.push({ at: call, what: `The session cookie of ${callee.name}()`, options, openByDefault: false });
  }
  return out;
}

/** Cookies set by hand whose name (or value) says they carry a session or a token. */
function cookieCalls(file: ParsedFile): CookieSite[] {
  const out: CookieSite[] = [];
  const honoSetters = file.importedFrom('hono/cookie', ['setCookie', 'setSignedCookie']);
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    const args = call.arguments as Node[];
    if (callee?.type === 'Identifier' && honoSetters.has(callee.name)) {
      const signed = file.facts.imports[callee.name]?.name === 'setSignedCookie';
      push(out, file, call, args[1], args[2], args[signed ? 4 : 3], true);
      continue;
    }
    if (callee?.type !== 'MemberExpression' || callee.computed) continue;
    const method = callee.property.name as string;
    const receiver = unwrap(callee.object);
    if (method === 'cookie' || method === 'setCookie') {
      const root = dottedName(receiver)?.split('.')[0] ?? '';
      if (RESPONSE.test(root) && args.length >= 2) push(out, file, call, args[0], args[1], args[2], true);
    } else if (method === 'set' && isCookieJar(receiver)) {
      const object = args.length === 1 ? objectLiteral(file, args[0]) : undefined;
      const openByDefault = nextCookies(file, receiver);
      if (object)
        push(
          out,
          file,
          call,
          objectProperty(object, 'name'),
          objectProperty(object, 'value'),
          object,
          openByDefault,
        );
      else push(out, file, call, args[0], args[1], args[2], openByDefault);
    }
  }
  return out;
}

function push(
  out: CookieSite[],
  file: ParsedFile,
  call: Node,
  name: Node | undefined,
  value: Node | undefined,
  options: Node | undefined,
  openByDefault: boolean,
): void {
  if (holdsData(file, value)) return;
  const literal = stringLiteral(name) ?? valueText(file, name);
  // An unnamed cookie is judged by what it holds: `res.cookie(name, token)`.
  const judged = literal ?? lastName(value);
  if (!judged || !AUTH_COOKIE.test(judged) || NOT_AUTH_COOKIE.test(judged)) return;
  const callee = dottedName(unwrap(call.callee)) ?? shown(file, call.callee);
  const what = literal ? `${callee}('${literal}', …)` : `${callee}(…, ${shown(file, value as Node)})`;
  out.push({ at: call, what, options, openByDefault });
}

/**
 * A cookie whose value is a constant (`'1'`, `true`) or serialised data (`JSON.stringify({ … })`) holds a
 * flag or a UI hint for page scripts, not a credential, whatever its name.
 */
function holdsData(file: ParsedFile, value: Node | undefined, depth = 0): boolean {
  const n = unwrap(value);
  if (!n || depth > 4) return false;
  if (n.type === 'Literal' || n.type === 'ObjectExpression' || n.type === 'ArrayExpression') return true;
  if (n.type === 'TemplateLiteral') return n.expressions.length === 0;
  if (n.type === 'Identifier') {
    const init = file.localInit(n.name, n);
    return !!init && holdsData(file, init, depth + 1);
  }
  if (n.type === 'CallExpression') {
    const callee = dottedName(unwrap(n.callee));
    if (callee === 'JSON.stringify') return true;
    if (callee === 'encodeURIComponent' || callee === 'String')
      return holdsData(file, n.arguments[0], depth + 1);
  }
  return false;
}

function valueText(file: ParsedFile, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type !== 'Identifier' && n?.type !== 'MemberExpression') return undefined;
  const value = file.valueOf(n);
  return value.k === 'str' ? value.v : undefined;
}

function lastName(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') return n.name;
  if (n?.type === 'MemberExpression' && !n.computed) return n.property.name;
  return undefined;
}

/** `cookies()`, `(await cookies())`, `cookieStore`, `response.cookies`, `ctx.cookies`, SvelteKit's `cookies`. */
function isCookieJar(receiver: Node | undefined): boolean {
  const n = unwrap(receiver);
  if (!n) return false;
  if (n.type === 'AwaitExpression') return isCookieJar(n.argument);
  if (n.type === 'CallExpression') return unwrap(n.callee)?.name === 'cookies';
  if (n.type === 'Identifier') return /^cookies$|^cookieStore$/.test(n.name);
  return n.type === 'MemberExpression' && !n.computed && n.property.name === 'cookies';
}

/**
 * Next.js cookie jars (`cookies()` from next/headers, `NextResponse#cookies`) leave httpOnly off by default;
 * Koa's `ctx.cookies` and SvelteKit's `cookies` turn it on, so only an explicit `false` counts there.
 */
function nextCookies(file: ParsedFile, receiver: Node | undefined): boolean {
  if (
    file.importedFrom('next/headers', ['cookies']).size === 0 &&
    !/from\s+['"]next\/server['"]/.test(file.text)
  )
    return false;
  const n = unwrap(receiver);
  if (n?.type === 'MemberExpression')
    return unwrap(n.object)?.type !== 'Identifier' || unwrap(n.object)?.name !== 'ctx';
  return true;
}
