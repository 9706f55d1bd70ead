import type { RuleFamily } from '../family.js';

/** The `ai.*` rules (DESIGN §5). */
export const AI: RuleFamily = { rules: [] };
