/**
 * checker/*: the linearizability checker (harness/check) on large generated KV histories
 * (bench/checker-histories.ts), each printed beside the time Porcupine takes on the same
 * history, the goal being at most that:
 * - checker/large-ok: 50 clients, 2,000 get/put/append on 10 keys, linearizable (partitioned
 *   by key, 10 partitions);
 * - checker/large-illegal: the same history with one stale read;
 * - checker/one-part-hard: 10 clients, 400 operations with one stale read, checked as
 *   one partition (the whole store as the state), like Porcupine's hardest KV test.
 * One op = one operation of the history. Each history is checked 5 times in this process: the
 * figures are the least CPU time of a check (`best ms`; CPU time, so that a loaded machine
 * gives about the same figure) and the first one (`first ms`: with the JIT still warming up, as
 * in a test). A verdict other than the expected one fails the benchmark.
 */
import { checkOperations, CheckResult, kvModel } from '../harness/check';
import { generateKvHistory, KvHistoryShape } from './checker-histories';
import { BenchResult } from './result';

/** One checker benchmark. */
export interface CheckerBench {
  readonly name: string;
  readonly shape: KvHistoryShape;
  /** Check as one partition (the whole store as the state) instead of one per key. */
  readonly onePartition: boolean;
  readonly expected: CheckResult;
  /**
   * Porcupine (github.com/anishathalye/porcupine at 55508eb, Go 1.19, its kvModel, or its
   * kvNoPartitionModel for one partition) on the same history, on this kind of 2-core machine:
   * the least CPU time (user + system, all threads) of 5 checks after one warm-up, in ms. The
   * history was written with writeKvLog (bench/checker-porcupine-logs.ts) and checked with
   * CheckEvents; Porcupine took exactly as many search steps as we do on the ok and the hard
   * history. It searches the partitions in parallel and stops at the first illegal one, so its
   * time on the illegal history varies from run to run (75 to 160 ms).
   */
  readonly porcupineMs: number;
}

const FIFTY_CLIENTS = { seed: 9, clients: 50, keys: 10, operations: 2000, maxDuration: 60, maxPause: 30 };

/** The checker benchmarks of `npm run bench`. */
export const CHECKER_BENCHES: readonly CheckerBench[] = [
  { name: 'checker/large-ok', shape: FIFTY_CLIENTS, onePartition: false, expected: 'ok', porcupineMs: 555 },
  { name: 'checker/large-illegal', shape: { ...FIFTY_CLIENTS, staleRead: true }, onePartition: false, expected: 'illegal', porcupineMs: 75 },
  {
    name: 'checker/one-part-hard',
    shape: { seed: 4, clients: 10, keys: 10, operations: 400, maxDuration: 60, maxPause: 30, staleRead: true },
    onePartition: true, expected: 'illegal', porcupineMs: 5050,
  },
];

const RUNS = 5;

/** Runs one checker benchmark. */
export function runCheckerBench(b: CheckerBench): BenchResult {
  const history = generateKvHistory(b.shape);
  const model = b.onePartition ? kvModel({ partitionBy: () => 'all' }) : kvModel();
  const times: number[] = [];
  let outcome: ReturnType<typeof checkOperations> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.cpuUsage();
    outcome = checkOperations(model, history);
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / 1000);
    if (outcome.result !== b.expected) {
      throw new Error(`${b.name}: expected the checker to say '${b.expected}', it says '${outcome.result}': ${outcome.info.text}`);
    }
  }
  if (outcome === undefined) throw new Error(`${b.name}: no run`);
  const best = Math.min(...times);
  return {
    name: b.name,
    ops: history.length,
    nsPerOp: (best * 1e6) / history.length,
    opsPerSec: history.length / (best / 1000),
    heapUsedBytes: process.memoryUsage().heapUsed,
    extra: {
      'best ms': best,
      'first ms': times[0],
      'goal ms (Porcupine)': b.porcupineMs,
      'ratio to goal': best / b.porcupineMs,
      steps: outcome.info.steps,
      states: outcome.info.states,
    },
  };
}
