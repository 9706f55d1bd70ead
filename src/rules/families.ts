import { AI } from './ai/index.js';
import { AUTHZ } from './authz/index.js';
import { DB } from './db/index.js';
import { ERRORS } from './errors/index.js';
import type { RuleFamily } from './family.js';
import { HTTP } from './http/index.js';
import { INJECT } from './inject/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { SECRETS } from './secrets/index.js';
import { TESTS } from './tests/index.js';

/**
 * The rule families beyond the text rules (secrets, deps in text-rules.ts). Each family owns its folder;
 * this list is the only place they meet.
 */
export const FAMILIES: readonly RuleFamily[] = [
  SECRETS,
  AUTHZ,
  HTTP,
  INJECT,
  ERRORS,
  AI,
  MIGRATIONS,
  DB,
  TESTS,
];
