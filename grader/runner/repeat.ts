/**
 * --runs N: every selected test N times, run i on base seed `base + i`. One jest process per
 * (suite file, seed) runs all the selected tests of that file, so a file's start-up cost is
 * paid once per seed, not once per test; the processes run in parallel. The results are
 * gathered per test: passes, durations, and the failing seeds with their trace files.
 */
import type { TestEntry } from '../catalogue';
import { tracePathIn } from '../report/trace-path';
import type { Deadline } from './deadline';
import { type RunTask, type TaskResult, execute } from './execute';
import { groupByFile } from './grade';
import type { TestOutcome } from './results';
import type { Workspace } from './workspace';

export { tracePathIn } from '../report/trace-path';

/** The base seeds of N runs from `base`: base, base + 1, ... */
export function seedsOf(base: number, runs: number): number[] {
  return Array.from({ length: runs }, (_, i) => base + i);
}

/** The jest runs of --runs: seeds outermost, so that early results cover every test. */
export function repeatTasks(tests: readonly TestEntry[], base: number, runs: number): RunTask[] {
  const files = [...groupByFile(tests)];
  return seedsOf(base, runs).flatMap((seed) => files.map(([file, entries]) => ({ file, entries, seed })));
}

/** One run of one test. */
export interface RunRecord {
  readonly seed: number;
  readonly outcome: TestOutcome;
}

/** A failing run, as listed under the table. */
export interface FailedRun {
  readonly seed: number;
  readonly message: string;
  /** The trace file the failure message names, if it names one. */
  readonly trace: string | null;
}

/** The summary of one test over its runs. */
export interface RunStats {
  readonly entry: TestEntry;
  readonly runs: number;
  readonly passes: number;
  /** Mean and standard deviation of the durations of the runs that finished, in ms (null if none did). */
  readonly meanMs: number | null;
  readonly sdMs: number | null;
  readonly failures: readonly FailedRun[];
  /** Every run, seeds in increasing order. */
  readonly records: readonly RunRecord[];
}


/** The statistics of one test's runs, seeds in increasing order. */
export function statsOf(entry: TestEntry, records: readonly RunRecord[]): RunStats {
  const sorted = [...records].sort((a, b) => a.seed - b.seed);
  const times = sorted.map((r) => r.outcome.durationMs).filter((d): d is number => d !== null);
  const meanMs = times.length === 0 ? null : times.reduce((s, t) => s + t, 0) / times.length;
  const sdMs = meanMs === null ? null : Math.sqrt(times.reduce((s, t) => s + (t - meanMs) ** 2, 0) / times.length);
  return {
    entry,
    runs: sorted.length,
    passes: sorted.filter((r) => r.outcome.passed).length,
    meanMs,
    sdMs,
    failures: sorted.filter((r) => !r.outcome.passed)
      .map((r) => ({ seed: r.seed, message: r.outcome.message, trace: tracePathIn(r.outcome.message) })),
    records: sorted,
  };
}

/**
 * One outcome per test for the reports (points, results.json, JUnit's per-test view): a test
 * passes only if every one of its runs passed; its message lists the failing seeds and the
 * first failure.
 */
export function foldRuns(s: RunStats): TestOutcome {
  if (s.runs > 0 && s.failures.length === 0) return { entry: s.entry, passed: true, durationMs: s.meanMs, message: '' };
  if (s.runs === 0) return { entry: s.entry, passed: false, durationMs: null, message: 'the test did not run (the runs were interrupted)' };
  const first = s.failures[0];
  const seeds = s.failures.map((f) => f.seed).join(', ');
  return {
    entry: s.entry,
    passed: false,
    durationMs: s.meanMs,
    message: `failed ${s.failures.length} of ${s.runs} runs (seeds ${seeds}); seed ${first.seed}:\n${first.message}`,
  };
}

/** What to run N times and how. */
export interface RepeatOptions {
  readonly tests: readonly TestEntry[];
  readonly targetDir: string;
  readonly base: number;
  readonly runs: number;
  /** The limit on each test, in seconds (already scaled by `timeScale`). */
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
  /** Called with each finished jest run (completion order). */
  readonly onRun?: (result: TaskResult) => void;
  /** Called as tests finish, with how many test runs have finished in all. */
  readonly onProgress?: (finished: number) => void;
  readonly stopped?: () => boolean;
}

/** The result of --runs. */
export interface RepeatResult {
  /** One entry per selected test, in the selection's order. */
  readonly stats: RunStats[];
  readonly wallMs: number;
  /** How many jest processes ran. */
  readonly processes: number;
}

/** Runs every selected test `runs` times. */
export async function repeat(opts: RepeatOptions): Promise<RepeatResult> {
  const started = Date.now();
  const results = await execute({
    tasks: repeatTasks(opts.tests, opts.base, opts.runs), targetDir: opts.targetDir, timeoutSeconds: opts.timeoutSeconds,
    timeScale: opts.timeScale, memoryMb: opts.memoryMb, groupLimitMb: opts.groupLimitMb, deadline: opts.deadline,
    jobs: opts.jobs, workspace: opts.workspace, env: opts.env,
    onTaskDone: (r) => opts.onRun?.(r), onProgress: opts.onProgress, stopped: opts.stopped,
  });
  const records = new Map<string, RunRecord[]>(opts.tests.map((t) => [t.name, []]));
  for (const r of results) {
    for (const o of r.outcomes) records.get(o.entry.name)?.push({ seed: r.task.seed, outcome: o });
  }
  return {
    stats: opts.tests.map((t) => statsOf(t, records.get(t.name) ?? [])),
    wallMs: Date.now() - started,
    processes: results.length,
  };
}
