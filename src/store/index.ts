export { backupStore, restoreStore } from './backup.js';
export { type StoreEvent, listEvents } from './events.js';
export {
  type Principal,
  type TokenInfo,
  authenticate,
  createToken,
  listTokens,
  revokeToken,
  systemPrincipal,
} from './principals.js';
export {
  type AutoTicketLevel,
  type LatestScan,
  type RecordedScan,
  jobRecorded,
  latestScan,
  listScans,
  recordScan,
  rolesFor,
} from './scans.js';
export type { Stage, StepView } from './stage.js';
export { DEFAULT_LEASE_MS, Store, type StoreOptions, defaultStorePath, isPostgresUrl } from './store.js';
export {
  type NoteView,
  type TicketLinks,
  type TicketView,
  parseTicketKey,
  ticketKey,
} from './ticket-view.js';
export {
  Board,
  type HandoffNote,
  PRIORITIES,
  RESOLUTIONS,
  type Resolution,
  type TicketFilter,
  type TicketInput,
  type TicketPatch,
} from './tickets.js';
