import { basename } from 'node:path';
import { type FindingFact, type RuleMeta, positionAt } from '../rule.js';

export const ENV_FILE: RuleMeta = {
  id: 'secrets.env-file',
  severity: 'error',
  title: 'A .env file with values is in the repo',
  fix: 'Remove the file from git (`git rm --cached .env`), add `.env*` (but not `.env.example`) to .gitignore, rotate the values it held, and commit a `.env.example` with empty values instead.',
};

export const PUBLIC_ENV_SECRET: RuleMeta = {
  id: 'secrets.public-env',
  severity: 'error',
  title: 'A server secret is exposed to the browser through a public env variable',
  fix: 'Keep the secret server-side: rename the variable without the public prefix and call the provider from an API route or server action; the browser bundle must never hold it.',
};

/** `.env`, `.env.local`, `.env.production`… but not the templates meant to be committed. */
export function isEnvFile(path: string): boolean {
  const name = basename(path);
  return /^\.env(?:\.[\w.-]+)?$/.test(name) && !/\.(?:example|sample|template|dist|defaults?)$/i.test(name);
}

/** `<INSERT_PASSWORD>`, `changeme`, `${DB_PASSWORD}`, `your-key-here`: templates committed on purpose. */
const ENV_PLACEHOLDER =
  /^<[^>]*>$|^\$\{[^}]*\}$|^(?:changeme|change-me|xxx+|your[_-].*|placeholder|todo|secret|password)$/i;

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,100})[ \t]*=[ \t]*(.*)$/gm;
const SECRET_NAME =
  /SECRET|PASSWORD|PASSWD|PRIVATE|TOKEN|API_?KEY|SERVICE_ROLE|CREDENTIAL|DATABASE_URL|DB_URL|DSN|CONNECTION/i;

/**
 * A committed (or not ignored) `.env` that holds a server secret's value. The walker lists what git tracks plus what it does
 * not ignore, so an `.env` here is either in git already or one `git add .` away from it.
 */
export function envFileFindings(path: string, text: string): FindingFact[] {
  if (!isEnvFile(path)) return [];
  const secrets: string[] = [];
  let values = 0;
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[1] as string;
    const value = (match[2] as string).trim().replace(/^["']|["']$/g, '');
    if (value === '' || value.startsWith('#') || ENV_PLACEHOLDER.test(value)) continue;
    values++;
    // Public-prefixed values ship to every browser anyway (Vite projects commit them on purpose); a secret
    // behind such a prefix is `secrets.public-env`'s to report.
    if (SECRET_NAME.test(name) && !PUBLIC_NAME.test(name)) secrets.push(name);
  }
  if (secrets.length === 0) return [];
  return [
    {
      rule: ENV_FILE.id,
      line: 1,
      column: 1,
      message: `${basename(path)} is in the repo with ${values} value(s), ${secrets.length} of them secret-looking (${secrets.slice(0, 4).join(', ')}).`,
      subject: basename(path),
      key: basename(path),
    },
  ];
}

const PUBLIC_NAME = /^(?:NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_)/;

/** Prefixes that bundlers copy into browser code. */
const PUBLIC_PREFIX =
  /\b(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_)([A-Z0-9_]{2,100})\b/g;
/**
 * The rest of the name says "server secret": a secret, a private or service-role key, a password, or the
 * API key of a provider whose keys are never meant for browsers. Keys that are public by design (Firebase,
 * Google Maps, Stripe publishable, Supabase anon, Sentry DSN) do not match.
 */
const SERVER_SECRET =
  /SECRET|PRIVATE_KEY|SERVICE_ROLE|SERVICE_KEY|PASSWORD$|DATABASE_URL|(?:^|_)(?:OPENAI|ANTHROPIC|CLAUDE|OPENROUTER|GROQ|MISTRAL|COHERE|REPLICATE|HUGGINGFACE|HF|DEEPSEEK|TOGETHER|PERPLEXITY|ELEVENLABS|RESEND|SENDGRID|MAILGUN|POSTMARK|TWILIO|AWS|GITHUB)_(?:API_)?(?:KEY|TOKEN|SECRET)/;
const PUBLIC_BY_DESIGN =
  /PUBLISHABLE|ANON|PUBLIC_KEY|SITE_KEY|DSN$|MEASUREMENT|MAPS|FIREBASE|^(?:DISABLE|ENABLE|ALLOW|SHOW|HIDE|USE|FEATURE|IS|HAS)_/;

export function publicEnvFindings(text: string): FindingFact[] {
  if (!/NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_/.test(text)) return [];
  const found: FindingFact[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(PUBLIC_PREFIX)) {
    const rest = match[2] as string;
    const name = `${match[1]}${rest}`;
    if (seen.has(name) || !SERVER_SECRET.test(rest) || PUBLIC_BY_DESIGN.test(rest)) continue;
    seen.add(name);
    found.push({
      rule: PUBLIC_ENV_SECRET.id,
      ...positionAt(text, match.index ?? 0),
      message: `${name} holds a server secret, but the ${match[1]} prefix puts its value into the browser bundle.`,
      subject: name,
      key: name,
    });
  }
  return found;
}
