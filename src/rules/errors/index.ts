import type { RuleFamily } from '../family.js';

/** The `errors.*` rules (DESIGN §5). */
export const ERRORS: RuleFamily = { rules: [] };
