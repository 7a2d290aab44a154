/**
 * Gradescope's results.json (the autograder specification's schema): the total score, one
 * entry per test with its score, maximum, status, output and tags, and the run time.
 */
import type { TestOutcome } from '../runner/results';
import { type RunContext, cleanFailure, earned, replayCommand } from './console';

/** One test in results.json. */
export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  /** [part, origin] */
  readonly tags: string[];
}

/** The whole results.json. */
export interface GradescopeResults {
  readonly score: number;
  readonly tests: GradescopeTest[];
  /** Seconds. */
  readonly execution_time: number;
  /** Shown above the tests: why the submission could not be graded, when it could not. */
  readonly output?: string;
}

/** The longest failure text kept per test (Gradescope shows it to the student). */
export const MAX_FAILURE_CHARS = 8000;

/** The output of one test: what it checks, and for a failure why and how to replay it. */
function outputOf(o: TestOutcome, ctx: RunContext): string {
  if (o.passed) return o.entry.description;
  let failure = cleanFailure(o.message);
  if (failure.length > MAX_FAILURE_CHARS) failure = `${failure.slice(0, MAX_FAILURE_CHARS)}\n... (cut)`;
  return `${o.entry.description}\n\n${failure}\n\nreplay: ${replayCommand(o.entry.name, ctx)}`;
}

/** results.json for a grading run; `output` (if any) is shown above the tests. */
export function toGradescope(outcomes: readonly TestOutcome[], ctx: RunContext, wallMs: number, output?: string): GradescopeResults {
  const tests = outcomes.map((o): GradescopeTest => ({
    name: o.entry.name,
    score: earned(o),
    max_score: o.entry.points,
    status: o.passed ? 'passed' : 'failed',
    output: outputOf(o, ctx),
    tags: [o.entry.part, o.entry.origin],
  }));
  return {
    score: tests.reduce((s, t) => s + t.score, 0),
    tests,
    execution_time: Math.round(wallMs / 1000),
    ...(output === undefined || output === '' ? {} : { output }),
  };
}
