import { basename } from 'node:path';
import { isTestFile } from '../../scan/test-files.js';
import { type FindingFact, type RuleMeta, positionAt, redact } from '../rule.js';
import { hashOf } from './provider-keys.js';

export const HIGH_ENTROPY: RuleMeta = {
  id: 'secrets.high-entropy',
  severity: 'warning',
  title: 'A random-looking literal is assigned to a secret-named variable',
  fix: 'If it is a real credential, rotate it (it is in git history) and read it from the environment or a secret manager; if it is a placeholder, make that obvious (`changeme`, an env reference) or move it to an example file.',
};

/** Keywords one of which a file must contain before the assignment regex runs (no lower-cased copy made). */
const KEYWORDS = /secret|token|passw|pwd|key|credential|auth/i;
/**
 * `name = 'value'`, `name: "value"`, `"name": "value"`: a quoted value of 16–200 characters with no
 * whitespace or quote inside, found from its quote, then a name of at most 60 characters and the operator
 * just before it. Searching from quotes, not from every identifier, keeps the regex off most of the text
 * (it was the costliest text rule); every part is bounded, so matching is linear.
 */
const QUOTED_VALUE = /["'`]([^"'`\s\\]{16,200})["'`]/g;
const NAME_BEFORE = /([A-Za-z_$][\w.$-]{0,60})["']?[ \t]{0,4}(?::|=|:=|=>)[ \t]{0,4}$/;
// Longest name (61) + quote + spaces and operator (10): how far back the name can start.
const NAME_REACH = 72;
/** The name says the value is a credential. */
const SECRET_NAME =
  /(?:secret|token|passw(?:or)?d|pwd|api_?key|apikey|access_?key|auth_?key|private_?key|signing_?key|encryption_?key|credential|client_?secret|webhook_?secret|salt)$/i;
/** …unless it names something about the credential rather than the credential itself. */
const NOT_A_VALUE =
  /(?:url|uri|path|file|name|type|field|label|placeholder|endpoint|header|prefix|length|pattern|regex|message|error|hint|route|column|table|event|storage|cookie|param|query|env|var|format|expir\w*|ttl|algorithm|alg|mode|version|id)[_-]?(?:secret|token|passw(?:or)?d|pwd|key)?$/i;
/** Values that say they are not real: templates, placeholders, references. */
const PLACEHOLDER =
  /\$\{|\{\{|<[A-Za-z_-]+>|x{3,}|X{3,}|\*{3,}|\.{3}|changeme|change[_-]?me|replace|your[_-]|example|sample|placeholder|dummy|fake|test|demo|default|redacted|secret[_-]?key|password|process\.env|import\.meta|^env\(|^%|^\$|^https?:\/\/[^@]*$|^[./~]|\.(?:js|ts|json|pem|key|crt|html|png|svg)$/i;
/** Paths whose literals are illustrations or throwaway data. */
const SKIPPED_PATH =
  /(?:^|\/)(?:docs?|examples?|samples?|fixtures?|mocks?|__mocks__|seeds?|stories|storybook|locales?|i18n|translations?)\/|\.(?:md|mdx|txt|rst|adoc|lock|snap|svg|map|min\.js)$|(?:^|\/)\.env\.(?:example|sample|template)$/i;

/** Keys meant for browsers: Firebase/Maps config, publishable and anon keys, search-only keys. */
const PUBLIC_BY_DESIGN = /public|publishable|anon|search|site_?key|client_?id/i;

function isPublicValue(value: string): boolean {
  if (/^(?:AIza|pk_(?:live|test)_|sb_publishable_)/.test(value)) return true;
  // A JWT is public when its role claim says so (Supabase anon keys ship in every frontend).
  if (!value.startsWith('eyJ')) return false;
  try {
    const claims = JSON.parse(Buffer.from(value.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      role?: unknown;
    };
    return claims.role === 'anon';
  } catch {
    return false;
  }
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Random enough to be generated rather than typed: high entropy, and at least two character classes
 * (a hex digest has digits and letters; a word in camelCase has only letters and reads as prose).
 */
function looksRandom(value: string): boolean {
  // A value written mostly in another script (`パスワードは8文字以上…`) is a translated message, however rare
  // its letters; one `§` or `ñ` in a typed password (juice-shop's seed users, a session secret) is not.
  const foreign = [...value].filter((char) => char > '\x7e').length;
  if (foreign > value.length * 0.3) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((c) => c.test(value)).length;
  if (classes < 2 || !/\d/.test(value)) return false;
  const threshold = /^[0-9a-f]+$/i.test(value) ? 3.0 : 3.6;
  return entropy(value) >= threshold;
}

/**
 * Literals that look generated, assigned to names that say credential (`JWT_SECRET = 'f3a9…'`,
 * `"apiKey": "AIza…"`). Provider formats are `secrets.provider-key`'s; this catches the rest, with the
 * name and the randomness both required, so config keys, storage names and words stay quiet.
 */
export function highEntropyFindings(path: string, text: string): FindingFact[] {
  if (SKIPPED_PATH.test(path) || isTestFile(path) || /\.example$|\.sample$/i.test(basename(path))) return [];
  if (!KEYWORDS.test(text)) return [];
  const found: FindingFact[] = [];
  for (const match of text.matchAll(QUOTED_VALUE)) {
    const quote = match.index ?? 0;
    const from = Math.max(0, quote - NAME_REACH);
    const named = NAME_BEFORE.exec(text.slice(from, quote));
    if (!named) continue;
    const name = (named[1] as string).replace(/^.*\./, '');
    const value = match[1] as string;
    if (!SECRET_NAME.test(name) || NOT_A_VALUE.test(name)) continue;
    if (PLACEHOLDER.test(value) || PUBLIC_BY_DESIGN.test(name) || isPublicValue(value) || !looksRandom(value))
      continue;
    found.push({
      rule: HIGH_ENTROPY.id,
      ...positionAt(text, from + named.index),
      message: `${name} is assigned a random-looking literal (${redact(value)}) that reads as a real credential.`,
      subject: name,
      key: hashOf(`${name}\u0000${value}`),
    });
  }
  return found;
}
