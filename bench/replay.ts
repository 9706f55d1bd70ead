// Schema engine benchmark: reading 200 generated PostgreSQL migrations into ops and replaying them,
// next to two floors measured in the same run: touching every byte of the text, and libpg-query's raw
// parse of the same files (work any reader built on the real parser must do). Asserts nothing.
//
//   npx tsx bench/replay.ts [--files N] [--runs N]
import { parseArgs } from 'node:util';
import { parseSync } from 'libpg-query';
import { loadSqlParser, readMigrationSql } from '../src/schema/read-sql.js';
import { replayMigrations } from '../src/schema/replay.js';
import type { MigrationOps } from '../src/schema/schema-state.js';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '200' }, runs: { type: 'string', default: '7' } },
});
const FILES = Number(values.files);
const RUNS = Number(values.runs);

/** A deterministic spread of the statements real Supabase/Postgres migrations are made of. */
function generateMigrations(count: number): { file: string; version: string; text: string }[] {
  const migrations: { file: string; version: string; text: string }[] = [];
  const tables: { name: string; columns: string[] }[] = [];
  for (let n = 0; n < count; n++) {
    const parts: string[] = [`-- Migration ${n}: generated for the replay benchmark\n`];
    const table = { name: `entity_${n}`, columns: ['id', 'owner_id', 'title', 'body', 'created_at'] };
    tables.push(table);
    parts.push(`create table if not exists public.${table.name} (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  title varchar(200) not null default '',
  body text,
  amount numeric(12, 2) default 0 not null,
  tags text[] default '{}'::text[],
  meta jsonb not null default '{"v": 1}'::jsonb,
  created_at timestamptz not null default timezone('utc', now())
);
alter table public.${table.name} enable row level security;
create policy "owners read ${n}" on public.${table.name} for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "owners write ${n}" on public.${table.name} for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create index ${table.name}_owner_idx on public.${table.name} using btree (owner_id, created_at desc);
`);
    const earlier = tables[(n * 7) % tables.length];
    if (earlier && earlier !== table && n % 2 === 0) {
      const column = `extra_${n}`;
      earlier.columns.push(column);
      parts.push(`alter table public.${earlier.name} add column if not exists ${column} integer;
alter table public.${earlier.name} alter column ${column} set default 0;
comment on column public.${earlier.name}.${column} is 'Added in migration ${n}; not null later';\n`);
    }
    if (earlier && earlier !== table && n % 3 === 0 && earlier.columns.includes('body')) {
      earlier.columns = earlier.columns.map((c) => (c === 'body' ? 'content' : c));
      parts.push(`alter table public.${earlier.name} rename column body to content;\n`);
    }
    if (earlier && earlier !== table && n % 5 === 0 && earlier.columns.includes('title')) {
      earlier.columns = earlier.columns.filter((c) => c !== 'title');
      parts.push(`alter table public.${earlier.name} drop column if exists title;\n`);
    }
    parts.push(`create or replace function public.touch_${n}() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- create table inside a body must not count: create table ghost_${n} (id int);
  new.created_at := timezone('utc', now());
  if new.amount < 0 then
    raise exception 'amount must be positive; got %', new.amount;
  end if;
  return new;
end;
$$;
create trigger touch_${n} before update on public.${table.name}
  for each row execute function public.touch_${n}();
grant select on public.${table.name} to anon, authenticated;
`);
    if (n % 10 === 0) {
      parts.push(`create type public.status_${n} as enum ('draft', 'published', 'archived');
insert into storage.buckets (id, name, public) values ('bucket-${n}', 'bucket-${n}', ${n % 20 === 0});\n`);
    }
    const version = String(20240101000000 + n * 100);
    migrations.push({ file: `supabase/migrations/${version}_step_${n}.sql`, version, text: parts.join('') });
  }
  return migrations;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function measure(run: () => number): { ms: number; check: number } {
  let check = run(); // warm-up: JIT and the parser's first allocations are not what we measure
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    check = run();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), check };
}

await loadSqlParser();
const migrations = generateMigrations(FILES);
const bytes = migrations.reduce((sum, m) => sum + Buffer.byteLength(m.text), 0);
const lines = migrations.reduce((sum, m) => sum + m.text.split('\n').length, 0);

const touch = measure(() => {
  // Concatenating and encoding every file visits every byte once: the floor of any reader.
  return Buffer.from(migrations.map((m) => m.text).join('\n')).byteLength;
});
const rawParse = measure(() => {
  let statements = 0;
  for (const m of migrations) statements += parseSync(m.text).stmts?.length ?? 0;
  return statements;
});
let opCount = 0;
let diagnostics = 0;
const readOnly = measure(() => {
  opCount = 0;
  diagnostics = 0;
  for (const m of migrations) {
    const result = readMigrationSql(m.text);
    opCount += result.ops.length;
    diagnostics += result.diagnostics.length;
  }
  return opCount;
});
const read: MigrationOps[] = migrations.map((m) => ({ ...m, ops: readMigrationSql(m.text).ops }));
const replayOnly = measure(() => replayMigrations(read).tables.size);
const full = measure(() => {
  const ops = migrations.map((m) => ({
    file: m.file,
    version: m.version,
    ops: readMigrationSql(m.text).ops,
  }));
  const state = replayMigrations(ops);
  return state.tables.size + state.conflicts.length;
});
const state = replayMigrations(read);

const fmt = (ms: number) => `${ms.toFixed(2).padStart(8)} ms`;
console.log(`${FILES} migrations, ${lines} lines, ${(bytes / 1024).toFixed(0)} KiB, median of ${RUNS} runs`);
console.log(`${rawParse.check} statements → ${opCount} ops, ${diagnostics} diagnostics`);
console.log(
  `state: ${state.tables.size} tables, ${state.conflicts.length} conflicts, ${state.enums.size} enums\n`,
);
console.log(`floor  touch every byte          ${fmt(touch.ms)}`);
console.log(`floor  libpg-query parseSync     ${fmt(rawParse.ms)}`);
console.log(
  `baton  readMigrationSql          ${fmt(readOnly.ms)}   ${(readOnly.ms / rawParse.ms).toFixed(2)}× parse floor`,
);
console.log(`baton  replayMigrations          ${fmt(replayOnly.ms)}`);
console.log(
  `baton  read + replay             ${fmt(full.ms)}   ${(full.ms / rawParse.ms).toFixed(2)}× parse floor`,
);
