/**
 * The failure report of a safety test, written for a student: which run broke (seed, run
 * number, how to replay it), which invariant and how, the run as the shrinker left it, the last
 * events before the break, and every node's state at that moment.
 */
import { replayCommand } from '../sim/replay';
import { RunResult } from './driver';
import { Shrunk } from './shrink';
import { Schedule } from './schedule';

/** What the report needs to know besides the failure itself. */
export interface FailureContext {
  /** The graded test's name (for the replay command). */
  readonly test: string;
  /** The base seed of the test (RAFTKV_SEED). */
  readonly baseSeed: number;
  /** Which run of the test failed (1-based), and how many it has. */
  readonly run: number;
  readonly runs: number;
  /** The original failing schedule and its failure. */
  readonly original: Schedule;
  readonly originalResult: Extract<RunResult, { ok: false }>;
  /** The shrunk one, or null when shrinking was skipped (the nodes could not even start). */
  readonly shrunk: Shrunk | null;
}

function where(step: number, steps: number): string {
  if (step === 0) return 'while starting the nodes';
  if (step > steps) return 'in the liveness phase, after the faults stopped';
  return `at step ${step} of ${steps}`;
}

/** The report, as lines of text. */
export function formatFailure(c: FailureContext): string {
  const shown = c.shrunk?.result ?? c.originalResult;
  const shownSteps = c.shrunk?.schedule.steps.length ?? c.original.steps.length;
  const lines = [
    `${c.test}: a Raft safety invariant broke in run ${c.run} of ${c.runs} (base seed ${c.baseSeed}, run seed ${c.original.seed}, ${c.original.nodes} nodes).`,
    '',
    `broken: ${shown.violation.invariant}`,
    `  ${shown.violation.message}`,
    '',
    c.shrunk === null
      ? `The run broke ${where(c.originalResult.step, c.original.steps.length)} (not shrunk).`
      : `The run broke ${where(c.originalResult.step, c.original.steps.length)}; shrunk from ${c.original.steps.length} steps to ${shownSteps} `
        + `(${c.shrunk.reruns} re-runs), where it breaks ${where(shown.step, shownSteps)}. Below: the shrunk run.`,
    '',
    `last events (of ${shownSteps} steps):`,
    ...shown.events.map((e) => `  ${e}`),
    '',
    'nodes when it broke:',
    ...shown.nodes.map((n) => `  ${n}`),
    '',
    `replay: ${replayCommand(c.test, c.baseSeed)}   (${c.run > 1 ? `runs 1..${c.run - 1} pass, ` : ''}run ${c.run} fails the same way)`,
  ];
  return lines.join('\n');
}
