/**
 * Project 2C, the KV server: our tests (origin 'ours') of snapshots in the running store,
 * beyond TinyKV's: flow control (a lagging follower gets a few snapshots, not one per
 * heartbeat), a lost transfer is retried, and a crash while a snapshot travels or is applied
 * loses nothing. Three stores, raftLogGcCountLimit 10; a follower (store 3, or store 2 when
 * store 3 leads) is cut off while the others write 100 keys and compact their logs, so it can
 * only catch up through a snapshot (see harness/cluster/lagging.ts). The snapshot counts come
 * from the trace: the network's chunk sends (offset 0 starts a transfer) and the given
 * snapshot generator's "generated snapshot" lines. Every client history is checked for
 * linearizability, and every message for "persist before send".
 */
import type { Cluster } from '../../../harness/cluster/cluster';
import { checkLogsTrimmed } from '../../../harness/cluster/generic-test';
import { waitUntil } from '../../../harness/cluster/crash-chaos';
import { snapshotApplyWrite } from '../../../harness/cluster/crash-points';
import {
  DropSnapshotsFor, Lagged, SilentAcksAfterSnapshot, SnapshotChunkTrigger, checkAllKeys, lagAndHeal, showCounts, snapshotGenerations,
  snapshotTransfersTo, waitCaughtUp, writeMore,
} from '../../../harness/cluster/lagging';
import { KV_TEST_TIMEOUT_MS, KvTestOptions, runKvTest } from '../../../harness/cluster/run';

const GC_LIMIT = 10;
const OPTIONS: KvTestOptions = { count: 3, config: { raftLogGcCountLimit: GC_LIMIT } };

/** Fails unless the lagging store catches up within `timeoutMs`. */
async function mustCatchUp(cluster: Cluster, lag: Lagged, timeoutMs: number, what: string): Promise<void> {
  const missing = await waitCaughtUp(cluster, lag, timeoutMs);
  if (missing !== null) {
    throw new Error(`expected store ${lag.lagging} to catch up (through a snapshot: the others compacted their logs) within `
      + `${timeoutMs / 1000} s ${what}, but its engine still misses writes: ${missing}`);
  }
}

/** Starts store `id` again; a store that cannot start fails the test with `what` happened before. */
function restart(cluster: Cluster, id: number, what: string): void {
  try {
    cluster.startServer(id);
  } catch (e) {
    throw new Error(`store ${id} could not restart ${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}. `
      + 'A store must start from whatever its engines hold after a crash at any point.', { cause: e });
  }
}

/** Every write is readable, every log is trimmed. */
async function finalChecks(cluster: Cluster, lag: Lagged): Promise<void> {
  await checkAllKeys(cluster, lag);
  await cluster.sim.sleep(1000);
  await checkLogsTrimmed(cluster, GC_LIMIT);
}

