/**
 * The ways a simulated run fails on its own (as opposed to a failed assertion): every message
 * names the seed, so the run can be replayed.
 */

/** The test awaits something that no event will ever resolve: the event queue ran dry. */
export class SimDeadlockError extends Error {
  constructor(readonly seed: number, readonly virtualMs: number) {
    super(`deadlock at t=${virtualMs.toFixed(3)}ms (seed ${seed}): the test awaits something that no event will ever resolve `
      + '(the event queue is empty, so virtual time cannot move on)');
    this.name = 'SimDeadlockError';
  }
}

/** The run used up its event budget: events keep firing, but the test does not finish. */
export class SimBudgetError extends Error {
  constructor(readonly seed: number, readonly virtualMs: number, readonly budget: number, lastLabel: string) {
    super(`event budget of ${budget} events exceeded at t=${virtualMs.toFixed(3)}ms (seed ${seed}): the run no longer makes `
      + `progress (timers and messages keep firing, but the test never finishes; last event: ${lastLabel})`);
    this.name = 'SimBudgetError';
  }
}

/** An event's callback threw; `cause` is what it threw. */
export class SimEventError extends Error {
  constructor(readonly seed: number, readonly virtualMs: number, label: string, cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`event "${label}" at t=${virtualMs.toFixed(3)}ms (seed ${seed}) threw ${what}`, { cause });
    this.name = 'SimEventError';
    if (cause instanceof Error && cause.stack !== undefined) this.stack = `${this.stack ?? this.message}\nCaused by: ${cause.stack}`;
  }
}
