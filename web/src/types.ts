// What the views read from the REST API: the server's own types (type-only imports, so nothing of the server
// is bundled), and the few shapes the dashboard endpoints add.
import type { SourceLocation } from '../../src/scan/scan-result.js';
import type { Principal } from '../../src/store/principals.js';
import type { Stage } from '../../src/store/stage.js';

export type { SourceLocation as Source } from '../../src/scan/scan-result.js';
export type { StoreEvent } from '../../src/store/events.js';
export type { Stage, StepView as Step } from '../../src/store/stage.js';
export type { NoteView as Note, TicketView as Ticket } from '../../src/store/ticket-view.js';

export const STAGES: readonly Stage[] = ['backlog', 'ready', 'in_progress', 'validation', 'live', 'closed'];

/** A mismatch (`kind`, `sources`) or a finding (`rule`, `source`) of `GET /dashboard/issues`. */
export interface Issue {
  fingerprint: string;
  kind?: string;
  rule?: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  suggestion?: string;
  fix?: string;
  sources?: SourceLocation[];
  source?: SourceLocation;
  new: boolean;
}

/** `GET /me`: the signed-in principal. */
export type Me = Pick<Principal, 'project' | 'role' | 'human' | 'label'>;
