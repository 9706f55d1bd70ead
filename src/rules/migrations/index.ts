import type { RuleFamily } from '../family.js';
import { migrationFindings } from './migration-checks.js';
import { noDownFindings } from './no-down.js';
import {
  DESTRUCTIVE,
  DROP_IN_USE,
  INDEX_NOT_CONCURRENT,
  NO_DOWN,
  NOT_NULL_NO_DEFAULT,
  RENAME,
} from './rules.js';

/** The `migrations.*` rules (DESIGN §5): what a migration does to a database that has rows and running code. */
export const MIGRATIONS: RuleFamily = {
  rules: [DROP_IN_USE, NOT_NULL_NO_DEFAULT, RENAME, DESTRUCTIVE, INDEX_NOT_CONCURRENT, NO_DOWN],
  repo: (context) => [...migrationFindings(context), ...noDownFindings(context)],
};
