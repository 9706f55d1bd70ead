import { createHash } from 'node:crypto';
import { type FindingFact, type RuleMeta, positionAt, redact } from '../rule.js';

export const PROVIDER_KEY: RuleMeta = {
  id: 'secrets.provider-key',
  severity: 'error',
  title: 'A live credential of a known provider is committed',
  fix: 'Revoke the key at the provider now (it is in git history), load it from the environment or a secret manager, and keep .env files out of git.',
};

export const PRIVATE_KEY: RuleMeta = {
  id: 'secrets.private-key',
  severity: 'error',
  title: 'A private key is committed',
  fix: 'Replace the key pair (it is in git history), and load the private key from a secret store or a mounted file outside the repo.',
};

interface Pattern {
  provider: string;
  /** Plain substrings, at least one of which the text must contain before the regex runs. */
  keywords: string[];
  regex: RegExp;
  /** Extra proof a match must carry (a JWT's role claim). */
  accept?: (match: string) => boolean;
}

/**
 * Formats providers document for their live secrets. Each regex is anchored on a literal prefix with
 * bounded classes (linear time) and runs only when a keyword is in the text. Test-mode and publishable keys
 * are not secrets and are not listed.
 */
const PATTERNS: Pattern[] = [
  { provider: 'AWS access key', keywords: ['AKIA', 'ASIA'], regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    provider: 'GitHub token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    regex: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
  },
  { provider: 'GitHub token', keywords: ['github_pat_'], regex: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g },
  {
    provider: 'Stripe live secret key',
    keywords: ['_live_'],
    regex: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,247}\b/g,
  },
  {
    provider: 'OpenAI API key',
    keywords: ['T3BlbkFJ'],
    regex: /\bsk-[A-Za-z0-9_-]{0,60}T3BlbkFJ[A-Za-z0-9_-]{20,100}\b/g,
  },
  {
    provider: 'OpenAI API key',
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    regex: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}\b/g,
  },
  {
    provider: 'Anthropic API key',
    keywords: ['sk-ant-'],
    regex: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}\b/g,
  },
  { provider: 'Slack token', keywords: ['xox'], regex: /\bxox[abposr]-[0-9]{6,}-[A-Za-z0-9-]{10,200}\b/g },
  {
    provider: 'Slack webhook',
    keywords: ['hooks.slack.com'],
    regex: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,30}/g,
  },
  { provider: 'SendGrid API key', keywords: ['SG.'], regex: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  {
    provider: 'Supabase secret key',
    keywords: ['sb_secret_'],
    regex: /\bsb_secret_[A-Za-z0-9_-]{20,100}\b/g,
  },
  {
    provider: 'Supabase service-role key',
    keywords: ['eyJ'],
    regex: /\beyJ[A-Za-z0-9_-]{10,500}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,500}\b/g,
    accept: (jwt) => jwtRole(jwt) === 'service_role',
  },
];

const PLACEHOLDER =
  /x{4,}|X{4,}|EXAMPLE|example|0{8,}|1234567890|abcdef(?:ghij)?|your[_-]?(?:key|token|secret)/;
const PRIVATE_KEY_HEADER =
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g;

/**
 * Every keyword in one alternation: one pass over a file that holds none (nearly all of them) costs about
 * half of twenty `includes` scans.
 */
const ANY_KEYWORD = new RegExp(
  [...PATTERNS.flatMap((pattern) => pattern.keywords), 'PRIVATE KEY']
    .map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

export function providerKeyFindings(text: string): FindingFact[] {
  if (!ANY_KEYWORD.test(text)) return [];
  const found: FindingFact[] = [];
  for (const pattern of PATTERNS) {
    if (!pattern.keywords.some((k) => text.includes(k))) continue;
    for (const match of text.matchAll(pattern.regex)) {
      const value = match[0];
      if (PLACEHOLDER.test(value) || (pattern.accept && !pattern.accept(value))) continue;
      const at = positionAt(text, match.index ?? 0);
      found.push({
        rule: PROVIDER_KEY.id,
        ...at,
        message: `A ${pattern.provider} (${redact(value)}) is committed in this file.`,
        subject: `${pattern.provider} ${redact(value)}`,
        key: hashOf(value),
      });
    }
  }
  if (text.includes('PRIVATE KEY'))
    for (const match of text.matchAll(PRIVATE_KEY_HEADER)) {
      const body = text.slice(
        (match.index ?? 0) + match[0].length,
        (match.index ?? 0) + match[0].length + 400,
      );
      // A header with a real body (base64 lines), not a placeholder in docs or a parser's own constant.
      if (!/^\s*(?:[A-Za-z0-9+/=]{40,}\s*){2}/.test(body.replace(/^(?:[A-Za-z-]+: .*\n)+\n?/, ''))) continue;
      const at = positionAt(text, match.index ?? 0);
      found.push({
        rule: PRIVATE_KEY.id,
        ...at,
        message: `A private key (${match[0].replace(/-/g, '').trim()}) is committed in this file.`,
        subject: match[0],
        key: hashOf(body.slice(0, 120)),
      });
    }
  return found;
}

function jwtRole(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as {
      role?: unknown;
    };
    return typeof payload.role === 'string' ? payload.role : undefined;
  } catch {
    return undefined;
  }
}

export function hashOf(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
