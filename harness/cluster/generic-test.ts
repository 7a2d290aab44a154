/**
 * TinyKV's GenericTest (kv/test_raftstore/test_test.go) on the simulator.
 *
 * Five stores; wait two election timeouts; then three rounds of:
 * - `nclients` clients, each looping until told to stop: with probability 1/2 it puts key
 *   "<cli> <j:%08d>" = "x <cli> <j> y" (j counts its puts), otherwise it scans its keys
 *   ["<cli> 00000000", "<cli> <j>") and the values, joined, must equal everything it put;
 * - if `unreliable` or `partitions`: after 300 ms, the chaos loop: every election timeout plus
 *   0-199 ms, with `partitions` it clears the filters and cuts the stores in two at random,
 *   and with `unreliable` it adds a DropFilter (~10% loss). Without partitions nothing clears
 *   the filters during the round, so the DropFilters pile up (loss compounds), as in TinyKV;
 * - after 5 s the clients and the chaos loop stop; the filters are cleared and the test waits
 *   an election timeout; if `crash`, every store is stopped and, an election timeout later,
 *   started again;
 * - each client's keys are scanned and must hold each of its values once and in order
 *   (checkClntAppends), then deleted;
 * - if `maxraftlog` > 0: after 1 s, on every store, applied index − truncated index must be
 *   at most 2 × maxraftlog ("logs were not trimmed").
 *
 * The parameters are data (GENERIC_TESTS), so the 2C suite reuses them. The history is
 * checked for linearizability with one partition per client: client `cli` only ever reads
 * and writes keys that start with "<cli> " (see partitionByPrefix in check/kv-model.ts).
 */
import { getApplyState } from '@target/kv/meta';
import { DropFilter, PartitionFilter } from '../sim/filters';
import { partitionByPrefix } from '../check/kv-model';
import { checkClntAppends, clientKey, clientValue, nextValue } from './appends';
import type { Cluster } from './cluster';
import { runKvTest, KvTestOptions } from './run';
import { describeValueDiff } from './value-diff';

/** TinyKV's GenericTest parameters. */
export interface GenericTestParams {
  /** The part, for the title: "2B", "2C". */
  readonly part: string;
  /** How many concurrent clients. */
  readonly nclients: number;
  /** Drop messages (DropFilters). */
  readonly unreliable: boolean;
  /** Stop and restart every store after each round. */
  readonly crash: boolean;
  /** Re-partition the network at random during each round. */
  readonly partitions: boolean;
  /** The raft log GC count limit, or -1 to keep the default (no log check). */
  readonly maxraftlog: number;
  /** Random membership changes (Project 3B): not supported here. */
  readonly confchange?: boolean;
  /** Region splits (Project 3B): not supported here. */
  readonly split?: boolean;
}

const p = (part: string, nclients: number, unreliable: boolean, crash: boolean, partitions: boolean, maxraftlog: number): GenericTestParams =>
  ({ part, nclients, unreliable, crash, partitions, maxraftlog });

/** Every GenericTest of TinyKV's Project 2, by test name (as test_test.go calls them). */
export const GENERIC_TESTS: Readonly<Record<string, GenericTestParams>> = {
  TestBasic2B: p('2B', 1, false, false, false, -1),
  TestConcurrent2B: p('2B', 5, false, false, false, -1),
  TestUnreliable2B: p('2B', 5, true, false, false, -1),
  TestManyPartitionsOneClient2B: p('2B', 1, false, false, true, -1),
  TestManyPartitionsManyClients2B: p('2B', 5, false, false, true, -1),
  TestPersistOneClient2B: p('2B', 1, false, true, false, -1),
  TestPersistConcurrent2B: p('2B', 5, false, true, false, -1),
  TestPersistConcurrentUnreliable2B: p('2B', 5, true, true, false, -1),
  TestPersistPartition2B: p('2B', 5, false, true, true, -1),
  TestPersistPartitionUnreliable2B: p('2B', 5, true, true, true, -1),
  TestSnapshotRecover2C: p('2C', 1, false, true, false, 100),
  TestSnapshotRecoverManyClients2C: p('2C', 20, false, true, false, 100),
  TestSnapshotUnreliable2C: p('2C', 5, true, false, false, 100),
  TestSnapshotUnreliableRecover2C: p('2C', 5, true, true, false, 100),
  TestSnapshotUnreliableRecoverConcurrentPartition2C: p('2C', 5, true, true, true, 100),
};

