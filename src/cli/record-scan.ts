import { resolve } from 'node:path';
import { BatonError } from '../errors.js';
import type { AutoTickets } from '../scan/config.js';
import type { ScanResult } from '../scan/scan-result.js';
import { Store } from '../store/index.js';
import { recordScanResult } from '../tools/record.js';
import { storeToRecord } from './store-options.js';

const LEVELS: readonly AutoTickets[] = ['error', 'warning', 'info', 'off'];

/**
 * Stores a finished scan when the project has a store (`--db`, $BATON_DB, or an existing
 * .baton/baton.db), opening tickets per `--auto-tickets` / `tickets.auto`. Says what it did on stderr, so
 * `--json` output stays clean.
 */
export async function recordIfStored(
  result: ScanResult,
  paths: string[],
  options: Record<string, unknown>,
): Promise<void> {
  const location = storeToRecord(options);
  if (!location) return;
  const given = options.autoTickets;
  if (given !== undefined && !LEVELS.includes(given as AutoTickets))
    throw new BatonError(
      'invalid-argument',
      `--auto-tickets: expected one of ${LEVELS.join(', ')}, got "${String(given)}"`,
    );
  const store = await Store.open(location);
  try {
    const scanned = (paths.length > 0 ? paths : ['.']).map((p) => resolve(p));
    const recorded = await recordScanResult(store, result, scanned, given as AutoTickets | undefined);
    const tickets = [
      recorded.opened.length ? `opened ${recorded.opened.join(', ')}` : '',
      recorded.reopened.length ? `reopened ${recorded.reopened.join(', ')}` : '',
      recorded.toValidation.length ? `to validation ${recorded.toValidation.join(', ')}` : '',
    ].filter(Boolean);
    process.stderr.write(
      `baton: recorded scan #${recorded.id} in ${store.describe()}: ${recorded.new.length} new, ${recorded.gone.length} gone since the last scan${tickets.length ? `; ${tickets.join('; ')}` : ''}\n`,
    );
  } finally {
    await store.close();
  }
}
