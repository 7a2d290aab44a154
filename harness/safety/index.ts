/**
 * The randomized safety test: many seeded runs of a small raft cluster under faults (see
 * schedule.ts, driver.ts, invariants.ts, liveness.ts), the first failing run shrunk
 * (shrink.ts) and reported (report.ts). The graded tests call runSafetyTest.
 */
import { baseSeed, testSeed } from '../sim/seed';
import { runSchedule, RunResult } from './driver';
import { formatFailure } from './report';
import { generateSchedule, Profile } from './schedule';
import { shrinkSchedule } from './shrink';

export { runSchedule } from './driver';
export type { RunResult } from './driver';
export { generateSchedule } from './schedule';
export type { Profile, Schedule, Step } from './schedule';

/** One graded safety test. */
export interface SafetyTest {
  /** The test's name: run seeds are derived from it and the base seed. */
  readonly name: string;
  /** How many runs. */
  readonly runs: number;
  /** What the runs look like. */
  readonly profile: Profile;
}

/** The seed of run `run` (1-based) of a test under base seed `base`. */
export function runSeed(base: number, test: string, run: number): number {
  return testSeed(base, `${test}#run${run}`);
}

/**
 * Runs the test's runs in order and throws the report of the first that fails, shrunk.
 * With RAFTKV_SAFETY_ALL=1 (for instructors measuring a test against a planted bug) it runs
 * them all and the report starts with how many failed.
 */
export function runSafetyTest(t: SafetyTest): void {
  const base = baseSeed();
  const all = process.env.RAFTKV_SAFETY_ALL === '1';
  let first: string | null = null;
  let failed = 0;
  const invariants = new Map<string, number>();
  for (let run = 1; run <= t.runs; run++) {
    const schedule = generateSchedule(runSeed(base, t.name, run), t.profile);
    const result: RunResult = runSchedule(schedule);
    if (result.ok) continue;
    failed++;
    invariants.set(result.violation.invariant, (invariants.get(result.violation.invariant) ?? 0) + 1);
    if (first === null) {
      // Nodes that cannot even start (the skeleton) fail at once, without shrinking.
      const shrunk = result.step === 0 ? null : shrinkSchedule(schedule, result);
      first = formatFailure({ test: t.name, baseSeed: base, run, runs: t.runs, original: schedule, originalResult: result, shrunk });
    }
    if (!all || result.step === 0) break;
  }
  if (first === null) return;
  if (all) {
    const kinds = [...invariants].map(([k, v]) => `${k} x${v}`).join(', ');
    throw new Error(`${failed} of ${t.runs} runs failed (${kinds}).\n\n${first}`);
  }
  throw new Error(first);
}
