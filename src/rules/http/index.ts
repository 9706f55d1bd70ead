import type { RuleFamily } from '../family.js';
import { INSECURE_COOKIE, insecureCookies } from './cookies.js';
import { CORS_PERMISSIVE, corsFindings, corsNotes } from './cors.js';
import { expensiveHandlers } from './expensive-handlers.js';
import { limiterEvidence } from './limiter-evidence.js';
import { NO_RATE_LIMIT, noRateLimitFindings } from './no-rate-limit.js';
import { OPEN_REDIRECT, openRedirects } from './open-redirect.js';
import { NO_SECURITY_HEADERS, securityHeaderFindings, serverApps } from './security-headers.js';

/**
 * The `http.*` rules (DESIGN §5): what the HTTP layer lets through. Cookie flags and redirects are judged
 * per file; CORS, rate limits and security headers need the whole repo (which API a CORS setting serves,
 * whether anything limits rates or sets headers), so their AST passes leave notes for the repo pass.
 */
export const HTTP: RuleFamily = {
  rules: [CORS_PERMISSIVE, NO_RATE_LIMIT, NO_SECURITY_HEADERS, INSECURE_COOKIE, OPEN_REDIRECT],
  extractors: [corsNotes, limiterEvidence, expensiveHandlers, serverApps, insecureCookies, openRedirects],
  repo: (context) => [
    ...corsFindings(context),
    ...noRateLimitFindings(context),
    ...securityHeaderFindings(context),
  ],
};
