import type { RuleFamily } from '../family.js';

/** The `tests.*` rules (DESIGN §5). */
export const TESTS: RuleFamily = { rules: [] };
