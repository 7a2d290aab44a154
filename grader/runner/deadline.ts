/**
 * Time budgets above the per-test limit, so that a submission that hangs everywhere still
 * gets a complete report within a known time:
 *
 * - `--budget S`, for a whole grading run, for platforms that kill the grader at their own
 *   limit and leave the student nothing (Gradescope: 10 minutes by default). Once S seconds
 *   have passed since the session started, no more jest runs start, the runs still going are
 *   stopped, and every test that did not finish fails with "not run: out of time (budget S
 *   s)", while the tests that finished keep their results and the reports are written as usual;
 * - a budget per suite file, FILE_BUDGET_TESTS per-test limits for all its tests together, so
 *   that one file whose tests all hang (a livelock in every KV test, say) costs minutes, not
 *   an hour, and leaves time for the other files.
 *
 * The clock is injected, so the grader's own tests of the budgets are deterministic.
 */

/** The wall clock, in ms (Date.now unless a test passes a fake one). */
export type Clock = () => number;

/** A suite file's tests may take this many per-test limits in all (its resumed runs included). */
export const FILE_BUDGET_TESTS = 3;

/** Why a run was cut short by a budget: the messages for the tests it did not finish. */
export interface Cutoff {
  /** For a test that never started. */
  readonly notRun: string;
  /** For the test that was running. */
  readonly stopped: string;
}

/** Seconds as the messages show them: `30`, `2.5`. */
function formatSeconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** The cutoff of the whole run's budget (--budget). */
export function runCutoff(budgetSeconds: number): Cutoff {
  const budget = `out of time (budget ${formatSeconds(budgetSeconds)} s)`;
  return {
    notRun: `not run: ${budget}: the whole run has a time limit (--budget), and it was spent before this test could run`,
    stopped: `stopped: ${budget} while this test was running: the whole run has a time limit (--budget), and it ran out before this test finished`,
  };
}

/** The cutoff of one suite file's budget. */
export function fileCutoff(budgetSeconds: number, testLimitSeconds: number): Cutoff {
  const budget = `out of time for this suite file (${formatSeconds(budgetSeconds)} s, ${FILE_BUDGET_TESTS} times the `
    + `per-test limit of ${formatSeconds(testLimitSeconds)} s)`;
  return {
    notRun: `not run: ${budget}: the tests before it in the same file used up the file's time (look at why they failed: `
      + 'a hang or a livelock there costs this test too)',
    stopped: `stopped: ${budget} while this test was running: the tests before it in the same file used up most of the file's time`,
  };
}

/** A time budget; see the file comment. */
export class Deadline {
  private readonly endsAt: number;

  /** A budget of `seconds` from now (Infinity: none), cut off with `cutoff` once spent. */
  constructor(readonly seconds: number, readonly cutoff: Cutoff, private readonly clock: Clock = Date.now) {
    if (!(seconds > 0)) throw new Error(`Deadline: the budget must be positive, got ${seconds}`);
    this.endsAt = clock() + seconds * 1000;
  }

  /** No budget at all: never expires. */
  static none(clock: Clock = Date.now): Deadline {
    return new Deadline(Infinity, runCutoff(Infinity), clock);
  }

  /** True once the budget is spent. */
  expired(): boolean {
    return this.clock() >= this.endsAt;
  }

  /** Milliseconds left (0 once spent; Infinity without a budget). */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock());
  }
}

/** The cutoff of the first of `deadlines` that expired, or null while none has. */
export function firstCutoff(deadlines: readonly Deadline[]): Cutoff | null {
  for (const d of deadlines) if (d.expired()) return d.cutoff;
  return null;
}
