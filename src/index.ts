/**
 * Baton as a library: `scan()` and the ScanResult types, and the store with its board (tickets, tokens,
 * scans, events). Everything else is internal.
 */
export { scan } from './scan/scan.js';
export type { ScanOptions, ScanProgress } from './scan/scan.js';
export type * from './scan/scan-result.js';
export { BatonError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { VERSION } from './version.js';
export * from './store/index.js';
