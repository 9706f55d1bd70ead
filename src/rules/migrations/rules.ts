import type { RuleMeta } from '../rule.js';

export const DROP_IN_USE: RuleMeta = {
  id: 'migrations.drop-in-use',
  severity: 'error',
  title: 'A migration drops or renames what the code still queries',
  fix: 'Deploy in two steps: first ship code that no longer reads or writes it, then drop it in a later migration (expand, migrate, contract). For a rename, add the new column, write both, backfill, switch reads, then drop the old one.',
};

export const NOT_NULL_NO_DEFAULT: RuleMeta = {
  id: 'migrations.not-null-no-default',
  severity: 'error',
  title: 'A NOT NULL column is added to an existing table without a default',
  fix: 'Add the column nullable (or with a DEFAULT), backfill it, then SET NOT NULL in a later migration — on PostgreSQL, via a `CHECK (col IS NOT NULL) NOT VALID` constraint validated first, so the SET NOT NULL needs no full scan.',
};

export const RENAME: RuleMeta = {
  id: 'migrations.rename',
  severity: 'warning',
  title: 'A migration renames a table or column',
  fix: 'Running code keeps using the old name until it is redeployed: add the new name alongside (a new column written by both versions, or a view under the old table name), switch the code, then drop the old name.',
};

export const DESTRUCTIVE: RuleMeta = {
  id: 'migrations.destructive',
  severity: 'warning',
  title: 'A migration drops a table or column, or changes a column type, on an existing table',
  fix: 'Confirm the data is no longer needed (or copied elsewhere) and back it up; for a type change, add a new column, backfill and switch, so the table is not rewritten under lock and nothing is silently cast.',
};

export const INDEX_NOT_CONCURRENT: RuleMeta = {
  id: 'migrations.index-not-concurrent',
  severity: 'warning',
  title: 'An index is built on an existing PostgreSQL table without CONCURRENTLY',
  fix: 'Use `CREATE INDEX CONCURRENTLY` so writes continue while it builds. CONCURRENTLY cannot run inside a transaction block, so put it in a migration of its own and make sure your tool runs that file outside a transaction.',
};

export const NO_DOWN: RuleMeta = {
  id: 'migrations.no-down',
  severity: 'warning',
  title: 'The newest migration has no down migration, where its tool supports one',
  fix: 'Write the rollback that undoes this migration (the `down` function, the `.down.sql` file, or the `-- migrate:down` section) and try it on a copy of the database before deploying.',
};
