/**
 * Runs a list of tasks (one suite file's selected tests on one seed each) in parallel, each as
 * a jest run resumed after early ends (runner/resume.ts), settles each into outcomes, and keeps
 * watch over the grader's own files: after each run the fingerprint of grader/ and harness/ is
 * taken again, and once it differs from the one taken before the first run, that run and every
 * later one earn nothing (later ones are not even started).
 */
import type { TestEntry } from '../catalogue';
import { changedFiles, fingerprint } from './fingerprint';
import { runPool } from './pool';
import type { FileRunInfo, TestOutcome } from './results';
import { MAX_RESUMES, runResuming } from './resume';
import { runSuiteFile } from './spawn';
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
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
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
}

/** Runs every task; resolves to the results of those that ran to the end, in task order. */
export async function execute(opts: ExecuteOptions): Promise<TaskResult[]> {
  const before = fingerprint();
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
      const changed = changedFiles(before, fingerprint());
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
      return { task, runs: [], outcomes: task.entries.map((entry) => ({ entry, passed: false, durationMs: null, message })) };
    }
    let reportedEarlier = 0; // tests settled by the earlier runs of this task
    const { runs, outcomes } = await runResuming(task.entries, async (entries) => {
      const names = entries.map((e) => e.name);
      const run = await runSuiteFile({
        file: task.file, names, targetDir: opts.targetDir, seed: task.seed, timeoutSeconds: opts.timeoutSeconds,
        memoryMb: opts.memoryMb, workDir: opts.workspace.dir, cacheDir: opts.workspace.cacheDir, env: opts.env,
        onProgress: (n) => {
          live.set(index, reportedEarlier + n);
          progress();
        },
      });
      reportedEarlier = task.entries.length - entries.length + (run.report?.tests.filter((t) => names.includes(t.name)).length ?? 0);
      return checked(run);
    }, MAX_RESUMES, () => opts.stopped?.() === true);
    live.delete(index);
    // A run cut short by Ctrl-C says nothing about the code under test.
    if (opts.stopped?.() === true) return undefined;
    done += task.entries.length;
    progress();
    return { task, runs, outcomes };
  }, {
    jobs: opts.jobs,
    stopped: opts.stopped,
    onResult: (r, i) => {
      if (r !== undefined) opts.onTaskDone?.(r, i);
    },
  });
  return results.filter((r): r is TaskResult => r !== undefined);
}
