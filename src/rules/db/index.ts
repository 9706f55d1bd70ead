import type { RuleFamily } from '../family.js';
import { rlsFindings } from './rls-checks.js';
import {
  AUTH_USERS_EXPOSED,
  POLICY_ALWAYS_TRUE,
  POLICY_WITHOUT_RLS,
  RLS_DISABLED,
  SECURITY_DEFINER_VIEW,
} from './rules.js';

/** The `db.*` rules (DESIGN §5): row level security and API exposure, from the replayed migrations. */
export const DB: RuleFamily = {
  rules: [RLS_DISABLED, POLICY_WITHOUT_RLS, POLICY_ALWAYS_TRUE, SECURITY_DEFINER_VIEW, AUTH_USERS_EXPOSED],
  repo: rlsFindings,
};
