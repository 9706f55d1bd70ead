import { describe, expect, it } from 'vitest';
import { findMigrations } from '../src/schema/migration-order.js';

const noText = () => undefined;
const files = (paths: string[], readText: (path: string) => string | undefined = noText) =>
  findMigrations(paths, readText).map((set) => ({
    tool: set.tool,
    dir: set.dir,
    files: set.files.map((f) => `${f.file}@${f.version}`),
  }));

describe('findMigrations', () => {
  it('orders Supabase migrations by version compared as a string, per project folder', () => {
    expect(
      files([
        'supabase/migrations/9_late.sql',
        'supabase/migrations/10_early.sql',
        'supabase/migrations/20240101000000_init.sql',
        'supabase/migrations/notes.sql',
        'supabase/migrations/1-dash.sql',
        'supabase/seed.sql',
        'apps/web/supabase/migrations/002_b.sql',
        'apps/web/supabase/migrations/001_a.sql',
      ]),
    ).toEqual([
      {
        tool: 'supabase',
        dir: 'apps/web/supabase/migrations',
        files: ['apps/web/supabase/migrations/001_a.sql@001', 'apps/web/supabase/migrations/002_b.sql@002'],
      },
      {
        tool: 'supabase',
        dir: 'supabase/migrations',
        files: [
          'supabase/migrations/10_early.sql@10',
          'supabase/migrations/20240101000000_init.sql@20240101000000',
          'supabase/migrations/9_late.sql@9',
        ],
      },
    ]);
  });

  it('orders Prisma migration folders by name, wherever the lock file says they live', () => {
    expect(
      files([
        'prisma/migrations/20240201000000_b/migration.sql',
        'prisma/migrations/0_init/migration.sql',
        'prisma/migrations/20240101000000_a/migration.sql',
        'prisma/migrations/migration_lock.toml',
        'prisma/schema.prisma',
        'db/migrations/20240101_x/migration.sql',
        'db/migrations/migration_lock.toml',
      ]),
    ).toEqual([
      { tool: 'prisma', dir: 'db/migrations', files: ['db/migrations/20240101_x/migration.sql@20240101'] },
      {
        tool: 'prisma',
        dir: 'prisma/migrations',
        files: [
          'prisma/migrations/0_init/migration.sql@0',
          'prisma/migrations/20240101000000_a/migration.sql@20240101000000',
          'prisma/migrations/20240201000000_b/migration.sql@20240201000000',
        ],
      },
    ]);
  });

  it("follows Drizzle's journal, and falls back to file names without a readable one", () => {
    const journal = JSON.stringify({
      entries: [
        { idx: 1, tag: '0000_second' },
        { idx: 0, tag: '0001_first' },
        { idx: 2, tag: '0002_not_on_disk' },
      ],
    });
    const paths = [
      'drizzle/0000_second.sql',
      'drizzle/0001_first.sql',
      'drizzle/meta/_journal.json',
      'drizzle/meta/0000_snapshot.json',
      'db/out/0001_b.sql',
      'db/out/0000_a.sql',
      'db/out/meta/0000_snapshot.json',
      'broken/0000_z.sql',
      'broken/meta/_journal.json',
    ];
    const read = (path: string) => (path === 'drizzle/meta/_journal.json' ? journal : '{ not json');
    expect(files(paths, read)).toEqual([
      { tool: 'drizzle', dir: 'broken', files: ['broken/0000_z.sql@0000'] },
      { tool: 'drizzle', dir: 'db/out', files: ['db/out/0000_a.sql@0000', 'db/out/0001_b.sql@0001'] },
      {
        tool: 'drizzle',
        dir: 'drizzle',
        files: ['drizzle/0001_first.sql@0001', 'drizzle/0000_second.sql@0000'],
      },
    ]);
  });

  it('orders Flyway versions numerically by dotted parts, repeatables last, undo scripts out', () => {
    expect(
      files([
        'src/main/resources/db/migration/V10__ten.sql',
        'src/main/resources/db/migration/V2__two.sql',
        'src/main/resources/db/migration/V1_1__one_one.sql',
        'src/main/resources/db/migration/V1__one.sql',
        'src/main/resources/db/migration/R__views.sql',
        'src/main/resources/db/migration/U2__undo_two.sql',
        'src/main/resources/db/migration/V1.2__one_two.sql',
      ]).map((set) => [set.tool, set.files]),
    ).toEqual([
      [
        'flyway',
        [
          'src/main/resources/db/migration/V1__one.sql@1',
          'src/main/resources/db/migration/V1_1__one_one.sql@1.1',
          'src/main/resources/db/migration/V1.2__one_two.sql@1.2',
          'src/main/resources/db/migration/V2__two.sql@2',
          'src/main/resources/db/migration/V10__ten.sql@10',
          'src/main/resources/db/migration/R__views.sql@',
        ],
      ],
    ]);
  });

  it('orders plain numbered files as numbers, keeping .up.sql and dropping rollbacks and seeds', () => {
    expect(
      files([
        'migrations/10_ten.up.sql',
        'migrations/10_ten.down.sql',
        'migrations/9_nine.up.sql',
        'migrations/0001_first.sql',
        'migrations/README.sql',
        'migrations/seeds/001_users.sql',
        'db/migrate/20240101120000_create_users.sql',
        'migrations/2024-01-01-000000_create_posts/up.sql',
        'migrations/2024-01-01-000000_create_posts/down.sql',
      ]),
    ).toEqual([
      {
        tool: 'numbered',
        dir: 'db/migrate',
        files: ['db/migrate/20240101120000_create_users.sql@20240101120000'],
      },
      {
        tool: 'numbered',
        dir: 'migrations',
        files: [
          'migrations/0001_first.sql@1',
          'migrations/9_nine.up.sql@9',
          'migrations/10_ten.up.sql@10',
          'migrations/2024-01-01-000000_create_posts/up.sql@20240101000000',
        ],
      },
    ]);
  });

  it('treats schema.sql and init.sql outside a migration set as single-file schemas', () => {
    expect(
      files([
        'db/schema.sql',
        'init.sql',
        'migrations/001_a.sql',
        'migrations/schema.sql',
        'sql/queries.sql',
      ]),
    ).toEqual([
      { tool: 'sql-schema', dir: 'db/schema.sql', files: ['db/schema.sql@'] },
      { tool: 'sql-schema', dir: 'init.sql', files: ['init.sql@'] },
      { tool: 'numbered', dir: 'migrations', files: ['migrations/001_a.sql@1'] },
    ]);
  });

  it('finds nothing in SQL that is not a migration', () => {
    expect(
      files(['queries/001_get_users.sql', 'src/report.sql', 'docs/example.sql', 'sql/seed.sql']),
    ).toEqual([]);
  });
});
