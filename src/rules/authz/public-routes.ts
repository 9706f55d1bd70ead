import { AUTH_FLOW } from '../../extract/auth-names.js';

/**
 * Routes that are public by design: how a visitor becomes a user (login, signup, reset, OAuth callbacks —
 * the scanner's AUTH_FLOW), how other systems reach the app (webhooks authenticate by signature, not by
 * session; health and metrics probes), and the anonymous forms every site has (contact, newsletter,
 * waitlist, feedback, analytics beacons, CSP reports). GraphQL has one endpoint; its resolvers decide.
 */
const PUBLIC_ANYWHERE =
  /\/(?:web-?hooks?|hooks|health(?:z|check)?|ready(?:z)?|live(?:z|ness)?|csp-?reports?|report-?uri|graphql|csrf(?:-?token)?|captcha|newsletter|unsubscribe|waitlist|magic-?link|verify-?email|email-?verification|accept-?invite|resend(?:-[\w-]+)?)(?:[/.-]|$)/i;

/** Words that are a public form or probe when they end the path (`POST /contact`, `POST /posts/{id}/views`). */
const PUBLIC_ENDING =
  /\/(?:contacts?(?:-?us)?|feedbacks?|track(?:ing)?|analytics|telemetry|beacon|collect|views?|view-?count|subscribe|confirm|activate|unlock)\/?$/i;

/** Probes of the service itself (`GET /status`), not of a record (`PATCH /orders/{id}/status`). */
const PROBE = /^[^{]*\/(?:ping|status|version|metrics)\/?$/i;

/** `POST /users`: creating an account is signing up (RealWorld, most REST tutorials). */
const SIGNUP_COLLECTION = /\/(?:users|accounts|customers|members|people)\/?$/i;

/**
 * A path parameter that is itself the credential: `/reset/{token}`, `/share/{hash}`, `/apply/{continueCode}`.
 * Whoever holds the link may use it — a capability URL, public by design.
 */
const CAPABILITY_PARAM = /\{\w*(?:token|code|hash|secret|signature|sig|nonce|otp|invite\w*|key)\}/i;

export function isPublicByDesign(path: string, method: string): boolean {
  if (method === 'POST' && SIGNUP_COLLECTION.test(path)) return true;
  if (CAPABILITY_PARAM.test(path)) return true;
  return AUTH_FLOW.test(path) || PUBLIC_ANYWHERE.test(path) || PUBLIC_ENDING.test(path) || PROBE.test(path);
}

/** Handlers named for signing up, whatever their path (`router.post('/', registerUser)`). */
/**
 * Registered only in a local or debug setup (`if settings.ENVIRONMENT == "local":`, `if settings.DEBUG:`): the
 * template's private user-creation route, debug toolbars. Not served in production, so not reported there.
 */
export function isDevOnly(condition: string | undefined): boolean {
  if (!condition || /\bnot\b|!=/.test(condition)) return false;
  return /==\s*["'](?:local|dev|development|test|testing)["']|^\s*(?:\w+\.)*DEBUG\s*$/i.test(condition);
}

export const SIGNUP_HANDLER = /regist|sign.?up|create.?account|subscribe|contact/i;

/** Reads that return someone's data by their nature: the caller's account, orders, payments, messages… */
const USER_DATA =
  /\/(?:me|my|self|account|accounts|settings|preferences|admin|orders|invoices|payments|billing|transactions|wallets?|balances?|statements|messages|conversations|inbox|notifications|addresses|cards|payment-?methods|subscriptions|api-?keys|tokens|sessions|audit-?logs?)(?:\/|$)/i;

/** `GET /users` lists every user; `/users/{id}` may be a public profile and is left alone. */
const USER_LIST = /\/users\/?$/i;

export function returnsUserData(path: string): boolean {
  return USER_DATA.test(path) || USER_LIST.test(path);
}

/** `/api/orders/{id}/items` → `/api/orders`: the resource a route acts on, before its first parameter. */
export function resourceOf(path: string): string {
  const cut = path.search(/\/\{/);
  const base = cut < 0 ? path : path.slice(0, cut);
  return base.replace(/\/+$/, '') || '/';
}

export function hasPathParam(path: string): boolean {
  return /\{[^}]+\}/.test(path);
}

export function isAdminPath(path: string): boolean {
  return /\/(?:admin|internal|manage(?:ment)?|dashboard\/admin)(?:\/|$)/i.test(path);
}
