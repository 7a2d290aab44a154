/**
 * Shrinking a failing run: drop chunks of steps from its schedule, keeping a smaller schedule
 * whenever it still breaks the same invariant, so that the student reads the shortest run
 * that breaks. Bounded by the number of re-runs and by the steps they execute in total (no
 * clock: the result is the same on every machine).
 */
import { runSchedule, RunResult } from './driver';
import { Schedule } from './schedule';

/** The most re-runs one shrink makes. */
export const MAX_SHRINK_RUNS = 200;

/** The most steps all the re-runs of one shrink execute together. */
export const MAX_SHRINK_STEPS = 100_000;

/** A shrunk failing run. */
export interface Shrunk {
  /** The smallest failing schedule found. */
  readonly schedule: Schedule;
  /** Its failure (the same invariant as the original's). */
  readonly result: Extract<RunResult, { ok: false }>;
  /** How many re-runs the shrink made. */
  readonly reruns: number;
}

/** The schedule cut just after the step that broke (the steps after it played no part). */
function cut(s: Schedule, failedAt: number): Schedule {
  return failedAt >= 1 && failedAt < s.steps.length ? { ...s, steps: s.steps.slice(0, failedAt) } : s;
}

/**
 * Shrinks `schedule`, which fails with `failure`: first cuts it after the failing step, then
 * removes chunks of steps (halves, quarters, ... single steps), keeping each removal after
 * which the run still breaks the same invariant.
 */
export function shrinkSchedule(schedule: Schedule, failure: Extract<RunResult, { ok: false }>): Shrunk {
  const invariant = failure.violation.invariant;
  let best = cut(schedule, failure.step);
  let bestResult = failure;
  let reruns = 0;
  let spent = 0;
  const tryRun = (cand: Schedule): Extract<RunResult, { ok: false }> | null => {
    reruns++;
    spent += cand.steps.length;
    const r = runSchedule(cand);
    return !r.ok && r.violation.invariant === invariant ? r : null;
  };
  const budgetLeft = (): boolean => reruns < MAX_SHRINK_RUNS && spent < MAX_SHRINK_STEPS;

  if (best !== schedule) {
    const r = tryRun(best);
    if (r === null) best = schedule; // cannot happen for a deterministic run; keep the original if it does
    else bestResult = r;
  }
  let chunk = Math.max(1, Math.ceil(best.steps.length / 2));
  while (budgetLeft()) {
    let removedAny = false;
    for (let i = 0; i < best.steps.length && budgetLeft();) {
      const cand: Schedule = { ...best, steps: [...best.steps.slice(0, i), ...best.steps.slice(i + chunk)] };
      const r = tryRun(cand);
      if (r !== null) {
        best = cut(cand, r.step);
        bestResult = r;
        removedAny = true;
      } else {
        i += chunk;
      }
    }
    if (!removedAny) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  return { schedule: best, result: bestResult, reruns };
}
