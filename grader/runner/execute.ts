/**
 * Runs a list of tasks (one suite file's selected tests on one seed each) in parallel, each as
 * a jest run resumed after early ends (runner/resume.ts), settles each into outcomes, and keeps
 * watch over the grader's own files: after each run the fingerprint of grader/ and harness/ is
 * taken again, and once it differs from the one taken before the first run, that run and every
 * later one earn nothing (later ones are not even started).
 *
 * Two budgets bound the time (runner/deadline.ts): each task's suite file gets
 * FILE_BUDGET_TESTS per-test limits for all its runs, and once the whole run's budget
 * (--budget) is spent, no task starts and the tasks never started fail "not run: out of time".
 */
import type { TestEntry } from '../catalogue';
import { type Clock, Deadline, FILE_BUDGET_TESTS, fileCutoff, firstCutoff } from './deadline';
import { type Fingerprint, changedFiles, fingerprint } from './fingerprint';
import { runPool } from './pool';
import type { FileRunInfo, TestOutcome } from './results';
import { MAX_RESUMES, runResuming } from './resume';
import { type SuiteRunOptions, runSuiteFile } from './spawn';
import type { Workspace } from './workspace';

/** One jest run: the selected tests of one suite file, on one base seed. */
export interface RunTask {
  readonly file: string;
  readonly entries: readonly TestEntry[];
  readonly seed: number;
}

/** A finished task. */
export interface TaskResult {
  readonly task: RunTask;
  /** The jest runs it took: the first, then those that resumed it (runner/resume.ts). */
  readonly runs: FileRunInfo[];
  /** One per entry of the task, in its order. */
  readonly outcomes: TestOutcome[];
}

/** How to run the tasks. */
export interface ExecuteOptions {
  readonly tasks: readonly RunTask[];
  /** The absolute path of the tree under test. */
  readonly targetDir: string;
  /** The per-test limit, in seconds (already scaled by `timeScale`). */
  readonly timeoutSeconds: number;
  /** The time scale in `timeoutSeconds` (for the messages; default 1). */
  readonly timeScale?: number;
  /** The heap limit of each jest process, in MB. */
  readonly memoryMb: number;
  /** The resident-memory limit of each run's process group, in MB (default: runner/memory.ts's). */
  readonly groupLimitMb?: number;
  /** The whole run's budget (--budget); default none. */
  readonly deadline?: Deadline;
  /** The clock of the files' budgets (tests pass a fake one); default Date.now. */
  readonly clock?: Clock;
  /** How many jest processes at once. */
  readonly jobs: number;
  readonly workspace: Workspace;
  /** More environment for the test processes. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called as each run finishes (in completion order), with the task's index. */
  readonly onTaskDone?: (result: TaskResult, index: number) => void;
  /** Called as tests finish, with how many tests have finished in all the runs so far. */
  readonly onProgress?: (finished: number) => void;
  /** True stops starting new runs (Ctrl-C). */
  readonly stopped?: () => boolean;
  /** Runs one jest run (tests pass a fake one); default runSuiteFile. */
  readonly runFile?: (opts: SuiteRunOptions) => Promise<FileRunInfo>;
  /** Fingerprints the grader's files (tests pass a fixed one); default fingerprint. */
  readonly fingerprint?: () => Fingerprint;
}

/** The outcomes of a task that never ran: each test fails with `message`. */
function unrunTask(task: RunTask, message: string): TaskResult {
  return { task, runs: [], outcomes: task.entries.map((entry) => ({ entry, passed: false, durationMs: null, message })) };
}

/** Runs every task; resolves to the results of those that ran to the end, in task order. */
export async function execute(opts: ExecuteOptions): Promise<TaskResult[]> {
  const takeFingerprint = opts.fingerprint ?? fingerprint;
  const before = takeFingerprint();
  const runDeadline = opts.deadline ?? Deadline.none();
  const clock = opts.clock ?? Date.now;
  const runFile = opts.runFile ?? runSuiteFile;
  const interrupted = (): boolean => opts.stopped?.() === true;
  let compromised: string | null = null;
  const live = new Map<number, number>();
  let done = 0;
  const progress = (): void => {
    let n = done;
    for (const v of live.values()) n += v;
    opts.onProgress?.(n);
  };
  /** A run's result, untrusted once the grader's files have changed. */
  const checked = (run: FileRunInfo): FileRunInfo => {
    if (compromised === null) {
      const changed = changedFiles(before, takeFingerprint());
      if (changed.length > 0) {
        const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? `, and ${changed.length - 3} more` : '');
        compromised = `the grader's own files were modified during grading (${shown}), so neither this run nor any later one counts`;
      }
    }
    return compromised !== null && run.integrity === null ? { ...run, integrity: compromised } : run;
  };
  const results = await runPool(opts.tasks, async (task, index): Promise<TaskResult | undefined> => {
    if (compromised !== null) {
      // Nothing run from now on could be trusted: do not run it.
      const message = `no result of this run can be trusted: ${compromised}`;
      done += task.entries.length;
      progress();
      return unrunTask(task, message);
    }
    const fileSeconds = FILE_BUDGET_TESTS * opts.timeoutSeconds;
    const deadlines = [runDeadline, new Deadline(fileSeconds, fileCutoff(fileSeconds, opts.timeoutSeconds), clock)];
    const cutoff = (): ReturnType<typeof firstCutoff> => firstCutoff(deadlines);
    let reportedEarlier = 0; // tests settled by the earlier runs of this task
    const { runs, outcomes } = await runResuming(task.entries, async (entries) => {
      const names = entries.map((e) => e.name);
      const run = await runFile({
        file: task.file, names, targetDir: opts.targetDir, seed: task.seed, timeoutSeconds: opts.timeoutSeconds, timeScale: opts.timeScale,
        memoryMb: opts.memoryMb, groupLimitMb: opts.groupLimitMb, cutoff, workDir: opts.workspace.dir, cacheDir: opts.workspace.cacheDir, env: opts.env,
        onProgress: (n) => {
          live.set(index, reportedEarlier + n);
          progress();
        },
      });
      reportedEarlier = task.entries.length - entries.length + (run.report?.tests.filter((t) => names.includes(t.name)).length ?? 0);
      return checked(run);
    }, MAX_RESUMES, () => interrupted() || cutoff() !== null, () => cutoff()?.notRun ?? null);
    live.delete(index);
    // A run cut short by Ctrl-C says nothing about the code under test.
    if (interrupted()) return undefined;
    done += task.entries.length;
    progress();
    return { task, runs, outcomes };
  }, {
    jobs: opts.jobs,
    stopped: () => interrupted() || runDeadline.expired(),
    onResult: (r, i) => {
      if (r !== undefined) opts.onTaskDone?.(r, i);
    },
  });
  // The whole run's budget was spent: the tasks never started fail, and are reported as such.
  if (!interrupted()) {
    results.forEach((r, i) => {
      if (r !== undefined) return;
      const unrun = unrunTask(opts.tasks[i], runDeadline.cutoff.notRun);
      results[i] = unrun;
      done += unrun.task.entries.length;
      progress();
      opts.onTaskDone?.(unrun, i);
    });
  }
  return results.filter((r): r is TaskResult => r !== undefined);
}
