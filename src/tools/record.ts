import { applySuppressions } from '../match/suppress.js';
import { type AutoTickets, scanTargets } from '../scan/config.js';
import type { ScanResult } from '../scan/scan-result.js';
import { type RecordedScan, type Store, recordScan } from '../store/index.js';

/**
 * Records a finished scan the way every path does it (`baton scan --db`, `run_scan`, the git webhook):
 * inline suppressions hold (a `baton-ignore`d mismatch or finding opens no ticket), and tickets open at the level the
 * caller gives or the project's `tickets.auto` says.
 */
export async function recordScanResult(
  store: Store,
  result: ScanResult,
  paths: readonly string[],
  level?: AutoTickets,
  job?: string,
): Promise<RecordedScan & { mismatches: number }> {
  const { kept, findings } = applySuppressions(result);
  const chosen = level ?? scanTargets(paths, process.cwd()).autoTickets ?? 'error';
  const recorded = await recordScan(store, { ...result, mismatches: kept, findings }, chosen, paths, job);
  return { ...recorded, mismatches: kept.length };
}
