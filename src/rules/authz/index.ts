import type { RuleFamily } from '../family.js';

/** The `authz.*` rules (DESIGN §5). */
export const AUTHZ: RuleFamily = { rules: [] };
