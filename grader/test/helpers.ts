/**
 * Shared makers for the grader's unit tests: catalogue entries and outcomes.
 */
import type { TestEntry } from '../catalogue';
import type { TestOutcome } from '../runner/results';

/** A catalogue entry of part `part` (its file is a made-up suite). */
export function entryOf(name: string, part: string, points = 1, file = 'grader/suites/2a/x.test.ts'): TestEntry {
  return { name, part, points, description: `${name} checks something.`, origin: 'tinykv', file };
}

/** An outcome of `entry`. */
export function outcomeOf(entry: TestEntry, passed: boolean, durationMs: number | null = 5, message = passed ? '' : 'Error: failed'): TestOutcome {
  return { entry, passed, durationMs, message };
}
