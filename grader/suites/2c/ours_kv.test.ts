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
 *
 * TestSnapshotApplyRemovesOldLog2C cuts off the leader instead (harness/cluster/old-leader.ts),
 * so that the store that needs the snapshot has a long log of its own, and reads its raft engine
 * right after the write that installs the snapshot (harness/cluster/write-watch.ts).
 * TestCorruptedSnapshotRejected2C corrupts a chunk on its way (harness/sim/corrupt-chunk.ts).
 */
import { CfDefault, getCF } from '@target/kv/engine/cf';
import { getApplyState, getRaftLocalState } from '@target/kv/meta/states';
import { CorruptOneSnapshotChunk } from '../../../harness/sim/corrupt-chunk';
import { bytesEqual } from '../../../harness/cluster/cluster';
import type { Cluster } from '../../../harness/cluster/cluster';
import { toBytes } from '../../../harness/cluster/client';
import { checkLogsTrimmed } from '../../../harness/cluster/generic-test';
import { waitUntil } from '../../../harness/cluster/crash-chaos';
import { snapshotApplyWrite } from '../../../harness/cluster/crash-points';
import { describeDataDifference } from '../../../harness/cluster/data-compare';
import {
  DropSnapshotsFor, Lagged, SilentAcksAfterSnapshot, SnapshotChunkTrigger, checkAllKeys, lagAndHeal, lagKey, lagValue, showCounts,
  snapshotGenerations, snapshotTransfersTo, waitCaughtUp, writeMore,
} from '../../../harness/cluster/lagging';
import { isolateLeader, proposeAtOldLeader, putThroughStores } from '../../../harness/cluster/old-leader';
import { describeOldEntriesAfterSnapshot, showIndexes, storedEntries } from '../../../harness/cluster/raft-log-check';
import { KV_TEST_TIMEOUT_MS, KvTestOptions, runKvTest } from '../../../harness/cluster/run';
import { watchStoreWrites } from '../../../harness/cluster/write-watch';
import { showBytes } from '../../../harness/cluster/meta';

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

/** Fails unless store `id`'s data equals every other store's, once the cluster had 1 s to settle. */
async function mustHoldSameData(cluster: Cluster, id: number, what: string): Promise<void> {
  await cluster.sim.sleep(1000);
  for (const other of cluster.storeIds().filter((s) => s !== id)) {
    const diff = describeDataDifference(cluster.engines(id).kv, id, cluster.engines(other).kv, other);
    if (diff !== null) throw new Error(`expected store ${id} to hold the same data as store ${other} ${what}, but they differ: ${diff}`);
  }
}

// A leader cut off alone keeps appending the proposals it gets (40 Puts sent straight to it,
// in its old term) while the other two elect a new leader, write 20 keys and compact their logs
// past it. Once the network heals, the old leader can only catch up through a snapshot, and its
// log holds those 40 entries, some of them past the snapshot's index. Right after the write
// that installs the snapshot, its raft engine is read directly: no entry may be left at or below
// the snapshot's index, nor past it (the old log's tail, which the new leader's log replaced).
test('TestSnapshotApplyRemovesOldLog2C', () => runKvTest('TestSnapshotApplyRemovesOldLog2C', OPTIONS, async (cluster) => {
  const sim = cluster.sim;
  const valueBytes = 16;
  const iso = await isolateLeader(cluster, lagKey(0), lagValue(0, valueBytes));
  const old = iso.leader.storeId;
  const stale = Array.from({ length: 40 }, (_, i) => `stale ${String(i).padStart(2, '0')}`);
  await proposeAtOldLeader(cluster, iso, stale, 30_000);
  const keys = 21;
  for (let i = 1; i < keys; i++) await putThroughStores(cluster, iso.region, iso.others, lagKey(i), lagValue(i, valueBytes));
  const truncated = (id: number): number => getApplyState(cluster.engines(id).kv, iso.region.id)?.truncatedState?.index ?? 0;
  if (!await waitUntil(cluster, () => iso.others.every((id) => truncated(id) > iso.lastIndex), 3000, 20)) {
    throw new Error(`expected the majority [${iso.others.join(',')}] to compact its raft log past index ${iso.lastIndex} within 3 s of `
      + `writing ${keys - 1} keys with raftLogGcCountLimit ${GC_LIMIT}, but the truncated indexes are `
      + `${iso.others.map((id) => truncated(id)).join(', ')}: is CompactLog proposed (onRaftGcLogTick) and applied?`);
  }
  const before = storedEntries(cluster.engines(old).raft, iso.region.id);
  // The first write after which both engines say the snapshot is installed, whichever engine
  // the store writes first: the kv engine's applied and truncated indexes at the snapshot's
  // index, past where the old leader was cut off; the raft engine's RaftLocalState at that
  // index (or past it) and of the snapshot's term (or later). The old log's RaftLocalState
  // cannot pass for it: its last term is the old leader's, older than every entry of the new
  // leader. The raft engine is read right then.
  const installed: { index: number; at: number; problem: string | null }[] = [];
  const stopWatch = watchStoreWrites(cluster, old, () => {
    if (installed.length > 0) return;
    const eng = cluster.engines(old);
    const apply = getApplyState(eng.kv, iso.region.id);
    const t = apply?.truncatedState?.index ?? 0;
    if (apply === undefined || t <= iso.lastIndex || apply.appliedIndex !== t) return;
    const st = getRaftLocalState(eng.raft, iso.region.id);
    if (st === undefined || st.lastIndex < t || st.lastTerm < (apply.truncatedState?.term ?? 0)) return;
    installed.push({ index: t, at: sim.now(), problem: describeOldEntriesAfterSnapshot(eng, old, t, iso.region.id) });
  });
  const healSeq = sim.trace.recorded;
  const healMs = sim.now();
  sim.trace.record({ topic: 'fault', kind: 'heal', message: `old leader ${old} reconnected, its log ${showIndexes(before.map((e) => e.index))}: `
    + 'it needs a snapshot' });
  cluster.clearFilters();
  const ok = await waitUntil(cluster, () => installed.length > 0, 8000);
  stopWatch();
  if (!ok) {
    throw new Error(`expected store ${old} (the old leader, its log compacted away on the others) to install a snapshot within 8 s of `
      + 'the network healing, but its kv engine shows none (no truncated index past its old log, equal to its applied index)');
  }
  const snap = installed[0];
  sim.trace.record({ topic: 'sim', kind: 'check', message: `store ${old} installed a snapshot at ${snap.index} at t=${snap.at.toFixed(1)}; `
    + `its old log was ${showIndexes(before.map((e) => e.index))}` });
  if (snap.problem !== null) {
    throw new Error(`right after the write that installed the snapshot (at t=${snap.at.toFixed(1)} ms; before it, its log held entries `
      + `${showIndexes(before.map((e) => e.index))}): ${snap.problem}`);
  }
  const lag: Lagged = { lagging: old, keys, valueBytes, healSeq, healMs };
  await mustCatchUp(cluster, lag, 10_000, 'of the network healing');
  const kv = cluster.engines(old).kv;
  for (const key of stale) {
    const got = getCF(kv, CfDefault, toBytes(key));
    if (got !== undefined) {
      throw new Error(`store ${old} holds ${showBytes(toBytes(key))} = ${showBytes(got)}, a Put it took as a leader cut off alone and `
        + 'never committed: entries of an old log must never be applied once a snapshot replaced it');
    }
  }
  await checkAllKeys(cluster, lag);
  await mustHoldSameData(cluster, old, 'after catching up from the snapshot');
}), KV_TEST_TIMEOUT_MS);

