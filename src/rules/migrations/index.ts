import type { RuleFamily } from '../family.js';

/** The `migrations.*` rules (DESIGN §5). */
export const MIGRATIONS: RuleFamily = { rules: [] };
