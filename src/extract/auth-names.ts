/**
 * Middleware names that mean "this route needs a signed-in principal". Word-based rather than exact names
 * because every app names its guard differently (`requireAuth`, `isAuthenticated`, `protect`, `verifyJwt`).
 */
const AUTH_NAME =
  /auth|protect|jwt|(?:login|token).?required|verify.?token|require.?(?:user|session|login|role|admin|permission|scope)|(?:check|has).?(?:permission|role)|signed.?in|logged.?in|ensure.?(?:user|login)|clerk|guard|is.?admin|(?:admin|private|user|member)procedure/i;

/** Names that contain an auth word but do not guard anything. */
const NOT_A_GUARD = /^(?:optional|maybe|public|no|skip)/i;

/** Rate limiters, CSRF and CORS on auth routes (`authLimiter`) protect the endpoint, not the data. */
const NOT_AN_IDENTITY_CHECK =
  /limit|throttle|rate|csrf|cors|slow.?down|frameguard|xss|hsts|nosniff|challenges?$|^update/i;

/** `helmet.frameguard()`, `lusca.xframe()`: security-header middleware, whatever its name says. */
const HEADER_MIDDLEWARE = /^(?:helmet|lusca)\./;

/** `authRouter`, `authRoutes`, `AuthController`: the auth feature's routes, not a guard in front of others. */
const FEATURE = /(?:router|routes?|controller|module|api|handlers?)$/i;

/** `authenticationControllerPolicy.register`: validators and controllers of the auth feature, not guards. */
const FEATURE_OWNER = /(?:policy|policies|controller|validator|validation|schema|service|model|handlers?)$/i;

export function isAuthMiddleware(name: string): boolean {
  const segments = name.split('.');
  const last = segments.pop() ?? name;
  // The guard is the whole name (`passport.authenticate`, `auth.required`) unless its owner is a feature module.
  const subject = FEATURE_OWNER.test(segments.join('.')) ? last : name;
  return (
    AUTH_NAME.test(subject) &&
    !NOT_A_GUARD.test(last) &&
    !FEATURE.test(last) &&
    !NOT_AN_IDENTITY_CHECK.test(last) &&
    !HEADER_MIDDLEWARE.test(name)
  );
}

/** Login, signup, reset and token routes: credentials are their input, and a 401 means wrong ones. */
export const AUTH_FLOW =
  /\/(?:auth|login|log-?in|sign-?in|sign-?up|register|logout|reset|forgot|password|mfa|otp|2fa|verify|callback|oauth|token|refresh|session)(?:[/-]|$)/i;
