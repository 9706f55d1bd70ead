import type { RuleFamily } from '../family.js';
import { ENV_NOT_IGNORED, envNotIgnoredFindings } from './env-ignored.js';
import { HIGH_ENTROPY, highEntropyFindings } from './high-entropy.js';

/**
 * The `secrets.*` rules that joined after the first text rules (those are in text-rules.ts): generated-
 * looking literals on secret names, and packages whose .env nothing ignores.
 */
export const SECRETS: RuleFamily = {
  rules: [HIGH_ENTROPY, ENV_NOT_IGNORED],
  text: highEntropyFindings,
  repo: envNotIgnoredFindings,
};
