/**
 * Resuming a suite file after its run ended early. When a run is killed (time, memory) or dies
 * (a crash, a process.exit()) in the middle of a test, that test fails, and the tests after it
 * have not run. Rather than fail them too (one hang would cost a whole file, as one panic costs
 * a whole `go test` binary, the reason TinyKV's Makefile runs 2B tests one by one), the grader
 * runs the tests that did not report again in a fresh process, the culprit left out. A file is
 * resumed at most MAX_RESUMES times, so code that dies in every test costs a bounded time.
 */
import type { TestEntry } from '../catalogue';
import { type FileRunInfo, type TestOutcome, distrust, settleFile } from './results';

/** How many times one file's run is resumed at most. */
export const MAX_RESUMES = 3;

/** The runs of one file (the first, then the resumed ones) and one outcome per test. */
export interface ResumedRun {
  readonly runs: FileRunInfo[];
  /** One per entry, in the entries' order. */
  readonly outcomes: TestOutcome[];
}

/**
 * The test that was running when the run ended early, if the run can be resumed after it: the
 * run is trusted, did not complete, and names a culprit (without one, a new run would end the
 * same way, say while loading the code under test).
 */
export function resumableCulprit(run: FileRunInfo): string | null {
  // A run cut short by a budget is not resumed: the budget is spent.
  if (run.killed === 'cutoff' || distrust(run) !== null || run.report === null || run.report.complete) return null;
  return run.report.running;
}

/** `message` with `note` at the end of its first line. */
function withNote(message: string, note: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? `${message} ${note}` : `${message.slice(0, nl)} ${note}${message.slice(nl)}`;
}

/**
 * Runs `entries` with `runOnce`, resuming after early ends (see the file comment) until
 * `stopped()`. When it stops a file that could have been resumed, the tests that did not run
 * get `whyStopped()`'s message, if it gives one (a budget was spent), else they keep theirs.
 */
export async function runResuming(entries: readonly TestEntry[], runOnce: (entries: readonly TestEntry[]) => Promise<FileRunInfo>,
  maxResumes = MAX_RESUMES, stopped: () => boolean = () => false, whyStopped: () => string | null = () => null): Promise<ResumedRun> {
  const settled = new Map<string, TestOutcome>();
  const runs: FileRunInfo[] = [];
  let remaining = [...entries];
  for (let attempt = 0; remaining.length > 0; attempt++) {
    const run = await runOnce(remaining);
    runs.push(run);
    const outcomes = settleFile(remaining, run);
    const culprit = resumableCulprit(run);
    const halted = culprit !== null && stopped();
    if (culprit === null || attempt >= maxResumes || halted) {
      const capped = culprit !== null && !halted;
      const why = halted ? whyStopped() : null;
      for (const o of outcomes) {
        const unrun = culprit !== null && o.durationMs === null && o.entry.name !== culprit && !o.passed;
        let message = o.message;
        if (unrun && capped) message = withNote(o.message, `(the file was resumed ${maxResumes} times after runs that ended early; the grader stopped there)`);
        else if (unrun && why !== null) message = why;
        settled.set(o.entry.name, message === o.message ? o : { ...o, message });
      }
      break;
    }
    const reported = new Set((run.report?.tests ?? []).map((t) => t.name));
    for (const o of outcomes) if (reported.has(o.entry.name) || o.entry.name === culprit) settled.set(o.entry.name, o);
    remaining = remaining.filter((e) => !settled.has(e.name));
  }
  return { runs, outcomes: entries.map((e) => settled.get(e.name) as TestOutcome) };
}
