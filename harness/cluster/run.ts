/**
 * runKvTest: how every KV test runs. It seeds a cluster from the test's name and the run's
 * base seed (`testSeed(baseSeed(), name)`), starts it inside `sim.run()`, runs the test's
 * body, and then checks the recorded history for linearizability ('illegal' and 'unknown'
 * both fail the test). Work the body starts with `cluster.spawn` (GenericTest's clients and
 * its chaos loop) fails the test as soon as it throws, as TinyKV's log.Fatalf does.
 *
 * Traces: when a test fails, the simulator's trace is written to RAFTKV_TRACE_DIR (default
 * <tmp>/raftkv-traces); with RAFTKV_TRACE_ALL=1 it is written for passing tests too. The
 * failure's message ends with the seed, the command that replays the test alone, and the
 * trace file's path.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { baseSeed, testSeed } from '../sim/seed';
import { checkOperations } from '../check/checker';
import { kvModel } from '../check/kv-model';
import type { KvInput } from '../check/kv-model';
import { Cluster, ClusterOptions } from './cluster';
import { engineKind } from './engines';
import { replayCommand } from '../sim/replay';
import { testTimeoutMs } from '../jest/timeout';

export { replayCommand, targetName } from '../sim/replay';

/**
 * The jest timeout of one KV test. Under the grader it is the grader's own per-test limit
 * (`--timeout`, passed as RAFTKV_TEST_TIMEOUT_MS), so that one limit holds for every test.
 * Run by jest directly: a simulated test is CPU-bound, a few seconds of wall time on
 * MemEngine (120 s is far beyond that); on LMDB every engine write waits for the disk (fsync),
 * so a test takes tens of seconds (600 s).
 */
export const KV_TEST_TIMEOUT_MS = testTimeoutMs(engineKind() === 'lmdb' ? 600_000 : 120_000);

/** Options of one KV test: the cluster's, and how the linearizability check splits the history. */
export interface KvTestOptions extends Omit<ClusterOptions, 'seed'> {
  /**
   * The partitions of the linearizability check (see check/kv-model.ts); default: computed
   * from the keys. GenericTest passes partitionByPrefix(): each client works in "<cli> ".
   */
  partitionBy?: (input: KvInput) => string;
  /** The checker's step budget (default: the checker's). */
  checkMaxSteps?: number;
}

/** The folder traces are written to: RAFTKV_TRACE_DIR, else <tmp>/raftkv-traces. */
export function traceDir(): string {
  const dir = process.env.RAFTKV_TRACE_DIR;
  return dir !== undefined && dir !== '' ? path.resolve(dir) : path.join(os.tmpdir(), 'raftkv-traces');
}

/** True when every test writes its trace (RAFTKV_TRACE_ALL=1), not only failing ones. */
export function traceAll(): boolean {
  return process.env.RAFTKV_TRACE_ALL === '1';
}

/** The error a failing KV test throws: the cause's message, then how to replay it and the trace. */
export class KvTestFailure extends Error {
  constructor(readonly testName: string, readonly seed: number, readonly base: number, readonly virtualMs: number,
    readonly tracePath: string | null, readonly reason: unknown) {
    const what = reason instanceof Error ? reason.message : String(reason);
    const trace = tracePath === null ? 'trace: (could not be written)' : `trace: ${tracePath}`;
    super(`${what}\n\n`
      + `  test ${testName} failed at virtual time ${virtualMs.toFixed(1)} ms (seed ${seed}, base seed ${base})\n`
      + `  replay: ${replayCommand(testName, base)}\n`
      + `  ${trace}`);
    this.name = reason instanceof Error ? reason.name : 'KvTestFailure';
    // Point the stack at where the cause was thrown (jest prints those frames), not at this wrapper.
    const frames = reason instanceof Error ? (reason.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
    if (frames.length > 0) this.stack = `${this.name}: ${this.message}\n${frames.join('\n')}`;
  }
}

/**
 * Runs one KV test; see the file comment. `body` gets a started cluster; the cluster is shut
 * down afterwards whatever happens.
 */
export async function runKvTest(testName: string, opts: KvTestOptions, body: (cluster: Cluster) => Promise<void>): Promise<void> {
  const base = baseSeed();
  const seed = testSeed(base, testName);
  const { partitionBy, checkMaxSteps, ...clusterOpts } = opts;
  const cluster = new Cluster({ ...clusterOpts, seed });
  const sim = cluster.sim;
  let failure: unknown = null;
  try {
    await sim.run(async () => {
      sim.trace.record({ topic: 'sim', kind: 'test', message: `${testName}: seed ${seed} (base seed ${base}), ${cluster.count} stores` });
      cluster.start();
      await Promise.race([body(cluster), cluster.failed]);
      const problems = cluster.recordedProblems;
      if (problems.length > 0) throw problems[0];
    });
    const { result, info } = checkOperations(kvModel({ partitionBy }), cluster.history.operations(),
      checkMaxSteps === undefined ? {} : { maxSteps: checkMaxSteps });
    const stats = sim.stats();
    sim.trace.record({ topic: 'sim', kind: 'check', message: `${stats.events} events; linearizability: ${result}: ${info.text}` });
    if (result !== 'ok') {
      throw new Error(`expected the history of client operations to be linearizable, but the checker says '${result}':\n${info.text}`);
    }
  } catch (e) {
    failure = e;
  } finally {
    try {
      cluster.shutdown();
    } catch (e) {
      failure ??= e;
    }
  }
  let tracePath: string | null = null;
  if (failure !== null || traceAll()) {
    try {
      tracePath = sim.trace.writeFile(traceDir(), testName);
    } catch {
      tracePath = null;
    }
  }
  if (failure !== null) throw new KvTestFailure(testName, seed, base, sim.now(), tracePath, failure);
}
