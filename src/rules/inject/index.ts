import type { RuleFamily } from '../family.js';

/** The `inject.*` rules (DESIGN §5). */
export const INJECT: RuleFamily = { rules: [] };
