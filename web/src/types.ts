// The shapes the views read from the REST API (the server's TicketView, Mismatch, Finding…), as far as
// the dashboard uses them.

export type Stage = 'backlog' | 'ready' | 'in_progress' | 'validation' | 'live' | 'closed';
export const STAGES: readonly Stage[] = ['backlog', 'ready', 'in_progress', 'validation', 'live', 'closed'];

export interface Step {
  position: number;
  role: string;
  status: 'pending' | 'in_progress' | 'done' | 'skipped';
  holder?: string;
  leaseUntil?: string;
  ready: boolean;
  blockedOn?: string;
}

export interface Note {
  id: number;
  kind: string;
  author: string;
  body: string;
  data?: Record<string, unknown>;
  at: string;
}

export interface Ticket {
  key: string;
  title: string;
  description: string;
  acceptance: string[];
  priority: string;
  milestone?: string;
  labels: string[];
  blockedBy: string[];
  links: { fingerprints?: string[]; files?: string[]; endpoints?: string[]; tables?: string[] };
  fingerprint?: string;
  stage: Stage;
  resolution?: string;
  steps: Step[];
  version: number;
  verifiedBy?: string;
  notes?: Note[];
}

export interface Source {
  repo: string;
  file: string;
  line: number;
  column: number;
}

export interface Issue {
  fingerprint: string;
  kind?: string;
  rule?: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  suggestion?: string;
  fix?: string;
  sources?: Source[];
  source?: Source;
  new: boolean;
}

export interface Me {
  project: string;
  role: string;
  human: boolean;
  label: string;
}

export interface StoreEvent {
  id: number;
  ticket?: string;
  principal: string;
  action: string;
  at: string;
}