/**
 * Store `lag.lagging`'s view of the scenario's keys: the first it holds with a value nobody
 * wrote (described), and how many it does not hold yet.
 */
function scenarioState(cluster: Cluster, lag: Lagged): { wrong: string | null; missing: number } {
  const kv = cluster.engines(lag.lagging).kv;
  let missing = 0;
  for (let i = 0; i < lag.keys; i++) {
    const want = toBytes(lagValue(i, lag.valueBytes));
    const got = getCF(kv, CfDefault, toBytes(lagKey(i)));
    if (got === undefined) {
      missing++;
      continue;
    }
    if (bytesEqual(got, want)) continue;
    let at = 0;
    while (at < Math.min(got.length, want.length) && got[at] === want[at]) at++;
    const wrong = `${showBytes(toBytes(lagKey(i)))} = ${showBytes(got.subarray(0, 16))}... (${got.length} bytes), but the value written `
      + `was ${showBytes(want.subarray(0, 16))}... (${want.length} bytes); they first differ at byte ${at}: `
      + `${showBytes(got.subarray(at, at + 4))} instead of ${showBytes(want.subarray(at, at + 4))}`;
    return { wrong, missing };
  }
  return { wrong: null, missing };
}

// A lagging follower catches up through a snapshot, and the network flips one byte of one of
// its chunks (inside a value, so the files still decode: only their checksums tell). The
// follower must reject that transfer (the receiver checks each file's size and CRC-32 against
// the snapshot's metadata), and the leader must send a new snapshot, from which it catches up.
// Its data is read every 5 ms: a value nobody wrote fails the test at once, and at the end it
// must hold the same data as the others.
test('TestCorruptedSnapshotRejected2C', () => runKvTest('TestCorruptedSnapshotRejected2C', OPTIONS, async (cluster) => {
  const corrupt = new CorruptOneSnapshotChunk(cluster.sim);
  const lag = await lagAndHeal(cluster, { valueBytes: 1024 }, (lagging) => {
    cluster.clearFilters();
    corrupt.to = lagging;
    cluster.addFilter(corrupt);
  });
  const id = lag.lagging;
  if (!await waitUntil(cluster, () => corrupt.corrupted !== null, 5000)) {
    throw new Error(`expected the leader to send store ${id} a snapshot within 5 s of the network healing (its log was compacted `
      + 'past the follower), but no snapshot chunk to it went out');
  }
  let state = scenarioState(cluster, lag);
  const done = await waitUntil(cluster, () => {
    state = scenarioState(cluster, lag);
    return state.wrong !== null || state.missing === 0;
  }, 10_000, 5);
  const wrong = state.wrong;
  if (wrong !== null) {
    throw new Error(`store ${id} applied corrupted data: its kv engine holds ${wrong}. The test flipped one byte of ${corrupt.corrupted}; `
      + 'the receiver must check each snapshot file\'s size and CRC-32 against the snapshot\'s metadata and drop a transfer that does '
      + 'not match (the leader sends a new snapshot later), never hand it to raft.');
  }
  if (!done) {
    throw new Error(`expected store ${id} to catch up within 10 s of a corrupted snapshot transfer (${corrupt.corrupted}), through a new `
      + `snapshot: the receiver drops the bad transfer, the leader's snapshot pause times out and it sends another; but its engine `
      + `still misses ${state.missing} of the ${lag.keys} keys (snapshot transfers to it since the network healed: `
      + `${showCounts(snapshotTransfersTo(cluster, id, lag.healSeq))}). With no new writes the leader sends the same snapshot (same `
      + 'term and index) again: the receiver must take it, so a transfer that failed its check must be forgotten, not remembered as done');
  }
  cluster.clearFilters();
  await finalChecks(cluster, lag);
  await mustHoldSameData(cluster, id, 'after catching up');
}), KV_TEST_TIMEOUT_MS);
