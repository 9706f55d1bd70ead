import type { Finding, Mismatch } from '../scan/scan-result.js';

export interface Health {
  /** 0–100: 100 when nothing disagrees. */
  score: number;
  /** What took points away, by kind. */
  deductions: { kind: string; count: number; points: number }[];
}

/** Points one mismatch costs, by severity; each kind's total is capped so one noisy kind cannot zero the score. */
const COST = { error: 8, warning: 3, info: 0.25 } as const;
const KIND_CAP = 40;

/**
 * The project's health from what disagrees (docs/health.md): 100 minus, per kind, the cost of its
 * mismatches and findings (an error 8, a warning 3, an info a quarter point), each kind or rule capped at 40.
 */
export function healthOf(mismatches: readonly Mismatch[], findings: readonly Finding[] = []): Health {
  const byKind = new Map<string, { count: number; points: number }>();
  // A finding weighs like a mismatch of its severity, its rule id standing for the kind.
  for (const m of [
    ...mismatches.map((x) => ({ kind: x.kind, severity: x.severity })),
    ...findings.map((f) => ({ kind: f.rule, severity: f.severity })),
  ]) {
    const entry = byKind.get(m.kind) ?? { count: 0, points: 0 };
    entry.count++;
    entry.points = Math.min(KIND_CAP, entry.points + COST[m.severity]);
    byKind.set(m.kind, entry);
  }
  const deductions = [...byKind]
    .map(([kind, { count, points }]) => ({ kind, count, points: Math.round(points * 10) / 10 }))
    .sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
  const lost = deductions.reduce((sum, d) => sum + d.points, 0);
  return { score: Math.max(0, Math.round(100 - lost)), deductions };
}

/** A ticket as the board health reads it. */
export interface BoardTicket {
  stage: string;
  steps: { status: string; blockedOn?: string }[];
}

const BOARD = [
  // Work that cannot move: it waits for another ticket.
  {
    kind: 'board:blocked',
    cost: 2,
    applies: (t: BoardTicket) =>
      t.stage !== 'closed' &&
      t.steps.some(
        (s) => s.status === 'pending' && s.blockedOn !== undefined && !s.blockedOn.startsWith('role '),
      ),
  },
  // Fixes nobody has confirmed: done by agents, not yet verified by a human.
  { kind: 'board:awaiting-verification', cost: 1, applies: (t: BoardTicket) => t.stage === 'validation' },
] as const;
const BOARD_CAP = 10;

/**
 * The scan's health with the board's state taken in (docs/health.md): a blocked ticket costs 2, a ticket
 * waiting for human verification 1, each kind capped at 10. Open tickets for mismatches cost nothing more:
 * their mismatches already count.
 */
export function withBoard(health: Health, tickets: readonly BoardTicket[]): Health {
  const deductions = [...health.deductions];
  for (const rule of BOARD) {
    const count = tickets.filter(rule.applies).length;
    if (count > 0)
      deductions.push({ kind: rule.kind, count, points: Math.min(BOARD_CAP, count * rule.cost) });
  }
  deductions.sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
  const lost = deductions.reduce((sum, d) => sum + d.points, 0);
  return { score: Math.max(0, Math.round(100 - lost)), deductions };
}
