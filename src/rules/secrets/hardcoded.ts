import type { RuleMeta } from '../rule.js';

export const HARDCODED_SECRET: RuleMeta = {
  id: 'secrets.hardcoded',
  severity: 'error',
  title: 'A security API is given a secret written in the code',
  fix: 'Read the secret from the environment (and fail at start when it is missing) instead of writing it in the code; rotate the one that was committed.',
};
