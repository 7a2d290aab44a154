/**
 * How much slower this machine is than the one the time limits were set on, so that a correct
 * solution passes on half a CPU, or on a loaded machine, as it does on a fast one: the grader
 * times a fixed workload at start (pure computation, the same on every run: sorting, maps and
 * strings, as the tests' own code does), and multiplies every per-test time limit by
 *
 *   scale = clamp(max(measured / NOMINAL_WORKLOAD_MS, 1 / cpus) x contention, 1, MAX_TIME_SCALE)
 *
 * where `cpus` is the CPU budget (runner/budget.ts: half a CPU counts at least 2x, even if the
 * workload happened to fit in one burst of the quota) and `contention` is how many jest
 * processes share one CPU (--jobs above the CPUs). The limits only ever grow: a fast machine
 * keeps them as they are. The grader is not a test, so it may read the wall clock here.
 */
import { performance } from 'node:perf_hooks';

/** The workload's time on the machine the limits were set on (this project's 2-core machine, uncontended: 350-390 ms), in ms. */
export const NOMINAL_WORKLOAD_MS = 360;

/** The largest scale: beyond it the machine is too slow to grade within sane limits. */
export const MAX_TIME_SCALE = 8;

/** Rounds of the workload (NOMINAL_WORKLOAD_MS was measured with this many). */
export const WORKLOAD_ROUNDS = 60;

/**
 * One round of the fixed workload: fills an array from a xorshift generator, sorts it, and
 * counts through a map and a few strings. Returns a checksum (so none of it can be skipped).
 */
function round(seed: number): number {
  let x = seed | 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const values: number[] = [];
  for (let i = 0; i < 20_000; i++) values.push(next() % 100_000);
  values.sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v % 997, (counts.get(v % 997) ?? 0) + 1);
  let text = '';
  for (let i = 0; i < 2_000; i++) text += (values[i * 10] ?? 0).toString(36);
  return (values[values.length >> 1] ?? 0) + counts.size + text.length;
}

/** Runs the workload `rounds` times; returns its checksum. */
export function runWorkload(rounds = WORKLOAD_ROUNDS): number {
  let sum = 0;
  for (let r = 0; r < rounds; r++) sum = (sum + round(r + 1)) % 1_000_000_007;
  return sum;
}

/** Times the workload (after a short untimed warm-up, so the JIT has compiled it), in ms. */
export function measureWorkloadMs(clock: () => number = () => performance.now(), rounds = WORKLOAD_ROUNDS): number {
  runWorkload(Math.min(3, rounds));
  const start = clock();
  runWorkload(rounds);
  return clock() - start;
}

/** What the scale is made of. */
export interface TimeScaleInput {
  /** The workload's time here, in ms. */
  readonly measuredMs: number;
  /** The CPU budget (runner/budget.ts). */
  readonly cpus: number;
  /** How many jest processes run at once. */
  readonly jobs: number;
  /** The workload's nominal time (default NOMINAL_WORKLOAD_MS). */
  readonly nominalMs?: number;
}

/** The time scale and how it came about. */
export interface TimeScale {
  /** Every per-test time limit is multiplied by this; between 1 and MAX_TIME_SCALE. */
  readonly scale: number;
  /** measured / nominal. */
  readonly slowdown: number;
  /** How many jest processes share one CPU (1 when each has a CPU of its own). */
  readonly contention: number;
  /** True when the scale was cut to MAX_TIME_SCALE. */
  readonly capped: boolean;
}

/** The time scale for a measurement; see the file comment. */
export function timeScale(input: TimeScaleInput): TimeScale {
  const nominal = input.nominalMs ?? NOMINAL_WORKLOAD_MS;
  const slowdown = input.measuredMs / nominal;
  const single = Math.min(1, input.cpus);
  const perProcess = Math.min(1, input.cpus / Math.max(1, input.jobs));
  const contention = single / perProcess;
  const raw = Math.max(Number.isFinite(slowdown) ? slowdown : MAX_TIME_SCALE, 1 / single) * contention;
  const scale = Math.min(MAX_TIME_SCALE, Math.max(1, raw));
  return { scale: Math.round(scale * 100) / 100, slowdown, contention, capped: raw > MAX_TIME_SCALE };
}

/** The grader's first line about it, e.g. `time limits x2.1 (workload 630 ms, nominal 300 ms; 0.5 CPUs)`. */
export function describeTimeScale(t: TimeScale, measuredMs: number, cpus: number): string {
  const parts = [`workload ${Math.round(measuredMs)} ms, nominal ${NOMINAL_WORKLOAD_MS} ms`, `${cpus} CPU${cpus === 1 ? '' : 's'}`];
  if (t.contention > 1) parts.push(`${t.contention.toFixed(1)} jest processes per CPU`);
  if (t.capped) parts.push(`capped at x${MAX_TIME_SCALE}: this machine is very slow or very busy`);
  return `time limits x${t.scale} (${parts.join('; ')})`;
}
