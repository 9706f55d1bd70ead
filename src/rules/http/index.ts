import type { RuleFamily } from '../family.js';

/** The `http.*` rules (DESIGN §5). */
export const HTTP: RuleFamily = { rules: [] };