/** The number of stores of a GenericTest. */
export const GENERIC_SERVERS = 5;
/** The number of rounds. */
export const GENERIC_ROUNDS = 3;
/** How long the clients run in each round, in ms (after the 300 ms head start of the chaos loop). */
export const GENERIC_ROUND_MS = 5000;

/** TinyKV's title of a GenericTest: "Test: unreliable net, restarts, ... many clients (2B)". */
export function genericTitle(t: GenericTestParams): string {
  let title = 'Test: ';
  if (t.unreliable) title += 'unreliable net, ';
  if (t.crash) title += 'restarts, ';
  if (t.partitions) title += 'partitions, ';
  if (t.maxraftlog !== -1) title += 'snapshots, ';
  title += t.nclients > 1 ? 'many clients' : 'one client';
  return `${title} (${t.part})`;
}

/** The options of a GenericTest's cluster and check: 5 stores, the GC limit, one partition per client. */
export function genericTestOptions(t: GenericTestParams): KvTestOptions {
  return {
    count: GENERIC_SERVERS,
    config: t.maxraftlog !== -1 ? { raftLogGcCountLimit: t.maxraftlog } : {},
    partitionBy: partitionByPrefix(' '),
  };
}

/** Runs the GenericTest named `testName` (a key of GENERIC_TESTS) as a KV test. */
export function runGenericTest(testName: string, params: GenericTestParams = lookup(testName)): Promise<void> {
  return runKvTest(testName, genericTestOptions(params), (cluster) => genericTest(cluster, params));
}

function lookup(testName: string): GenericTestParams {
  const t = GENERIC_TESTS[testName];
  if (t === undefined) throw new Error(`no GenericTest named ${testName}`);
  return t;
}

/** The body of a GenericTest on a started cluster; see the file comment. */
export async function genericTest(cluster: Cluster, t: GenericTestParams): Promise<void> {
  if (t.confchange === true || t.split === true) {
    throw new Error('GenericTest: confchange and split belong to Project 3B and are not supported');
  }
  const sim = cluster.sim;
  const electionTimeout = cluster.electionTimeoutMs;
  const ids = cluster.storeIds();
  sim.trace.record({ topic: 'sim', kind: 'test', message: genericTitle(t) });

  // Wait for leader election.
  await sim.sleep(2 * electionTimeout);

  for (let round = 0; round < GENERIC_ROUNDS; round++) {
    sim.trace.record({ topic: 'sim', kind: 'round', message: `round ${round}: ${t.nclients} client(s) start` });
    const stop = { clients: false, partitioner: false };
    const clients = Array.from({ length: t.nclients }, (_, cli) => cluster.spawn(`client ${cli}`, () => runClient(cluster, cli, stop)));

    let chaos: Promise<void> | null = null;
    if (t.unreliable || t.partitions) {
      // Let the clients work a little without interruption.
      await sim.sleep(300);
      chaos = cluster.spawn('network chaos', () => networkChaos(cluster, stop, t.unreliable, t.partitions, electionTimeout));
    }
    await sim.sleep(GENERIC_ROUND_MS);
    stop.clients = true;
    stop.partitioner = true;
    sim.trace.record({ topic: 'sim', kind: 'round', message: `round ${round}: clients told to stop` });

    if (chaos !== null) {
      await chaos;
      // Heal the network: a request stuck in a minority returns once its server learns the new term.
      cluster.clearFilters();
      await sim.sleep(electionTimeout);
    }
    const counts = await Promise.all(clients);

    if (t.crash) {
      for (const id of ids) cluster.stopServer(id);
      // TinyKV waits here because its shutdown is not instantaneous; ours is, but we keep the pause.
      await sim.sleep(electionTimeout);
      for (const id of ids) cluster.startServer(id);
    }

    for (let cli = 0; cli < t.nclients; cli++) {
      const j = counts[cli];
      const c = cluster.client(cli);
      const values = await c.scan(clientKey(cli, 0), clientKey(cli, j));
      const v = joinValues(values);
      const problem = checkClntAppends(cli, v, j);
      if (problem !== null) throw new Error(`after round ${round}: ${problem}`);
      for (let k = 0; k < j; k++) await c.mustDelete(clientKey(cli, k));
    }

    if (t.maxraftlog > 0) {
      // Check the log size once the servers have applied everything and had time to compact.
      await sim.sleep(1000);
      await checkLogsTrimmed(cluster, t.maxraftlog);
    }
  }
}

