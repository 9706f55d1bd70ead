import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, readMigrationSql } from '../src/schema/read-sql.js';
import { replayMigrations } from '../src/schema/replay.js';

beforeAll(() => loadSqlParser());

/** Files in the order given; the version is the file name's leading digits, as Supabase reads it. */
function replay(files: Record<string, string>) {
  return replayMigrations(
    Object.entries(files).map(([file, sql]) => ({
      file: `supabase/migrations/${file}`,
      version: file.slice(0, file.indexOf('_')),
      ops: readMigrationSql(sql).ops,
    })),
  );
}

const messages = (state: ReturnType<typeof replay>) => state.conflicts.map((c) => `${c.kind}: ${c.message}`);

describe('replayMigrations', () => {
  it('reports an index on a column the table does not have, and not one on an expression or a real column', () => {
    const state = replay({
      '1_init.sql': `create table events (id int, kind text);
create index events_kind on events (kind);
create index events_lower on events (lower(kind));
create index events_ghost on events (ghost);`,
    });
    expect(messages(state)).toEqual([
      'missing-object: 1_init.sql line 4: CREATE INDEX events_ghost ON events — column ghost of public.events does not exist',
    ]);
  });

  it('builds tables with each column traced to the op that last shaped it', () => {
    const state = replay({
      '1_init.sql': 'create table orders (id int primary key, total int, note text);',
      '2_shape.sql': `alter table orders rename column total to amount;
alter table orders alter column amount set not null;
alter table orders alter column note set default 'none';
alter table orders drop column note;
alter table orders add column placed_at timestamptz;`,
    });
    expect(state.conflicts).toEqual([]);
    expect(state.tables.get('public.orders')).toEqual({
      schema: 'public',
      name: 'orders',
      kind: 'table',
      columnsKnown: true,
      external: false,
      rls: false,
      policies: [],
      created: { file: 'supabase/migrations/1_init.sql', line: 1 },
      columns: [
        {
          name: 'id',
          type: 'integer',
          nullable: false,
          source: { file: 'supabase/migrations/1_init.sql', line: 1 },
        },
        {
          name: 'amount',
          type: 'integer',
          nullable: false,
          source: { file: 'supabase/migrations/2_shape.sql', line: 2 },
        },
        {
          name: 'placed_at',
          type: 'timestamp with time zone',
          nullable: true,
          source: { file: 'supabase/migrations/2_shape.sql', line: 5 },
        },
      ],
      source: { file: 'supabase/migrations/2_shape.sql', line: 5 },
    });
  });

  it('gives LIKE, INHERITS and PARTITION OF tables the columns of their source at that point', () => {
    const state = replay({
      '1_a.sql': `create table base (id int not null, at timestamptz);
create table child (extra text) inherits (base);
alter table base add column later int;
create table copy (like base);
create table profile (like auth.users including all);
create table orphan partition of missing for values in (1);`,
    });
    const columns = (key: string) => state.tables.get(key)?.columns.map((c) => `${c.name}:${c.nullable}`);
    expect(columns('public.child')).toEqual(['id:false', 'at:true', 'extra:true']);
    expect(columns('public.copy')).toEqual(['id:false', 'at:true', 'later:true']);
    expect(state.tables.get('public.profile')?.columnsKnown).toBe(false);
    expect(messages(state)).toEqual([
      'missing-object: 1_a.sql line 6: CREATE TABLE orphan — table public.missing does not exist',
    ]);
  });

  it('reports an ALTER that runs before the CREATE, naming the later creation', () => {
    const state = replay({
      '20240102_add.sql': '\n\n\nalter table orders add column status text;',
      '20240105_init.sql': 'create table orders (id int);',
    });
    expect(state.conflicts).toEqual([
      {
        file: 'supabase/migrations/20240102_add.sql',
        line: 4,
        object: 'table:public.orders',
        version: '20240102',
        kind: 'missing-object',
        message:
          '20240102_add.sql line 4: ALTER TABLE orders ADD COLUMN status — table public.orders does not exist yet (created later in 20240105_init.sql line 1)',
      },
    ]);
    expect(state.tables.get('public.orders')?.columns.map((c) => c.name)).toEqual(['id']);
  });

  it('reports missing objects without IF EXISTS and stays quiet with it', () => {
    const quiet = replay({
      '1_a.sql': `drop table if exists ghosts;
alter table if exists ghosts add column x int;
create table t (id int);
alter table t drop column if exists nope;
drop policy if exists p on t;`,
    });
    expect(quiet.conflicts).toEqual([]);
    const loud = replay({
      '1_a.sql': `drop table ghosts;
create table t (id int);
alter table t drop column nope;
alter table t alter column later set not null;
drop policy p on t;
alter table t add column later int;`,
    });
    expect(messages(loud)).toEqual([
      'missing-object: 1_a.sql line 1: DROP TABLE ghosts — table public.ghosts does not exist',
      'missing-object: 1_a.sql line 3: ALTER TABLE t DROP COLUMN nope — column nope of public.t does not exist',
      'missing-object: 1_a.sql line 4: ALTER TABLE t ALTER COLUMN later SET NOT NULL — column later of public.t does not exist yet (created later in 1_a.sql line 6)',
      'missing-object: 1_a.sql line 5: DROP POLICY "p" ON t — policy "p" on public.t does not exist',
    ]);
  });

  it('keeps a quoted PascalCase table apart from its lower-case namesake', () => {
    const state = replay({
      '1_a.sql': 'create table "Orders" (id int);\nalter table orders add column x int;',
    });
    expect([...state.tables.keys()]).toEqual(['public.Orders']);
    expect(messages(state)).toEqual([
      'missing-object: 1_a.sql line 2: ALTER TABLE orders ADD COLUMN x — table public.orders does not exist',
    ]);
  });

  it('carries columns, RLS and policies through a table rename, and explains the old name', () => {
    const state = replay({
      '1_a.sql': `create table orders (id uuid not null, total numeric(10,2));
alter table orders enable row level security;
create policy "read own" on orders for select using (true);`,
      '2_b.sql':
        'alter table orders rename to purchases;\nalter table purchases rename column total to amount;',
      '3_c.sql': 'alter table orders add column x int;',
    });
    const purchases = state.tables.get('public.purchases');
    expect(state.tables.has('public.orders')).toBe(false);
    expect(purchases?.rls).toBe(true);
    expect(purchases?.policies.map((p) => [p.name, p.command, p.alwaysTrue])).toEqual([
      ['read own', 'select', true],
    ]);
    expect(purchases?.columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ['id', 'uuid', false],
      ['amount', 'numeric(10,2)', true],
    ]);
    expect(messages(state)).toEqual([
      'missing-object: 3_c.sql line 1: ALTER TABLE orders ADD COLUMN x — table public.orders does not exist (renamed to purchases in 2_b.sql line 1)',
    ]);
  });

  it('removes dropped tables and says so when they are used afterwards', () => {
    const state = replay({
      '1_a.sql': 'create table a (id int);\ncreate view v as select id from a;',
      '2_b.sql': 'drop view v;\ndrop table a;\ncreate policy p on a using (true);',
    });
    expect(state.tables.size).toBe(0);
    expect(messages(state)).toEqual([
      'missing-object: 2_b.sql line 3: CREATE POLICY "p" ON a — table public.a does not exist (dropped in 2_b.sql line 2)',
    ]);
  });

  it('reports objects created twice, unless IF NOT EXISTS or OR REPLACE says it is fine', () => {
    const quiet = replay({
      '1_a.sql': `create table t (id int);
create table if not exists t (id int, other text);
create or replace view v as select id from t;
create or replace view v as select id, 1 as one from t;
alter table t add column if not exists id int;`,
    });
    expect(quiet.conflicts).toEqual([]);
    expect(quiet.tables.get('public.t')?.columns.map((c) => c.name)).toEqual(['id']);
    expect(quiet.tables.get('public.v')?.columns.map((c) => c.name)).toEqual(['id', 'one']);
    const loud = replay({
      '1_a.sql':
        "create table t (id int);\ncreate policy p on t using (true);\ncreate type mood as enum ('a');",
      '2_b.sql': `create table t (id int);
alter table t add column id int;
create policy p on t using (true);
create type mood as enum ('b');
alter table t rename column id to id;`,
    });
    expect(messages(loud)).toEqual([
      'already-exists: 2_b.sql line 1: CREATE TABLE t — table public.t already exists (created in 1_a.sql line 1)',
      'already-exists: 2_b.sql line 2: ALTER TABLE t ADD COLUMN id — column id of public.t already exists (created in 1_a.sql line 1)',
      'already-exists: 2_b.sql line 3: CREATE POLICY "p" ON t — policy "p" on public.t already exists (created in 1_a.sql line 2)',
      'already-exists: 2_b.sql line 4: CREATE TYPE mood AS ENUM — type public.mood already exists (created in 1_a.sql line 3)',
      'already-exists: 2_b.sql line 5: ALTER TABLE t RENAME COLUMN id TO id — column id of public.t already exists (created in 1_a.sql line 1)',
    ]);
  });

  it('reports two migrations sharing a version', () => {
    const state = replay({
      '20240101_a.sql': 'create table a (id int);',
      '20240101_b.sql': 'create table b (id int);',
    });
    expect(state.conflicts).toEqual([
      {
        file: 'supabase/migrations/20240101_b.sql',
        line: 1,
        version: '20240101',
        kind: 'duplicate-version',
        message:
          '20240101_b.sql: version 20240101 is also used by 20240101_a.sql — migration tools record one row per version, so one of the two is skipped or fails',
      },
    ]);
    expect([...state.tables.keys()]).toEqual(['public.a', 'public.b']);
    expect(replay({ '1_a.sql': '', '2_a.sql': '' }).conflicts).toEqual([]);
  });

  it('adopts platform tables (storage.objects) instead of calling them missing', () => {
    const state = replay({
      '1_a.sql': `alter table storage.objects enable row level security;
create policy "avatars are public" on storage.objects for select using (bucket_id = 'avatars');
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true), ('docs', 'docs', false);
insert into storage.buckets (id, name) values ('plain', 'plain');`,
    });
    expect(state.conflicts).toEqual([]);
    const objects = state.tables.get('storage.objects');
    expect([objects?.external, objects?.rls, objects?.columnsKnown]).toEqual([true, true, false]);
    expect(objects?.policies.map((p) => [p.name, p.using, p.alwaysTrue])).toEqual([
      ['avatars are public', "bucket_id = 'avatars'", false],
    ]);
    expect([...state.buckets.values()].map((b) => [b.id, b.public, b.source.line])).toEqual([
      ['avatars', true, 3],
      ['docs', false, 3],
      ['plain', false, 4],
    ]);
  });

  it('still reports missing tables in schemas the migrations create', () => {
    const state = replay({
      '1_a.sql': 'alter table app.orders add column x int;',
      '2_b.sql': 'create schema app;',
    });
    expect(messages(state)).toEqual([
      'missing-object: 1_a.sql line 1: ALTER TABLE app.orders ADD COLUMN x — table app.orders does not exist',
    ]);
    expect([...state.schemas]).toEqual(['public', 'app']);
  });

  it('tracks enums, functions and their changes', () => {
    const state = replay({
      '1_a.sql': `create type mood as enum ('happy', 'sad');
alter type mood add value 'meh';
alter type mood rename value 'sad' to 'blue';
alter type mood rename to feeling;
create function app_fn() returns int language sql as $$ select 1 $$;
create function gone() returns int language sql as $$ select 1 $$;
drop function gone;
drop function if exists never_there;
drop type if exists composite_thing;`,
      '2_b.sql': "alter type mood add value 'x';\nalter type feeling add value 'meh';",
    });
    expect([...state.enums.values()].map((e) => [e.name, e.values])).toEqual([
      ['feeling', ['happy', 'blue', 'meh']],
    ]);
    expect([...state.functions.keys()]).toEqual(['public.app_fn']);
    expect(messages(state)).toEqual([
      "missing-object: 2_b.sql line 1: ALTER TYPE mood ADD VALUE 'x' — type public.mood does not exist",
      "already-exists: 2_b.sql line 2: ALTER TYPE feeling ADD VALUE 'meh' — value 'meh' of type public.feeling already exists",
    ]);
  });
});
