import type { RuleFamily } from '../family.js';

/** The `db.*` rules (DESIGN §5). */
export const DB: RuleFamily = { rules: [] };