/** One GenericTest client: puts and scans until told to stop; returns how many puts it made. */
async function runClient(cluster: Cluster, cli: number, stop: { clients: boolean }): Promise<number> {
  const sim = cluster.sim;
  const c = cluster.client(cli);
  let j = 0;
  let last = '';
  while (!stop.clients) {
    if (sim.randomInt(0, 999) < 500) {
      const value = clientValue(cli, j);
      await c.mustPut(clientKey(cli, j), value);
      last = nextValue(last, value);
      j++;
    } else {
      const values = await c.scan(clientKey(cli, 0), clientKey(cli, j));
      const v = joinValues(values);
      if (v !== last) {
        throw new Error(`get wrong value, client ${cli}: a scan of its ${j} keys should return every value it put, in order\n`
          + describeValueDiff(last, v));
      }
    }
  }
  return j;
}

/** TinyKV's networkchaos: re-partitions and/or adds drop filters until told to stop. */
async function networkChaos(cluster: Cluster, stop: { partitioner: boolean }, unreliable: boolean, partitions: boolean,
  electionTimeout: number): Promise<void> {
  const sim = cluster.sim;
  while (!stop.partitioner) {
    if (partitions) {
      const side = cluster.storeIds().map(() => sim.randomInt(0, 1));
      const pa: [number[], number[]] = [[], []];
      cluster.storeIds().forEach((id, i) => pa[side[i]].push(id));
      cluster.clearFilters();
      sim.trace.record({ topic: 'fault', kind: 'partition', message: `partition: [${pa[0].join(',')}] | [${pa[1].join(',')}]` });
      cluster.addFilter(new PartitionFilter(pa[0], pa[1]));
    }
    if (unreliable) cluster.addFilter(new DropFilter(sim));
    await sim.sleep(electionTimeout + sim.randomInt(0, 199));
  }
}

/** Every store's applied index minus truncated index must be at most 2 × maxraftlog, for every region. */
export async function checkLogsTrimmed(cluster: Cluster, maxraftlog: number): Promise<void> {
  let key: Uint8Array = new Uint8Array(0);
  for (;;) {
    const region = await cluster.main.getRegion(key);
    for (const id of cluster.storeIds()) {
      const state = getApplyState(cluster.engines(id).kv, region.id);
      if (state === undefined) continue;
      const truncated = state.truncatedState?.index ?? 0;
      const applied = state.appliedIndex;
      if (applied - truncated > 2 * maxraftlog) {
        throw new Error(`logs were not trimmed on store ${id} (region ${region.id}): expected applied index − truncated index `
          + `<= 2*${maxraftlog}, but it is ${applied} - ${truncated} = ${applied - truncated}`);
      }
    }
    key = region.endKey;
    if (key.length === 0) break;
  }
}

const decoder = new TextDecoder();

/** The values joined into one string (TinyKV: bytes.Join(values, "")). */
function joinValues(values: Uint8Array[]): string {
  return values.map((v) => decoder.decode(v)).join('');
}
