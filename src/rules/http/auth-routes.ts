import type { Endpoint } from '../../scan/scan-result.js';

/**
 * Routes that take credentials or one-time codes: the ones attackers call in a loop. Read from the path,
 * segment by segment with `-`/`_` dropped (`/forgot-password`, `/resetPassword`, `/auth/sign_in`).
 */
const CREDENTIAL_SEGMENT = new Set([
  'login',
  'logon',
  'signin',
  'signup',
  'register',
  'registration',
  'forgot',
  'forgotpassword',
  'resetpassword',
  'passwordreset',
  'otp',
  'sendotp',
  'verifyotp',
  'resendotp',
  '2fa',
  'mfa',
  'twofactor',
  'magiclink',
  'refreshtoken',
  'tokenrefresh',
  'authenticate',
]);
/** Words that mean a credential route only next to an auth word (`/auth/reset`, `/password/verify`, not `/game/reset`). */
const CONTEXTUAL_SEGMENT = new Set([
  'reset',
  'verify',
  'verifycode',
  'refresh',
  'token',
  'password',
  'changepassword',
  'code',
]);
const AUTH_CONTEXT = new Set([
  'auth',
  'oauth',
  'account',
  'accounts',
  'user',
  'users',
  'password',
  'session',
  'identity',
  'me',
  'token',
]);
const SUBMITS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

export function isAuthRoute(endpoint: Endpoint): boolean {
  if (!SUBMITS.has(endpoint.method)) return false;
  const segments = endpoint.path
    .split('/')
    .filter((s) => s && !s.startsWith('{') && !s.startsWith(':'))
    .map((s) => s.replace(/[-_.]/g, '').toLowerCase());
  if (segments.some((s) => CREDENTIAL_SEGMENT.has(s))) return true;
  return segments.some((s) => CONTEXTUAL_SEGMENT.has(s)) && segments.some((s) => AUTH_CONTEXT.has(s));
}
