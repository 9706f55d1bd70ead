import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { backupStore, isPostgresUrl, restoreStore } from '../store/index.js';
import { storeLocation, withStore } from './store-options.js';

/** `baton backup <file>` and `baton restore <file>` for the embedded store. */
export function backupCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the copy (must not exist)')
    .description('online backup of the embedded store (others may keep using it)')
    .option('--db <file>', 'the store (default: $BATON_DB, else .baton/baton.db)')
    .action(async (file: string, options: Record<string, unknown>) => {
      const { pages } = await withStore(options, (store) => backupStore(store, file));
      process.stdout.write(`backed up ${pages} pages to ${file}\n`);
      setExit(0);
    });
  program
    .command('restore')
    .argument('<file>', 'a backup written by `baton backup`')
    .description('replace the embedded store with a backup (stop servers using it first)')
    .option('--db <file>', 'the store (default: $BATON_DB, else .baton/baton.db)')
    .action(async (file: string, options: Record<string, unknown>) => {
      const location = storeLocation(options);
      if (isPostgresUrl(location))
        throw new BatonError(
          'invalid-argument',
          'restore works on the embedded store; restore PostgreSQL with pg_restore (docs/store.md)',
        );
      const { kept } = await restoreStore(location, file);
      process.stdout.write(
        `restored ${location} from ${file}${kept ? ` (the previous store is kept as ${kept})` : ''}\n`,
      );
      setExit(0);
    });
}
