import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { type Principal, Store, authenticate, defaultStorePath, isPostgresUrl } from '../store/index.js';

/** `--db`, `--token`, `--project` and `--server`, shared by the board commands. */
export function withStoreOptions(command: Command, { project = true } = {}): Command {
  command
    .option(
      '--db <url|file>',
      'the store: an SQLite file or postgres://… (default: $BATON_DB, else .baton/baton.db)',
    )
    .option('--token <token>', 'act as this token (default: $BATON_TOKEN)')
    .option('--server <url>', 'talk to a running `baton serve` instead of the store (needs --token)');
  if (project) command.option('--project <name>', 'the project, for reads without a token');
  return command;
}

export function storeLocation(options: Record<string, unknown>): string {
  const given = typeof options.db === 'string' ? options.db : process.env.BATON_DB;
  return given && given !== '' ? given : defaultStorePath();
}

/** A store exists to record into: `--db`/$BATON_DB was given, or the default file is already there. */
export function storeToRecord(options: Record<string, unknown>): string | undefined {
  if (options.store === false) return undefined;
  const location = storeLocation(options);
  if (
    typeof options.db === 'string' ||
    process.env.BATON_DB ||
    isPostgresUrl(location) ||
    existsSync(location)
  )
    return location;
  return undefined;
}

export async function withStore<T>(
  options: Record<string, unknown>,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await Store.open(storeLocation(options));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Who acts. Writes need a token (so the event log names an agent or a human, and the human gate holds);
 * reads may name `--project` instead — whoever can open the store file can read it anyway.
 */
export async function actingPrincipal(
  store: Store,
  options: Record<string, unknown>,
  write: boolean,
): Promise<Principal> {
  const token = typeof options.token === 'string' ? options.token : process.env.BATON_TOKEN;
  if (token) return authenticate(store, token);
  if (!write && typeof options.project === 'string')
    return {
      id: 'reader:local',
      project: options.project,
      role: 'reader',
      human: false,
      label: 'local reader',
    };
  throw new BatonError(
    'unauthorized',
    write
      ? 'this command changes the board: pass --token (or set BATON_TOKEN); create one with `baton token create`'
      : 'pass --token (or set BATON_TOKEN), or --project to read a project',
  );
}
