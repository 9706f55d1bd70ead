/**
 * Names that hold credentials, by their words: `password`, `accessToken`, `clientSecret`, `x-api-key`,
 * `STRIPE_SECRET_KEY` — and not the names that only mention one (`tokenCount`, `maxTokens`, `isSecret`).
 */

/** The last word of a name, or its last two, that make it a credential. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'cookie',
  'authorization',
]);
const SECRET_PAIRS = new Set(['apikey', 'privatekey', 'secretkey', 'accesskey', 'authheader', 'cardnumber']);
/** `isSecret`, `hasToken`: a flag about a secret, not the secret. */
const FLAG_WORDS = new Set([
  'is',
  'has',
  'should',
  'can',
  'show',
  'with',
  'needs',
  'requires',
  'no',
  'valid',
]);

/** `password`, `accessToken`, `STRIPE_SECRET`, `x-api-key`, `clientSecret` — not `tokenCount` or `maxTokens`. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const last = words[words.length - 1];
  if (!last || FLAG_WORDS.has(words[0] as string) || words.includes('public')) return false;
  return SECRET_WORDS.has(last) || SECRET_PAIRS.has(words.slice(-2).join(''));
}

/**
 * `JWT_SECRET`, `STRIPE_SECRET_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`, and connection strings, which hold a
 * password (`DATABASE_URL`, `MONGO_URI`) — not `TOKEN_EXPIRY`: the secret word ends the name.
 */
const SECRET_ENV =
  /(?:^|_)(?:SECRET|PASSWORD|PASSWD|PASS|TOKEN|API_?KEY|PRIVATE_?KEY|SECRET_?KEY|ACCESS_?KEY|SERVICE_ROLE(?:_KEY)?)$|(?:DATABASE|DB|MONGO(?:DB)?|POSTGRES(?:QL)?|PG|MYSQL|REDIS)_UR[LI]$/;

export function isSecretEnv(name: string): boolean {
  return SECRET_ENV.test(name) && !/PUBLIC|ANON|PUBLISHABLE/.test(name);
}
