/**
 * One grading session, from parsed options to exit status: prepare (select the tests, check
 * the target), then grade once (session-once.ts) or N times (session-runs.ts), print the
 * per-part table and the totals, and write results.json and the JUnit XML.
 */
import * as path from 'node:path';
import { CATALOGUE, type Catalogue, type TestEntry } from './catalogue';
import { prepare, selectOrExplain } from './prepare';
import { type RunContext, colors, formatCatalogue } from './report/console';
import { readBudget } from './runner/budget';
import { measureWorkloadMs } from './runner/calibrate';
import { Deadline, runCutoff } from './runner/deadline';
import { planLimits } from './runner/limits';
import type { TestOutcome } from './runner/results';
import { killAllRuns } from './runner/spawn';
import { openWorkspace } from './runner/workspace';
import { EXIT, type SessionContext, type SessionOptions, close } from './session-close';
import { gradeOnce } from './session-once';
import { gradeRepeatedly } from './session-runs';

export { EXIT, type SessionOptions } from './session-close';

/** The environment that --trace adds to the test processes. */
export function traceEnv(dir: string | undefined): Record<string, string> {
  if (dir === undefined) return {};
  return { RAFTKV_TRACE_DIR: path.resolve(dir), RAFTKV_TRACE_ALL: '1' };
}

/** A tree that cannot be graded: the reason, then every test at 0. */
function closeUngradable(s: Pick<SessionContext, 'opts' | 'cat' | 'ctx' | 'c'>, tests: readonly TestEntry[], reason: string, details: readonly string[]): number {
  console.error(`grade: ${reason}`);
  for (const d of details) console.error(`  ${d}`);
  const message = [`not graded: ${reason}`, ...details.map((d) => `  ${d}`)].join('\n');
  const outcomes = tests.map((entry): TestOutcome => ({ entry, passed: false, durationMs: null, message }));
  close(s, { outcomes, wallMs: 0, note: message });
  return EXIT.failed;
}

/** Runs a session and returns its exit status. */
export async function runSession(opts: SessionOptions, cat: Catalogue = CATALOGUE): Promise<number> {
  const tty = process.stdout.isTTY === true;
  const c = colors(tty);
  if (opts.list) {
    const selected = selectOrExplain(opts, cat);
    if (!selected.ok) {
      console.error(`grade: ${selected.error}`);
      return EXIT.usage;
    }
    console.log(formatCatalogue(cat, selected.tests, c).join('\n'));
    return EXIT.passed;
  }
  const ctx: RunContext = { seed: opts.seed, target: opts.target };
  // The budget counts from the start: preparing the tree (the type check) spends it too.
  const deadline = opts.budgetSeconds === undefined ? Deadline.none() : new Deadline(opts.budgetSeconds, runCutoff(opts.budgetSeconds));
  const p = prepare(opts, cat);
  if (p.kind === 'usage') {
    console.error(`grade: ${p.error}`);
    return EXIT.usage;
  }
  if (p.kind === 'ungradable') return closeUngradable({ opts, cat, ctx, c }, p.tests, p.reason, p.details);

  const limits = planLimits(readBudget(), opts, measureWorkloadMs);
  for (const line of limits.lines) console.log(line);
  if (opts.budgetSeconds !== undefined) {
    console.log(`budget: ${opts.budgetSeconds} s for the whole run (--budget); ${Math.round(deadline.remainingMs() / 1000)} s left after preparing the tree`);
  }
  const workspace = openWorkspace();
  let interrupted = false;
  const onSignal = (): void => {
    if (opts.runs === undefined || interrupted) {
      killAllRuns();
      workspace.close();
      process.exit(EXIT.interrupted);
    }
    // --runs: stop, and report what finished (a second Ctrl-C quits at once).
    interrupted = true;
    killAllRuns();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const session: SessionContext = {
    opts, cat, tests: p.tests, targetDir: p.targetDir, ctx, c, tty, workspace, env: traceEnv(opts.trace), interrupted: () => interrupted,
    limits, deadline,
  };
  try {
    return opts.runs === undefined ? await gradeOnce(session) : await gradeRepeatedly(session, opts.runs);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    workspace.close();
  }
}
