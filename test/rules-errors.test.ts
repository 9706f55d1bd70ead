import { describe, expect, it } from 'vitest';
import { isSecretEnv, isSecretName } from '../src/rules/errors/secret-names.js';

describe('isSecretName (logging.sensitive)', () => {
  it.each([
    'password',
    'newPassword',
    'hashedPassword',
    'accessToken',
    'refresh_token',
    'csrfToken',
    'clientSecret',
    'STRIPE_SECRET',
    'apiKey',
    'x-api-key',
    'privateKey',
    'authorization',
    'authHeader',
    'cookie',
  ])('%s names a credential', (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    'email',
    'tokenCount',
    'maxTokens',
    'totalTokens',
    'passwordLength',
    'publicKey',
    'isSecret',
    'hasToken',
    'cookieOptions',
    'key',
    'secretary',
  ])('%s does not', (name) => expect(isSecretName(name)).toBe(false));
});

describe('isSecretEnv (logging.sensitive)', () => {
  it.each([
    'JWT_SECRET',
    'STRIPE_SECRET_KEY',
    'DB_PASSWORD',
    'GITHUB_TOKEN',
    'OPENAI_API_KEY',
    'DATABASE_URL',
    'MONGO_URI',
  ])('%s holds a secret', (name) => expect(isSecretEnv(name)).toBe(true));
  it.each([
    'TOKEN_EXPIRY',
    'PORT',
    'NODE_ENV',
    'STRIPE_PUBLISHABLE_KEY',
    'NEXT_PUBLIC_SUPABASE_ANON_KEY',
    'SECRET_ROTATION_DAYS',
  ])('%s does not', (name) => expect(isSecretEnv(name)).toBe(false));
});
