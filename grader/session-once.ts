/**
 * Grading once (the default): the header, a line per test as each suite file finishes (in
 * catalogue order, under a progress bar on a terminal), then the closing (session-close.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatFailureForFile, formatHeader, formatOutcome } from './report/console';
import { LiveResults } from './report/live-results';
import { createProgress } from './report/progress';
import { grade, groupByFile } from './runner/grade';
import type { TestOutcome } from './runner/results';
import { EXIT, type SessionContext, close } from './session-close';

/** Grades the selected tests once; resolves to the exit status. */
export async function gradeOnce(s: SessionContext): Promise<number> {
  const { opts, tests, c } = s;
  const failuresFile = path.join(os.tmpdir(), 'raftkv-grade', `failures-${process.pid}.txt`);
  const ctx = { ...s.ctx, failuresFile };
  let failuresStarted = false;
  /** Appends the whole message of each failure to the failures file (the console shows its first lines). */
  const keepFailures = (outcomes: readonly TestOutcome[]): void => {
    const failed = outcomes.filter((o) => !o.passed);
    if (failed.length === 0) return;
    try {
      if (!failuresStarted) fs.mkdirSync(path.dirname(failuresFile), { recursive: true });
      const text = failed.map((o) => formatFailureForFile(o, ctx)).join('\n');
      if (failuresStarted) fs.appendFileSync(failuresFile, text);
      else fs.writeFileSync(failuresFile, text);
      failuresStarted = true;
    } catch {
      // The console still shows the first lines of each failure.
    }
  };
  const files = groupByFile(tests).size;
  const { limits } = s;
  console.log(`${formatHeader(tests, files, ctx, s.targetDir)}, ${Math.min(limits.jobs, files)} at a time`);
  // results.json is kept complete and valid as tests finish, so a grader killed midway leaves it.
  const live = opts.json === undefined ? null : new LiveResults(opts.json, tests, s.ctx);
  const progress = createProgress(tests.length, s.tty);
  let failed = 0;
  let finished = 0;
  const result = await grade({
    tests, targetDir: s.targetDir, seed: opts.seed, timeoutSeconds: limits.testLimitSeconds, timeScale: limits.timeScale,
    memoryMb: limits.heapMb, groupLimitMb: limits.groupLimitMb, deadline: s.deadline,
    jobs: limits.jobs, workspace: s.workspace, env: s.env, stopped: s.interrupted,
    onOutcomes: (outcomes) => live?.add(outcomes),
    onFile: (outcomes) => {
      failed += outcomes.filter((o) => !o.passed).length;
      keepFailures(outcomes);
      progress.log(outcomes.flatMap((o) => formatOutcome(o, ctx, c)));
      progress.update(finished, failed);
    },
    onProgress: (n) => {
      finished = n;
      progress.update(finished, failed);
    },
  });
  progress.stop();
  if (s.deadline.expired()) {
    const unfinished = result.outcomes.filter((o) => !o.passed && o.durationMs === null).length;
    console.log(c.bold(`out of time: the budget of ${opts.budgetSeconds ?? '?'} s (--budget) was spent; ${unfinished} tests did not finish`));
  }
  close(s, { outcomes: result.outcomes, wallMs: result.wallMs });
  return result.outcomes.length === tests.length && result.outcomes.every((o) => o.passed) ? EXIT.passed : EXIT.failed;
}
