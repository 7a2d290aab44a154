/**
 * Grades a selection of tests once: one jest run per suite file (all on the same base seed),
 * several at once, and one outcome per test, in the order of the selection.
 */
import type { TestEntry } from '../catalogue';
import type { Deadline } from './deadline';
import { type RunTask, type TaskResult, execute } from './execute';
import { InOrder } from './pool';
import type { FileRunInfo, TestOutcome } from './results';
import type { Workspace } from './workspace';

/** What to grade and how. */
export interface GradeOptions {
  readonly tests: readonly TestEntry[];
  /** The absolute path of the tree under test. */
  readonly targetDir: string;
  readonly seed: number;
  /** The limit on each test (and on loading a file), in seconds (already scaled by `timeScale`). */
  readonly timeoutSeconds: number;
  /** The time scale in `timeoutSeconds` (runner/calibrate.ts; for the messages). */
  readonly timeScale?: number;
  /** The heap limit of each jest process, in MB. */
  readonly memoryMb: number;
  /** The resident-memory limit of each run's process group, in MB. */
  readonly groupLimitMb?: number;
  /** The whole run's budget (--budget). */
  readonly deadline?: Deadline;
  readonly jobs: number;
  readonly workspace: Workspace;
  readonly env?: Readonly<Record<string, string>>;
  /** Called with each suite file's outcomes, files in the selection's order, e.g. to print them. */
  readonly onFile?: (outcomes: readonly TestOutcome[], runs: readonly FileRunInfo[]) => void;
  /** Called with each suite file's outcomes as soon as the file is done (completion order), e.g. to save them. */
  readonly onOutcomes?: (outcomes: readonly TestOutcome[]) => void;
  /** Called as tests finish, with how many have finished. */
  readonly onProgress?: (finished: number) => void;
  readonly stopped?: () => boolean;
}

/** The outcome of a grading run. */
export interface GradeResult {
  /** One per selected test, in the selection's order. */
  readonly outcomes: TestOutcome[];
  readonly runs: FileRunInfo[];
  readonly wallMs: number;
}

/** The selected tests grouped by suite file, files in order of first appearance. */
export function groupByFile(tests: readonly TestEntry[]): Map<string, TestEntry[]> {
  const groups = new Map<string, TestEntry[]>();
  for (const t of tests) {
    const group = groups.get(t.file);
    if (group === undefined) groups.set(t.file, [t]);
    else group.push(t);
  }
  return groups;
}

/** The runs of one grading: one per suite file, on `seed`. */
export function gradeTasks(tests: readonly TestEntry[], seed: number): RunTask[] {
  return [...groupByFile(tests)].map(([file, entries]) => ({ file, entries, seed }));
}

/** Runs every selected test once. */
export async function grade(opts: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const ordered = new InOrder<TaskResult>((r) => opts.onFile?.(r.outcomes, r.runs));
  const results = await execute({
    tasks: gradeTasks(opts.tests, opts.seed), targetDir: opts.targetDir, timeoutSeconds: opts.timeoutSeconds,
    timeScale: opts.timeScale, memoryMb: opts.memoryMb, groupLimitMb: opts.groupLimitMb, deadline: opts.deadline,
    jobs: opts.jobs, workspace: opts.workspace, env: opts.env,
    onTaskDone: (r, i) => {
      opts.onOutcomes?.(r.outcomes);
      ordered.put(i, r);
    },
    onProgress: opts.onProgress, stopped: opts.stopped,
  });
  const byName = new Map(results.flatMap((r) => r.outcomes).map((o) => [o.entry.name, o]));
  const outcomes = opts.tests.flatMap((t) => {
    const o = byName.get(t.name);
    return o === undefined ? [] : [o];
  });
  return { outcomes, runs: results.flatMap((r) => r.runs), wallMs: Date.now() - started };
}
