/**
 * runKvTest: how every KV test runs. It seeds a cluster from the test's name and the run's
 * base seed (`testSeed(baseSeed(), name)`), starts it inside `sim.run()`, runs the test's
 * body, and then checks the recorded history for linearizability ('illegal' and 'unknown'
 * both fail the test). Work the body starts with `cluster.spawn` (GenericTest's clients and
 * its chaos loop) fails the test as soon as it throws, as TinyKV's log.Fatalf does.
 *
 * Traces: at the end of the run the trace gets every client operation of the history and the
 * checker's verdict as structured events (history-trace.ts); when the body failed before the
 * check, the history is checked all the same (with a smaller budget), for the trace only, so
 * the viewer can show where it stops being linearizable. When a test fails, the trace is
 * written to RAFTKV_TRACE_DIR (default <tmp>/raftkv-traces), as text (`<test>-seed<n>.trace`)
 * and as gzipped JSON lines with the structured data (the same name + `.jsonl.gz`, which
 * `npm run view` reads); with RAFTKV_TRACE_ALL=1 it is written for passing tests too. The
 * failure's message ends with the seed, the command that replays the test alone, and the text
 * trace's path.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { baseSeed, testSeed } from '../sim/seed';
import { checkOperations, CheckOutcome } from '../check/checker';
import { kvModel } from '../check/kv-model';
import type { KvInput, KvOutput } from '../check/kv-model';
import type { Operation } from '../check/history';
import { recordOperations, verdictData } from './history-trace';
import { Cluster, ClusterOptions } from './cluster';
import { engineKind } from './engines';
import { replayCommand } from '../sim/replay';
import { testTimeoutMs } from '../jest/timeout';
import { SimEventError } from '../sim/errors';
import { RunawayError } from '../sim/runaway';

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

/**
 * The checker's step budget when the history is checked only for the trace, after the test
 * failed for another reason: a fifth of the default, so a failing test never waits long for it.
 */
export const AFTER_FAILURE_CHECK_STEPS = 1_000_000;

/** The folder traces are written to: RAFTKV_TRACE_DIR, else <tmp>/raftkv-traces. */
export function traceDir(): string {
  const dir = process.env.RAFTKV_TRACE_DIR;
  return dir !== undefined && dir !== '' ? path.resolve(dir) : path.join(os.tmpdir(), 'raftkv-traces');
}

/** True when every test writes its trace (RAFTKV_TRACE_ALL=1), not only failing ones. */
export function traceAll(): boolean {
  return process.env.RAFTKV_TRACE_ALL === '1';
}

/**
 * A runaway is found inside an event (the send that passes the limit), so the simulator wraps
 * it in a SimEventError; the student should read "runaway: ..." first, not the event's label.
 */
function unwrapRunaway(reason: unknown): unknown {
  return reason instanceof SimEventError && reason.cause instanceof RunawayError ? reason.cause : reason;
}

/** The error a failing KV test throws: the cause's message, then how to replay it and the trace. */
export class KvTestFailure extends Error {
  /** What failed the test (a runaway unwrapped from the event that found it). */
  readonly reason: unknown;

  constructor(readonly testName: string, readonly seed: number, readonly base: number, readonly virtualMs: number,
    readonly tracePath: string | null, thrown: unknown) {
    const reason = unwrapRunaway(thrown);
    const what = reason instanceof Error ? reason.message : String(reason);
    const trace = tracePath === null ? 'trace: (could not be written)' : `trace: ${tracePath}`;
    super(`${what}\n\n`
      + `  test ${testName} failed at virtual time ${virtualMs.toFixed(1)} ms (seed ${seed}, base seed ${base})\n`
      + `  replay: ${replayCommand(testName, base)}\n`
      + `  ${trace}`);
    this.reason = reason;
    this.name = reason instanceof Error ? reason.name : 'KvTestFailure';
    // Point the stack at where the cause was thrown (jest prints those frames), not at this wrapper.
    const frames = reason instanceof Error ? (reason.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
    if (frames.length > 0) this.stack = `${this.name}: ${this.message}\n${frames.join('\n')}`;
  }
}

/**
 * After a failure that came before the linearizability check: records the history (unless
 * that was done) and a check of it with a small budget, for the trace only. Nothing here may
 * hide the failure: a problem of the check itself is recorded as the verdict 'error'.
 */
function checkAfterFailure(cluster: Cluster, recorded: Operation<KvInput, KvOutput>[] | null,
  partitionBy: ((input: KvInput) => string) | undefined, checkMaxSteps: number | undefined): void {
  const trace = cluster.sim.trace;
  let ops = recorded;
  try {
    if (ops === null) {
      ops = cluster.history.operations();
      recordOperations(trace, ops);
    }
    const maxSteps = Math.min(checkMaxSteps ?? AFTER_FAILURE_CHECK_STEPS, AFTER_FAILURE_CHECK_STEPS);
    const outcome: CheckOutcome<KvInput, KvOutput> = checkOperations(kvModel({ partitionBy }), ops, { maxSteps });
    trace.record({
      topic: 'sim', kind: 'verdict', message: `after the failure, linearizability: ${outcome.result}: ${outcome.info.text}`,
      data: verdictData(outcome, ops, true),
    });
  } catch (e) {
    trace.record({
      topic: 'sim', kind: 'verdict', message: `after the failure, the history could not be checked: ${e instanceof Error ? e.message : String(e)}`,
      data: { type: 'verdict', result: 'error', afterFailure: true },
    });
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
  let ops: Operation<KvInput, KvOutput>[] | null = null;
  let checked = false;
  try {
    await sim.run(async () => {
      sim.trace.record({ topic: 'sim', kind: 'test', message: `${testName}: seed ${seed} (base seed ${base}), ${cluster.count} stores` });
      cluster.start();
      await Promise.race([body(cluster), cluster.failed]);
      const problems = cluster.recordedProblems;
      if (problems.length > 0) throw problems[0];
    });
    ops = cluster.history.operations();
    recordOperations(sim.trace, ops);
    const outcome = checkOperations(kvModel({ partitionBy }), ops, checkMaxSteps === undefined ? {} : { maxSteps: checkMaxSteps });
    checked = true;
    const { result, info } = outcome;
    const stats = sim.stats();
    sim.trace.record({
      topic: 'sim', kind: 'check', message: `${stats.events} events; linearizability: ${result}: ${info.text}`, data: verdictData(outcome, ops, false),
    });
    if (result !== 'ok') {
      throw new Error(`expected the history of client operations to be linearizable, but the checker says '${result}':\n${info.text}`);
    }
  } catch (e) {
    failure = e;
    if (!checked) checkAfterFailure(cluster, ops, partitionBy, checkMaxSteps);
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
    try {
      if (tracePath !== null) await sim.trace.writeDataFile(traceDir(), testName);
    } catch {
      // The text trace is what the failure names; without the data file only `npm run view` has less to draw.
    }
  }
  if (failure !== null) throw new KvTestFailure(testName, seed, base, sim.now(), tracePath, failure);
}
