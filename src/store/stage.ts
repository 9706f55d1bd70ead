/**
 * Where a ticket stands, derived from its steps rather than stored, so it can never disagree with them.
 * DESIGN §6: `backlog → ready → in_progress → validation → live`, or `closed`.
 */
export type Stage = 'backlog' | 'ready' | 'in_progress' | 'validation' | 'live' | 'closed';
export type StepStatus = 'pending' | 'in_progress' | 'done' | 'skipped';

export interface StepState {
  position: number;
  role: string;
  status: StepStatus;
  holder?: string;
  leaseUntil?: string;
}

export interface StepView extends StepState {
  /** Every earlier step is done or skipped, every blocker is live, and nobody holds it. */
  ready: boolean;
  /** Why a pending step is not ready: `role backend on HO-3`, or `HO-2`. */
  blockedOn?: string;
}

/**
 * A step whose lease ran out is pending again: abandoned work returns to the board by itself, without a
 * sweeper process (the next claim records the expiry in the event log).
 */
export function effectiveStatus(status: string, leaseUntil: string | null, now: string): StepStatus {
  if (status === 'in_progress' && leaseUntil !== null && leaseUntil < now) return 'pending';
  return status as StepStatus;
}

export function isFinished(status: StepStatus): boolean {
  return status === 'done' || status === 'skipped';
}

/**
 * `openBlockers`: tickets named in `blockedBy` that are neither live nor closed (a closed blocker holds
 * nothing back any more).
 */
export function viewSteps(
  key: string,
  steps: readonly StepState[],
  openBlockers: readonly string[],
  settled: boolean,
): StepView[] {
  const views: StepView[] = [];
  let earlier: StepState | undefined;
  for (const step of steps) {
    const view: StepView = { ...step, ready: false };
    if (step.status === 'pending' && !settled) {
      if (earlier) view.blockedOn = `role ${earlier.role} on ${key}`;
      else if (openBlockers.length > 0) view.blockedOn = openBlockers.join(', ');
      else view.ready = true;
    }
    if (!earlier && !isFinished(step.status)) earlier = step;
    views.push(view);
  }
  return views;
}

export function stageOf(
  ticket: { resolution: string | null; verified_at: string | null },
  steps: readonly StepView[],
): Stage {
  if (ticket.resolution) return 'closed';
  if (ticket.verified_at) return 'live';
  if (steps.every((s) => isFinished(s.status))) return 'validation';
  if (steps.some((s) => s.status === 'in_progress' || isFinished(s.status))) return 'in_progress';
  return steps.some((s) => s.ready) ? 'ready' : 'backlog';
}
