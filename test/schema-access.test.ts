import { beforeAll, describe, expect, it } from 'vitest';
import { apiSchemas } from '../src/rules/db/exposure.js';
import { scriptDownState, sqlDownState } from '../src/rules/migrations/down-section.js';
import { loadSqlParser, readMigrationSql } from '../src/schema/read-sql.js';
import { canUse } from '../src/schema/replay-access.js';
import { replayMigrations } from '../src/schema/replay.js';

beforeAll(() => loadSqlParser());

function replay(...files: string[]) {
  return replayMigrations(
    files.map((sql, index) => ({
      file: `m/${index + 1}.sql`,
      version: `${index + 1}`,
      ops: readMigrationSql(sql).ops,
    })),
  );
}

describe('view and grant replay', () => {
  it('records what a view reads, leaving out CTE names, and its security_invoker as created or altered', () => {
    const state = replay(
      `create view public.v with (security_invoker) as
         with recent as (select * from public.orders) select r.id, u.email from recent r join auth.users u on u.id = r.user_id;
       create view w as select id from items;
       alter view w set (security_invoker = on);
       create view x with (security_invoker = false) as select 1 as one;`,
    );
    const v = state.tables.get('public.v');
    expect(v?.reads?.sort()).toEqual(['auth.users', 'public.orders']);
    expect(v?.securityInvoker).toBe(true);
    expect(state.tables.get('public.w')?.securityInvoker).toBe(true);
    expect(state.tables.get('public.x')?.securityInvoker).toBe(false);
  });

  it('takes privileges away with REVOKE, gives them back with GRANT, and applies default privileges to later tables', () => {
    const state = replay(
      `create table a (id int); create table b (id int);
       revoke all on table a from anon;
       revoke select, insert, update, delete on all tables in schema public from authenticated;
       grant select on b to authenticated;
       alter default privileges in schema public revoke all on tables from anon, authenticated;
       create table c (id int);
       create table private_t (id int);`,
    );
    const table = (name: string) => state.tables.get(`public.${name}`) ?? expect.fail(name);
    expect(canUse(table('a'), 'anon')).toBe(false);
    expect(canUse(table('a'), 'authenticated')).toBe(false);
    expect(canUse(table('b'), 'anon')).toBe(true);
    expect(canUse(table('b'), 'authenticated')).toBe(true);
    expect(canUse(table('c'), 'anon')).toBe(false);
    expect(canUse(table('c'), 'authenticated')).toBe(false);
  });
});

describe('DO blocks over the table list', () => {
  it('enable or disable RLS on every table the schema has at that point, and on no other', () => {
    const loop = (change: string, schema = 'public') => `do $$ declare r record; begin
      for r in (select tablename from pg_tables where schemaname = '${schema}') loop
        execute 'alter table ${schema}.' || quote_ident(r.tablename) || ' ${change} row level security';
      end loop; end $$;`;
    const state = replay(
      `create table a (id int); create schema app; create table app.b (id int);`,
      loop('enable'),
      'create table c (id int);',
    );
    expect(state.tables.get('public.a')?.rls).toBe(true);
    expect(state.tables.get('app.b')?.rls).toBe(false);
    expect(state.tables.get('public.c')?.rls).toBe(false);
    const off = replay('create table a (id int); alter table a enable row level security;', loop('disable'));
    expect(off.tables.get('public.a')?.rls).toBe(false);
    expect(readMigrationSql('do $$ begin create table ghost (id int); end $$;').ops).toEqual([]);
  });
});

describe('apiSchemas', () => {
  it('reads [api] schemas and nothing from other tables', () => {
    expect(
      apiSchemas('[db]\nschemas = ["x"]\n[api]\nport = 1\nschemas = ["public", "api"]\n[auth]\n'),
    ).toEqual(['public', 'api']);
    expect(apiSchemas('[db]\nschemas = ["x"]\n[api]\nport = 1\n')).toBeUndefined();
    expect(apiSchemas('')).toBeUndefined();
  });
});

describe('down migrations', () => {
  const none = () => false;
  it('reads SQL tools: sibling down files and down sections', () => {
    expect(sqlDownState('m/1_a.up.sql', '', (p) => p === 'm/1_a.down.sql')).toBe('present');
    expect(sqlDownState('m/1_a.up.sql', '', none)).toBe('missing');
    expect(sqlDownState('m/2020_x/up.sql', '', (p) => p === 'm/2020_x/down.sql')).toBe('present');
    expect(sqlDownState('d/1.sql', '-- migrate:up\ncreate table t (id int);\n', none)).toBe('missing');
    expect(
      sqlDownState('d/1.sql', '-- migrate:up\ncreate table t ();\n-- migrate:down\n-- nothing\n', none),
    ).toBe('empty');
    expect(
      sqlDownState('g/1.sql', '-- +goose Up\ncreate table t ();\n-- +goose Down\ndrop table t;\n', none),
    ).toBe('present');
    expect(sqlDownState('p/1.sql', 'create table t (id int);', none)).toBe('unknown');
  });

  it('reads JavaScript tools: absent, empty and real down functions', () => {
    expect(scriptDownState('exports.up = (knex) => knex.schema.createTable("t", () => {});')).toBe('missing');
    expect(
      scriptDownState(
        'exports.up = function () {};\nexports.down = function () { return Promise.resolve(); };',
      ),
    ).toBe('empty');
    expect(
      scriptDownState('exports.up = (k) => k;\nexports.down = (knex) => knex.schema.dropTable("t");'),
    ).toBe('present');
    const typeorm = `export class AddColor implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> { await queryRunner.query('alter table t add c text'); }
  public async down(queryRunner: QueryRunner): Promise<void> {
    // not needed
  }
}`;
    expect(scriptDownState(typeorm)).toBe('empty');
    const sequelize = `module.exports = {
  up: async (queryInterface) => { await queryInterface.addColumn('t', 'c', {}); },
  down: async (queryInterface) => { await queryInterface.removeColumn('t', 'c', '}'); },
};`;
    expect(scriptDownState(sequelize)).toBe('present');
    expect(scriptDownState('export const config = { tableName: "x" };')).toBe('unknown');
  });
});
