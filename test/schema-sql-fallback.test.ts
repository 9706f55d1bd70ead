import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, readMigrationSql } from '../src/schema/read-sql.js';

beforeAll(() => loadSqlParser());

const MYSQL_DUMP = `/*!40101 SET NAMES utf8mb4 */;
# it's a MySQL comment; with a semicolon
DROP TABLE IF EXISTS \`users\`;
CREATE TABLE \`users\` (
  \`id\` int(11) unsigned NOT NULL AUTO_INCREMENT,
  \`email\` varchar(255) CHARACTER SET utf8mb4 NOT NULL DEFAULT '',
  \`Nick\` varchar(40) DEFAULT NULL COMMENT 'shown; publicly',
  \`created_at\` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  \`balance\` decimal(10, 2) NOT NULL DEFAULT -1.50,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`users_email\` (\`email\`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4;
LOCK TABLES \`users\` WRITE;
INSERT INTO \`users\` VALUES (1,'a@b.c','it\\'s; fine',NULL,0.00);
UNLOCK TABLES;
CREATE INDEX \`users_created\` ON \`users\` (\`created_at\`);
DELIMITER //
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW BEGIN SET NEW.email = LOWER(NEW.email); END//
DELIMITER ;
ALTER TABLE \`users\` ADD COLUMN \`age\` INT NULL AFTER \`email\`, DROP COLUMN \`Nick\`, DROP INDEX \`users_email\`,
  MODIFY \`email\` text NULL, CHANGE \`balance\` \`credit\` decimal(12,2) NOT NULL, RENAME COLUMN \`age\` TO \`years\`;
RENAME TABLE \`users\` TO \`members\`;
ALTER TABLE \`members\` RENAME TO \`people\`;
DROP TABLE \`a\`, \`b\`;`;

