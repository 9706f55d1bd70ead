import type { RuleFamily } from '../family.js';
import { migrationFindings } from './migration-checks.js';
import { DESTRUCTIVE, DROP_IN_USE, NOT_NULL_NO_DEFAULT, RENAME } from './rules.js';

/** The `migrations.*` rules (DESIGN §5): what a migration does to a database that has rows and running code. */
export const MIGRATIONS: RuleFamily = {
  rules: [DROP_IN_USE, NOT_NULL_NO_DEFAULT, RENAME, DESTRUCTIVE],
  repo: migrationFindings,
};
