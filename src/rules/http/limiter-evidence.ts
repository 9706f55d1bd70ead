import { type Node, dottedName, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { isTestFile } from '../../scan/test-files.js';
import { handlerOf } from '../handlers/handler-notes.js';
import { addNote } from './notes.js';

/**
 * Signs that an app limits how fast it can be called, in server code: a limiter package imported, a
 * limiter built or named (`rateLimit(…)`, `authLimiter`, `ThrottlerGuard`, `@Throttle()`), or a lockout after
 * failed logins (`loginAttempts`, `lockUntil`). Any one of them quiets http.no-rate-limit for the whole
 * repo: we cannot always tell which routes a limiter covers, and a false alarm costs more than a miss.
 */
export const LIMITER_WORD =
  /rate[-_ ]?limit|throttler|slow[-_]?down|brute|limiter|lockout|lock[-_]?until|(?:login|failed|signin)[-_]?attempts|arcjet/i;
/** Nest's `@Throttle()` decorator; lodash's `throttle` (a UI helper) is lower-case and does not count. */
const NEST_THROTTLE = /^(?:Throttle|SkipThrottle)$/;
/** Browser code: a client-side throttle limits nothing on the server. */
const BROWSER_FILE =
  /\.(?:[jt]sx|vue|svelte)$|(?:^|\/)(?:client|frontend|web|components|hooks|public|static)\//;

/**
 * Auth providers' server APIs that carry their own limits: a login route that only forwards to one of them
 * is the provider's to protect (Supabase Auth, Clerk, better-auth, Firebase Auth).
 */
const MANAGED_AUTH_CALL =
  /\.auth\.(?:signIn\w*|signUp|verifyOtp|resetPasswordForEmail|exchangeCodeForSession|refreshSession)$|^clerkClient\.|\.api\.(?:signIn\w*|signUp\w*|forgetPassword|resetPassword|verifyEmail)$|^(?:signInWithEmailAndPassword|createUserWithEmailAndPassword|sendPasswordResetEmail)$/;

export const limiterEvidence: Extractor = {
  name: 'http-limiter-evidence',
  detect: () => true,
  prefilter: (text) =>
    LIMITER_WORD.test(text) || /Throttle|\.auth\.|clerkClient|\.api\.sign|AndPassword/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    if (!BROWSER_FILE.test(file.path)) {
      const evidence = limiterIn(file.program);
      if (evidence)
        addNote(file, facts, 'rate-limiter', evidence.node, {
          message: evidence.name,
          subject: evidence.name,
          key: 'limiter',
        });
    }
    for (const call of file.calls) {
      const name = dottedName(unwrap(call.callee));
      if (!name || !MANAGED_AUTH_CALL.test(name)) continue;
      const handler = handlerOf(file, call);
      if (handler)
        addNote(file, facts, 'managed-auth', call, {
          message: name,
          subject: name,
          key: name,
          handler: handler.anchor,
        });
    }
  },
};

/**
 * The first limiter named in the file: an identifier, or a module it imports. Other strings do not count:
 * an app that handles its LLM provider's `rate_limit_exceeded` limits nothing itself.
 */
function limiterIn(program: Node): { node: Node; name: string } | undefined {
  let found: { node: Node; name: string } | undefined;
  walk(program, (node, parent) => {
    if (found) return;
    let name: string | undefined;
    if (node.type === 'Identifier') name = node.name as string;
    else if (node.type === 'Literal' && typeof node.value === 'string' && isModuleSpecifier(node, parent))
      name = node.value;
    if (!name || UPSTREAM.test(name)) return;
    if (LIMITER_WORD.test(name) || (node.type === 'Identifier' && NEST_THROTTLE.test(name)))
      found = { node, name };
  });
  return found;
}

/** Names about someone else's limit: `RateLimitError`, `isRateLimited(response)`, `retryAfter`. */
const UPSTREAM = /error|exceeded|exception|status|retry|hit/i;

function isModuleSpecifier(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'ImportDeclaration' || parent.type === 'ImportExpression')
    return parent.source === node;
  if (parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportAllDeclaration')
    return parent.source === node;
  return parent.type === 'CallExpression' && unwrap(parent.callee)?.name === 'require';
}