describe('the tolerant reader', () => {
  it('reads MySQL DDL with backticks, AUTO_INCREMENT, table options and DELIMITER blocks', () => {
    const { ops, diagnostics } = readMigrationSql(MYSQL_DUMP);
    const users = { schema: 'public', table: 'users', line: 20 };
    expect(ops).toEqual([
      { kind: 'dropTable', line: 3, schema: 'public', name: 'users', ifExists: true },
      {
        kind: 'createTable',
        line: 4,
        schema: 'public',
        name: 'users',
        ifNotExists: false,
        columns: [
          { name: 'id', type: 'integer unsigned', nullable: false },
          { name: 'email', type: 'varchar(255)', nullable: false, default: "''" },
          { name: 'Nick', type: 'varchar(40)', nullable: true, default: 'NULL' },
          { name: 'created_at', type: 'timestamp', nullable: true, default: 'CURRENT_TIMESTAMP' },
          { name: 'balance', type: 'numeric(10,2)', nullable: false, default: '-1.50' },
        ],
      },
      {
        kind: 'createIndex',
        line: 16,
        schema: 'public',
        table: 'users',
        name: 'users_created',
        columns: ['created_at'],
        unique: false,
        concurrently: false,
        ifNotExists: false,
      },
      {
        kind: 'addColumn',
        ...users,
        column: { name: 'age', type: 'integer', nullable: true },
        ifNotExists: false,
      },
      { kind: 'dropColumn', ...users, column: 'Nick', ifExists: false },
      { kind: 'alterColumnType', ...users, column: 'email', type: 'text' },
      { kind: 'dropNotNull', ...users, column: 'email' },
      { kind: 'renameColumn', ...users, from: 'balance', to: 'credit' },
      { kind: 'alterColumnType', ...users, column: 'credit', type: 'numeric(12,2)' },
      { kind: 'setNotNull', ...users, column: 'credit' },
      { kind: 'renameColumn', ...users, from: 'age', to: 'years' },
      { kind: 'renameTable', line: 22, schema: 'public', name: 'users', to: 'members', ifExists: false },
      { kind: 'renameTable', line: 23, schema: 'public', name: 'members', to: 'people', ifExists: false },
      { kind: 'dropTable', line: 24, schema: 'public', name: 'a', ifExists: false },
      { kind: 'dropTable', line: 24, schema: 'public', name: 'b', ifExists: false },
    ]);
    expect(diagnostics).toEqual([
      'line 18: could not parse statement (CREATE TRIGGER users_touch BEFORE UPDATE …)',
    ]);
  });

  it('reads SQLite DDL: AUTOINCREMENT, bracket quotes, untyped columns, WITHOUT ROWID', () => {
    const { ops, diagnostics } = readMigrationSql(`CREATE TABLE IF NOT EXISTS "notes" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [Body] TEXT NOT NULL DEFAULT (datetime('now')),
  tag
) WITHOUT ROWID;
ALTER TABLE notes ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT 0;`);
    expect(diagnostics).toEqual([]);
    expect(ops).toEqual([
      {
        kind: 'createTable',
        line: 1,
        schema: 'public',
        name: 'notes',
        ifNotExists: true,
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'Body', type: 'text', nullable: false, default: "(datetime('now'))" },
          { name: 'tag', type: '', nullable: true },
        ],
      },
      {
        kind: 'addColumn',
        line: 6,
        schema: 'public',
        table: 'notes',
        column: { name: 'pinned', type: 'boolean', nullable: false, default: '0' },
        ifNotExists: false,
      },
    ]);
  });

  it('keeps array types and bracket-quoted names apart', () => {
    const { ops } = readMigrationSql(
      'create table [Tagged] (tags text[] not null, [Order Id] int auto_increment);',
    );
    expect(ops).toEqual([
      {
        kind: 'createTable',
        line: 1,
        schema: 'public',
        name: 'Tagged',
        ifNotExists: false,
        columns: [
          { name: 'tags', type: 'text[]', nullable: false },
          { name: 'Order Id', type: 'integer', nullable: true },
        ],
      },
    ]);
  });

  it('keeps reading a PostgreSQL file past one statement the parser rejects', () => {
    const { ops, diagnostics } = readMigrationSql(`create table a (id int);
create trigger t after insert on a for each row execute procedure;
create function f() returns int language sql as $$ select 1; $$;
alter table a add column b text;`);
    expect(ops.map((op) => [op.kind, op.line])).toEqual([
      ['createTable', 1],
      ['createFunction', 3],
      ['addColumn', 4],
    ]);
    expect(diagnostics).toEqual([
      'line 2: could not parse statement (create trigger t after insert on a for …)',
    ]);
  });

  it('turns garbage into diagnostics, never an exception', () => {
    expect(readMigrationSql('}{ not sql at all ((( ;\n\x00\x01 ;\nhello world')).toEqual({
      ops: [],
      diagnostics: [
        'line 1: could not parse statement (}{ not sql at all ((()',
        'line 2: could not parse statement (\x01)',
        'line 3: could not parse statement (hello world)',
      ],
    });
    expect(readMigrationSql("create table t (a text default 'never closed);\ndrop table x;")).toEqual({
      ops: [],
      diagnostics: ["line 1: could not parse statement (create table t (a text default 'never …)"],
    });
    expect(readMigrationSql('do $x$ begin; create table t ();')).toEqual({
      ops: [],
      diagnostics: ['line 1: could not parse statement (do $x$ begin; create table t ();)'],
    });
    expect(readMigrationSql('ALTER TABLE ;\nCREATE TABLE (x int);\nDROP TABLE ;')).toEqual({
      ops: [],
      diagnostics: [
        'line 1: could not parse statement (ALTER TABLE)',
        'line 2: could not parse statement (CREATE TABLE (x int))',
        'line 3: could not parse statement (DROP TABLE)',
      ],
    });
  });

  it('stays linear on hostile input: deep nesting and endless quotes', () => {
    const nested = `create table t (a int default ${'('.repeat(100_000)}`;
    const quotes = `${"'".repeat(50_001)};`;
    expect(readMigrationSql(nested).diagnostics).toHaveLength(1);
    expect(readMigrationSql(quotes).diagnostics).toHaveLength(1);
    expect(readMigrationSql(';'.repeat(100_000))).toEqual({ ops: [], diagnostics: [] });
  });

  it('survives random token soup and random characters with only well-formed diagnostics', () => {
    // A fixed-seed generator keeps the test deterministic.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = `create alter drop rename table index view if not exists add column modify change to as on
      primary key default not null ( ) [ ] , ; . :: ' " \` $$ $x$ -- /* */ # \n - 1 x "Y" [z] auto_increment`.split(
      /\s+/,
    );
    for (let round = 0; round < 300; round++) {
      const soup = Array.from({ length: 1 + random(40) }, () => pieces[random(pieces.length)]).join(' ');
      const bytes = Array.from({ length: random(60) }, () => String.fromCharCode(random(0x3000))).join('');
      for (const text of [soup, bytes, soup + bytes]) {
        const { ops, diagnostics } = readMigrationSql(text);
        expect(Array.isArray(ops)).toBe(true);
        for (const diagnostic of diagnostics)
          expect(diagnostic).toMatch(/^line \d+: could not (parse|read) statement \(/);
      }
    }
  });
});