// Flow control: a follower that needs a snapshot gets one, and the leader sends it nothing
// more while it is on its way, instead of a new snapshot on every heartbeat response. From its
// acknowledgement of the snapshot on, the follower's append responses are lost for 1.5 s (a
// lossy way back, or a snapshot that takes long to apply): the leader hears nothing, and must
// wait rather than send snapshot after snapshot.
test('TestLaggingFollowerGetsBoundedSnapshots2C', () => runKvTest('TestLaggingFollowerGetsBoundedSnapshots2C', OPTIONS, async (cluster) => {
  const silent = new SilentAcksAfterSnapshot(cluster.sim, 1500);
  const lag = await lagAndHeal(cluster, { valueBytes: 1024 }, (lagging) => {
    cluster.clearFilters();
    silent.lagging = lagging;
    cluster.addFilter(silent);
  });
  await mustCatchUp(cluster, lag, 10_000, 'of the network healing');
  // Count once the acknowledgements flow again and the leader had time to hear them.
  const closes = silent.closesAt ?? cluster.sim.now();
  await cluster.sim.sleep(Math.max(0, closes - cluster.sim.now()) + 1000);
  cluster.clearFilters();
  const transfers = snapshotTransfersTo(cluster, lag.lagging, lag.healSeq);
  const gens = snapshotGenerations(cluster, lag.healSeq);
  cluster.sim.trace.record({ topic: 'sim', kind: 'check', message: `snapshot transfers to store ${lag.lagging}: ${showCounts(transfers)}; `
    + `generations: ${showCounts(gens)}; ${silent.dropped} acknowledgements dropped` });
  if (transfers.total > 3) {
    throw new Error(`store ${lag.lagging} needed one snapshot, but ${transfers.total} snapshot transfers were sent to it after the `
      + `network healed (by link: ${showCounts(transfers)}; its append responses were lost for 1.5 s from its first acknowledgement). `
      + 'Flow control: while a snapshot is on its way to a follower, its Progress is in state Snapshot and the leader sends it no '
      + 'appends and no second snapshot (heartbeats only), until the follower acknowledges it (an append response at or past its '
      + 'index), reportSnapshot says the transfer failed, or the pause times out. Without that, each heartbeat response finds the '
      + 'follower\'s next entry compacted and starts a new snapshot.');
  }
  if (gens.total > 4) {
    throw new Error(`the leader generated ${gens.total} snapshots after the network healed (${showCounts(gens)}) for one lagging `
      + 'follower: generate a snapshot once and send it; ErrSnapshotTemporarilyUnavailable means "ask again later" (on a later '
      + 'heartbeat response), and a follower paused in state Snapshot asks for nothing.');
  }
  await finalChecks(cluster, lag);
}), KV_TEST_TIMEOUT_MS);

// A snapshot transfer that is lost (no report, no answer) must not pause the follower for
// ever: every snapshot chunk is dropped for 1.5 s from the first one, while a client keeps
// writing; then the network delivers again, and the follower must catch up within 10 s.
test('TestLostSnapshotIsRetried2C', () => runKvTest('TestLostSnapshotIsRetried2C', OPTIONS, async (cluster) => {
  const drop = new DropSnapshotsFor(cluster.sim, 1500);
  const lag = await lagAndHeal(cluster, {}, () => {
    cluster.clearFilters();
    cluster.addFilter(drop);
  });
  if (!await waitUntil(cluster, () => drop.firstAt !== null, 5000)) {
    throw new Error(`expected the leader to send store ${lag.lagging} a snapshot within 5 s of the network healing (its log was `
      + 'compacted past the follower), but no snapshot chunk went out');
  }
  await writeMore(cluster, lag, 10);
  await cluster.sim.sleep(Math.max(0, (drop.closesAt ?? 0) - cluster.sim.now()));
  cluster.clearFilters();
  cluster.sim.trace.record({ topic: 'sim', kind: 'check', message: `${drop.dropped} snapshot chunks dropped; they go through from now on` });
  await mustCatchUp(cluster, lag, 10_000, `of the snapshot chunks going through again (${drop.dropped} were dropped before). A `
    + 'transfer lost without a report must not pause the follower for ever: after SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS election '
    + 'timeouts in state Snapshot, the leader probes the follower again and sends a new snapshot if it still needs one');
  await finalChecks(cluster, lag);
}), KV_TEST_TIMEOUT_MS);

