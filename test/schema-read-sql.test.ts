import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, readMigrationSql } from '../src/schema/read-sql.js';

it('asks for the parser to be loaded first, by name', () => {
  expect(() => readMigrationSql('select 1')).toThrow('readMigrationSql needs `await loadSqlParser()` first');
});

describe('readMigrationSql', () => {
  beforeAll(async () => {
    await loadSqlParser();
    await loadSqlParser();
  });

  const read = (sql: string) => readMigrationSql(sql);

  it('reads CREATE TABLE columns with readable types, nullability and defaults', () => {
    const { ops, diagnostics } = read(`-- créé ✓ (multi-byte text before the statement)
create table if not exists "Orders" (
  id bigserial primary key,
  code varchar(255) not null default 'ß'::text,
  placed_at timestamptz default now(),
  total numeric(10,2) default (1) + 2 not null,
  qty int4 null,
  flags bool[],
  status public."Status",
  tenant int8,
  primary key (id, tenant)
);
create table orders (id int);`);
    expect(diagnostics).toEqual([]);
    expect(ops).toEqual([
      {
        kind: 'createTable',
        line: 2,
        schema: 'public',
        name: 'Orders',
        ifNotExists: true,
        columns: [
          { name: 'id', type: 'bigserial', nullable: false },
          { name: 'code', type: 'varchar(255)', nullable: false, default: "'ß'::text" },
          { name: 'placed_at', type: 'timestamp with time zone', nullable: true, default: 'now()' },
          { name: 'total', type: 'numeric(10,2)', nullable: false, default: '(1) + 2' },
          { name: 'qty', type: 'integer', nullable: true },
          { name: 'flags', type: 'boolean[]', nullable: true },
          { name: 'status', type: 'Status', nullable: true },
          { name: 'tenant', type: 'bigint', nullable: false },
        ],
      },
      {
        kind: 'createTable',
        line: 13,
        schema: 'public',
        name: 'orders',
        ifNotExists: false,
        columns: [{ name: 'id', type: 'integer', nullable: true }],
      },
    ]);
  });

  it('notes the tables whose columns LIKE, INHERITS and PARTITION OF copy', () => {
    const { ops } = read(`create table copy (like app.base including all, note text);
create table child () inherits (base);
create table part partition of base for values in (1);`);
    expect(
      ops.map((op) => (op.kind === 'createTable' ? [op.name, op.columns.length, op.copiesFrom] : [])),
    ).toEqual([
      ['copy', 1, [{ schema: 'app', name: 'base' }]],
      ['child', 0, [{ schema: 'public', name: 'base' }]],
      ['part', 0, [{ schema: 'public', name: 'base' }]],
    ]);
  });

  it('does not mistake SQL inside a dollar-quoted function body for statements', () => {
    const { ops } = read(`create or replace function app.make() returns void language plpgsql as $body$
begin
  create table ghost (id int);
end $body$;
create procedure tidy() language sql as $$ drop table orders $$;
drop function if exists app.make(int), tidy;`);
    expect(ops).toEqual([
      { kind: 'createFunction', line: 1, schema: 'app', name: 'make', replace: true, procedure: false },
      { kind: 'createFunction', line: 5, schema: 'public', name: 'tidy', replace: false, procedure: true },
      { kind: 'dropFunction', line: 6, schema: 'app', name: 'make', ifExists: true },
      { kind: 'dropFunction', line: 6, schema: 'public', name: 'tidy', ifExists: true },
    ]);
  });

  it('names view columns when the select list names them, and only then', () => {
    const { ops } =
      read(`create or replace view v1 as select o.id, o.total as amount, count(*), o.code::text from orders o group by 1, 2, 4;
create view v2 as select * from orders;
create view app.v3 (a, b) as select 1, 2;
create materialized view m as select id from orders;`);
    expect(ops).toEqual([
      {
        kind: 'createView',
        line: 1,
        schema: 'public',
        name: 'v1',
        columns: ['id', 'amount', 'count', 'code'],
        replace: true,
        reads: ['public.orders'],
      },
      { kind: 'createView', line: 2, schema: 'public', name: 'v2', replace: false, reads: ['public.orders'] },
      {
        kind: 'createView',
        line: 3,
        schema: 'app',
        name: 'v3',
        columns: ['a', 'b'],
        replace: false,
        reads: [],
      },
      {
        kind: 'createView',
        line: 4,
        schema: 'public',
        name: 'm',
        columns: ['id'],
        replace: false,
        materialized: true,
        reads: ['public.orders'],
      },
    ]);
  });

  it('reads drops and renames of tables, views and columns', () => {
    const { ops } = read(`drop table if exists a, app.b cascade;
drop view v;
alter table orders rename to purchases;
alter table if exists purchases rename column total to amount;
alter view v rename to w;`);
    expect(ops).toEqual([
      { kind: 'dropTable', line: 1, schema: 'public', name: 'a', ifExists: true },
      { kind: 'dropTable', line: 1, schema: 'app', name: 'b', ifExists: true },
      { kind: 'dropView', line: 2, schema: 'public', name: 'v', ifExists: false },
      { kind: 'renameTable', line: 3, schema: 'public', name: 'orders', to: 'purchases', ifExists: false },
      {
        kind: 'renameColumn',
        line: 4,
        schema: 'public',
        table: 'purchases',
        tableIfExists: true,
        from: 'total',
        to: 'amount',
      },
      { kind: 'renameTable', line: 5, schema: 'public', name: 'v', to: 'w', ifExists: false },
    ]);
  });

  it('reads every action of a multi-action ALTER TABLE', () => {
    const target = { line: 1, schema: 'app', table: 'orders' };
    const { ops } = read(`alter table app.orders
  add column if not exists note text not null default 'n/a',
  drop column if exists legacy,
  alter column qty type bigint using qty::bigint,
  alter column code set not null,
  alter column note drop not null,
  alter column placed_at set default timezone('utc', now()),
  alter column total drop default,
  add constraint orders_pk primary key (id, tenant),
  enable row level security;
alter table only orders disable row level security;
alter table orders force row level security;`);
    expect(ops).toEqual([
      {
        kind: 'addColumn',
        ...target,
        column: { name: 'note', type: 'text', nullable: false, default: "'n/a'" },
        ifNotExists: true,
      },
      { kind: 'dropColumn', ...target, column: 'legacy', ifExists: true },
      { kind: 'alterColumnType', ...target, column: 'qty', type: 'bigint' },
      { kind: 'setNotNull', ...target, column: 'code' },
      { kind: 'dropNotNull', ...target, column: 'note' },
      { kind: 'setDefault', ...target, column: 'placed_at', default: "timezone('utc', now())" },
      { kind: 'dropDefault', ...target, column: 'total' },
      { kind: 'setNotNull', ...target, column: 'id' },
      { kind: 'setNotNull', ...target, column: 'tenant' },
      { kind: 'enableRls', ...target },
      { kind: 'disableRls', line: 11, schema: 'public', table: 'orders' },
    ]);
  });

  it('reads enum types and their changes', () => {
    const { ops } = read(`create type app.mood as enum ('happy', 'sad');
alter type app.mood add value if not exists 'meh' after 'happy';
alter type app.mood rename value 'sad' to 'blue';
alter type app.mood rename to feeling;
drop type if exists app.feeling;`);
    expect(ops).toEqual([
      { kind: 'createEnum', line: 1, schema: 'app', name: 'mood', values: ['happy', 'sad'] },
      { kind: 'alterEnumAddValue', line: 2, schema: 'app', name: 'mood', value: 'meh', ifNotExists: true },
      { kind: 'renameEnumValue', line: 3, schema: 'app', name: 'mood', from: 'sad', to: 'blue' },
      { kind: 'renameType', line: 4, schema: 'app', name: 'mood', to: 'feeling' },
      { kind: 'dropType', line: 5, schema: 'app', name: 'feeling', ifExists: true },
    ]);
  });

  it('reads policies with their expressions, and flags the ones that are literally true', () => {
    const { ops } = read(`create schema if not exists app;
create policy "Own rows" on app.orders for select to authenticated, anon
  using ((select auth.uid()) = user_id);
create policy open_insert on orders for insert with check (true);
create policy mixed on orders using (true) with check (owner = current_user);
drop policy if exists "Own rows" on app.orders;
drop policy gone on orders;`);
    expect(ops).toEqual([
      { kind: 'createSchema', line: 1, name: 'app', ifNotExists: true },
      {
        kind: 'createPolicy',
        line: 2,
        schema: 'app',
        table: 'orders',
        name: 'Own rows',
        command: 'select',
        roles: ['authenticated', 'anon'],
        using: '(select auth.uid()) = user_id',
        alwaysTrue: false,
      },
      {
        kind: 'createPolicy',
        line: 4,
        schema: 'public',
        table: 'orders',
        name: 'open_insert',
        command: 'insert',
        roles: ['public'],
        check: 'true',
        alwaysTrue: true,
      },
      {
        kind: 'createPolicy',
        line: 5,
        schema: 'public',
        table: 'orders',
        name: 'mixed',
        command: 'all',
        roles: ['public'],
        using: 'true',
        check: 'owner = current_user',
        alwaysTrue: false,
      },
      { kind: 'dropPolicy', line: 6, schema: 'app', table: 'orders', name: 'Own rows', ifExists: true },
      { kind: 'dropPolicy', line: 7, schema: 'public', table: 'orders', name: 'gone', ifExists: false },
    ]);
  });

  it('reads storage bucket rows, several per insert, and ignores inserts elsewhere', () => {
    const { ops, diagnostics } = read(`insert into storage.buckets (id, name, public)
values ('avatars', 'avatars', true), ('docs'::text, 'Documents', false)
on conflict (id) do nothing;
insert into storage.buckets (id, name) values ('private', 'private');
insert into public.settings (key, value) values ('theme', '{"nested": {"create table": [1, {"x": "y"}]}}'::jsonb);`);
    expect(diagnostics).toEqual([]);
    expect(ops).toEqual([
      { kind: 'insertBucket', line: 1, id: 'avatars', name: 'avatars', public: true },
      { kind: 'insertBucket', line: 1, id: 'docs', name: 'Documents', public: false },
      { kind: 'insertBucket', line: 4, id: 'private', name: 'private' },
    ]);
  });

  it('reads indexes, including expression elements', () => {
    const { ops } =
      read(`create unique index concurrently if not exists orders_code on app.orders using btree (lower(code), id desc);
create index on orders (placed_at);`);
    expect(ops).toEqual([
      {
        kind: 'createIndex',
        line: 1,
        schema: 'app',
        table: 'orders',
        name: 'orders_code',
        columns: ['lower(code)', 'id'],
        unique: true,
        concurrently: true,
        ifNotExists: true,
      },
      {
        kind: 'createIndex',
        line: 2,
        schema: 'public',
        table: 'orders',
        columns: ['placed_at'],
        unique: false,
        concurrently: false,
        ifNotExists: false,
      },
    ]);
  });

  it('skips statements that do not shape the schema, silently', () => {
    const result = read(`begin;
comment on table orders is 'Orders; with a semicolon';
do $$ begin create table ghost (id int); end $$;
select set_config('search_path', '', false);
insert into audit (at) values (now());
create extension if not exists pgcrypto;
commit;`);
    expect(result).toEqual({ ops: [], diagnostics: [] });
  });

  it('ignores the rollback half of dbmate and goose files', () => {
    expect(read('-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n').ops).toEqual([
      {
        kind: 'createTable',
        line: 2,
        schema: 'public',
        name: 'a',
        columns: [{ name: 'id', type: 'integer', nullable: true }],
        ifNotExists: false,
      },
    ]);
    expect(read('-- +goose Up\ncreate schema s;\n-- +goose Down\ndrop schema s;\n').ops).toEqual([
      { kind: 'createSchema', line: 2, name: 's', ifNotExists: false },
    ]);
  });
});
