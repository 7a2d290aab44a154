/**
 * The limits of a grading run, fitted to the machine the grader really has (runner/budget.ts):
 *
 * - jobs: jest processes at once: one per whole CPU of the budget (at least 1), and no more
 *   than the memory holds at MIN_RUN_MB each;
 * - memory: the budget's memory, less GRADER_RESERVE_MB for the grader itself, shared among
 *   the jobs. Each run's process group may hold its share (the watchdog of runner/memory.ts
 *   kills it past that: "used more than N MB"), and V8's heap limit sits below the share by a
 *   margin for what lives outside the heap, so a runaway heap ends in V8's own "out of memory"
 *   before the container's limit, and the grader itself is never the one killed;
 * - time: every per-test limit is `--timeout` times the calibration's scale (runner/calibrate.ts).
 *
 * --jobs and --memory on the command line replace the computed values (a heap above the share
 * is allowed, but the group limit stays at the share).
 */
import type { ResourceBudget } from './budget';
import { type TimeScale, describeTimeScale, timeScale } from './calibrate';

/** Memory kept for the grader's own process (and the type check it runs first), in MB. */
export const GRADER_RESERVE_MB = 256;

/** The least memory one jest run is given, in MB (a KV suite file needs about 300 MB). */
export const MIN_RUN_MB = 320;

/** The heap limit when memory is plentiful, in MB. */
export const DEFAULT_HEAP_MB = 2048;

/** Resident memory allowed above the heap (code, stacks, Buffers) when memory is plentiful, in MB. */
export const MAX_HEAP_MARGIN_MB = 512;

/** The smallest margin above the heap, in MB. */
export const MIN_HEAP_MARGIN_MB = 128;

/** What the command line asked for (undefined: computed from the budget). */
export interface LimitRequest {
  readonly jobs?: number;
  readonly memoryMb?: number;
  /** The per-test limit before scaling, in seconds. */
  readonly timeoutSeconds: number;
  /** A fixed time scale (--time-scale); undefined: calibrate. */
  readonly timeScale?: number;
}

/** The limits of a run. */
export interface RunLimits {
  readonly jobs: number;
  /** V8's heap limit of each jest process, in MB. */
  readonly heapMb: number;
  /** The resident-memory limit of each run's process group, in MB. */
  readonly groupLimitMb: number;
  /** The per-test limit the grader and jest both obey: --timeout x scale, in seconds. */
  readonly testLimitSeconds: number;
  readonly timeScale: number;
  /** What the grader prints about them at start. */
  readonly lines: readonly string[];
}

/** The default number of jobs for a budget: its whole CPUs, as many as the memory holds. */
export function defaultJobsFor(budget: Pick<ResourceBudget, 'cpus' | 'memoryBytes'>): number {
  const byCpu = Math.max(1, Math.floor(budget.cpus));
  const byMemory = Math.max(1, Math.floor((toMb(budget.memoryBytes) - GRADER_RESERVE_MB) / MIN_RUN_MB));
  return Math.min(byCpu, byMemory);
}

/** Each run's share of the memory, in MB: (memory - GRADER_RESERVE_MB) / jobs, at least MIN_HEAP_MARGIN_MB * 2. */
export function shareMb(memoryBytes: number, jobs: number): number {
  return Math.max(2 * MIN_HEAP_MARGIN_MB, Math.floor((toMb(memoryBytes) - GRADER_RESERVE_MB) / Math.max(1, jobs)));
}

/** The margin above the heap in a share of `share` MB: a third of it, within [MIN, MAX]_HEAP_MARGIN_MB. */
export function heapMarginMb(share: number): number {
  return Math.min(MAX_HEAP_MARGIN_MB, Math.max(MIN_HEAP_MARGIN_MB, Math.floor(share / 3)));
}

/** The heap and group limits of one run; `heapMb` from the command line, if given. */
export function memoryLimits(memoryBytes: number, jobs: number, heapMb?: number): { heapMb: number; groupLimitMb: number } {
  const share = shareMb(memoryBytes, jobs);
  if (heapMb !== undefined) return { heapMb, groupLimitMb: Math.min(heapMb + MAX_HEAP_MARGIN_MB, share) };
  return { heapMb: Math.min(DEFAULT_HEAP_MB, share - heapMarginMb(share)), groupLimitMb: Math.min(DEFAULT_HEAP_MB + MAX_HEAP_MARGIN_MB, share) };
}

function toMb(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

/** The limits of a run on `budget`; `measureMs` times the calibration workload (called only without a fixed scale). */
export function planLimits(budget: ResourceBudget, req: LimitRequest, measureMs: () => number): RunLimits {
  const jobs = req.jobs ?? defaultJobsFor(budget);
  const { heapMb, groupLimitMb } = memoryLimits(budget.memoryBytes, jobs, req.memoryMb);
  let scale: number;
  let timeLine: string;
  if (req.timeScale !== undefined) {
    scale = req.timeScale;
    timeLine = `time limits x${scale} (--time-scale)`;
  } else {
    const measured = measureMs();
    const t: TimeScale = timeScale({ measuredMs: measured, cpus: budget.cpus, jobs });
    scale = t.scale;
    timeLine = describeTimeScale(t, measured, Math.round(budget.cpus * 100) / 100);
  }
  const testLimitSeconds = Math.round(req.timeoutSeconds * scale * 10) / 10;
  const lines = [
    `machine: ${budget.cpuSource}; memory: ${budget.memorySource}`,
    `limits: ${jobs} jest process${jobs === 1 ? '' : 'es'} at once${req.jobs === undefined ? '' : ' (--jobs)'}, `
      + `each under ${groupLimitMb} MB (heap ${heapMb} MB${req.memoryMb === undefined ? '' : ', --memory'}); `
      + `${testLimitSeconds} s per test (--timeout ${req.timeoutSeconds} s, ${timeLine})`,
  ];
  return { jobs, heapMb, groupLimitMb, testLimitSeconds, timeScale: scale, lines };
}
