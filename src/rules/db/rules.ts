import type { RuleMeta } from '../rule.js';

export const RLS_DISABLED: RuleMeta = {
  id: 'db.rls-disabled',
  severity: 'error',
  title: 'A table the Supabase API serves has row level security off',
  fix: 'Enable it (`ALTER TABLE … ENABLE ROW LEVEL SECURITY`) and add policies for what each role may read and write; or, for a table only the server uses, revoke it from the API roles (`REVOKE ALL ON … FROM anon, authenticated`) or move it out of the exposed schemas.',
};

export const POLICY_WITHOUT_RLS: RuleMeta = {
  id: 'db.policy-without-rls',
  severity: 'error',
  title: 'A table has policies but row level security is not enabled',
  fix: 'Enable row level security on the table (`ALTER TABLE … ENABLE ROW LEVEL SECURITY`): until then PostgreSQL ignores its policies.',
};

export const POLICY_ALWAYS_TRUE: RuleMeta = {
  id: 'db.policy-always-true',
  severity: 'error',
  title: 'A policy lets a role update or delete every row (`USING (true)`)',
  fix: 'Give the policy a predicate that ties each row to its owner or tenant, e.g. `USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id)`; limit it to the roles that need it.',
};

export const SECURITY_DEFINER_VIEW: RuleMeta = {
  id: 'db.security-definer-view',
  severity: 'error',
  title: 'An API-exposed view bypasses row level security (no security_invoker)',
  fix: "On PostgreSQL 15 or later, `ALTER VIEW … SET (security_invoker = on)` so the caller's policies apply; otherwise revoke the view from `anon` and `authenticated` or move it to a schema the API does not serve.",
};

export const AUTH_USERS_EXPOSED: RuleMeta = {
  id: 'db.auth-users-exposed',
  severity: 'error',
  title: 'An API-exposed view reads auth.users',
  fix: 'Do not serve `auth.users` through the API: keep the public fields you need in a `profiles` table filled by a trigger, with its own policies; or revoke the view from `anon` and `authenticated`, or move it to a schema the API does not serve.',
};