// Applying a snapshot writes both engines, one after the other (kv: the data, RaftApplyState
// and RegionLocalState; raft: RaftLocalState and the old log's removal). The follower loses
// power right after the first of these writes; restarted, it must recover and catch up, and
// nothing acknowledged may be lost.
test('TestCrashDuringSnapshotApplyLosesNothing2C', () => runKvTest('TestCrashDuringSnapshotApplyLosesNothing2C', OPTIONS, async (cluster) => {
  const lag = await lagAndHeal(cluster, {}, (lagging) => {
    cluster.armCrash(lagging, { when: 'after', match: snapshotApplyWrite(cluster.engines(lagging)), label: 'the first write of a snapshot apply' });
    cluster.clearFilters();
  });
  const id = lag.lagging;
  if (!await waitUntil(cluster, () => !cluster.isRunning(id), 5000)) {
    throw new Error(`expected store ${id} to apply a snapshot within 5 s of the network healing (the others compacted their logs `
      + 'past it), but it wrote no RegionLocalState to its kv engine and did not move its raft log to a snapshot');
  }
  await writeMore(cluster, lag, 5);
  await cluster.sim.sleep(cluster.sim.randomInt(100, 500));
  restart(cluster, id, 'after a crash between the two writes of a snapshot apply (the first was on disk, the second not)');
  await mustCatchUp(cluster, lag, 10_000, `of restarting after a crash between the two writes of a snapshot apply. Write the kv `
    + 'engine first (data, RaftApplyState, RegionLocalState in one batch), then the raft engine; at start, a kv engine that is '
    + 'ahead of the raft engine (applied index past the last log index, equal to the truncated index) means the raft state must '
    + 'be brought up to the snapshot');
  await finalChecks(cluster, lag);
}), KV_TEST_TIMEOUT_MS);

// The follower crashes while a snapshot travels to it (0-60 ms, from the seed, after its first
// chunk leaves the leader: with 3.2 MB of data and the sender's 16 chunks of 64 KiB per 50 ms
// tick, a transfer takes over 100 ms) or after it arrived but before it was applied, three
// times; the leader must keep trying, and the follower must catch up in the end.
test('TestCrashDuringSnapshotTransferLosesNothing2C', () => runKvTest('TestCrashDuringSnapshotTransferLosesNothing2C', OPTIONS, async (cluster) => {
  const sim = cluster.sim;
  const trigger = new SnapshotChunkTrigger();
  const lag = await lagAndHeal(cluster, { valueBytes: 32 * 1024 }, (lagging) => {
    cluster.clearFilters();
    trigger.to = lagging;
    cluster.addFilter(trigger);
  });
  const id = lag.lagging;
  const kinds: ('in flight' | 'received')[] = ['in flight', 'in flight', 'received'];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = sim.randomInt(0, i);
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  for (const [n, kind] of kinds.entries()) {
    if (kind === 'in flight') {
      trigger.onChunk = () => {
        const delay = sim.randomInt(0, 60);
        sim.schedule(delay, () => {
          if (!cluster.isRunning(id)) return;
          sim.trace.record({ store: id, topic: 'fault', kind: 'crash', message: `store ${id} crashes ${delay} ms after a snapshot chunk left for it` });
          cluster.stopServer(id);
        }, `crash store ${id}`);
      };
    } else {
      cluster.armCrash(id, { when: 'before', match: snapshotApplyWrite(cluster.engines(id)), label: 'the first write of a snapshot apply' });
    }
    if (!await waitUntil(cluster, () => !cluster.isRunning(id), 8000)) {
      throw new Error(`crash ${n + 1} (${kind}): expected the leader to send store ${id} a snapshot${kind === 'received' ? ' and the store '
        + 'to apply it' : ''} within 8 s, but it did not happen: after a transfer lost with its receiver's crash, the leader must try `
        + 'again (the snapshot pause times out after SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS election timeouts)');
    }
    trigger.onChunk = null;
    cluster.disarmCrash(id);
    await writeMore(cluster, lag, 3);
    await sim.sleep(sim.randomInt(100, 500));
    const when = kind === 'in flight' ? 'while a snapshot was on its way' : 'after a snapshot arrived, before it was applied';
    restart(cluster, id, `after crash ${n + 1} (${when})`);
  }
  await mustCatchUp(cluster, lag, 10_000, 'of its last restart (after three crashes while a snapshot was on its way)');
  await finalChecks(cluster, lag);
}), KV_TEST_TIMEOUT_MS);
