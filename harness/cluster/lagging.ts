/**
 * The lagging follower of our 2C tests (grader/suites/2c/ours_kv.test.ts): three stores with
 * a small raft-log GC limit; one store is cut off while the others write enough for their logs
 * to be compacted past it, so once the network heals it can only catch up through a snapshot.
 *
 * What the snapshots cost is read from the trace, whose events the harness and the given code
 * write (not the code under test): the network traces each snapshot chunk it sends
 * (`SnapshotChunk 1->3 offset=0/N`: offset 0 starts a transfer), and snap/generate.ts traces
 * each snapshot it generates ("generated snapshot ...").
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { getApplyState } from '@target/kv/meta/states';
import { getCF, CfDefault } from '@target/kv/engine/cf';
import { Filter, PartitionFilter } from '../sim/filters';
import type { TraceEvent } from '../sim/trace';
import type { Simulator } from '../sim/simulator';
import type { Cluster } from './cluster';
import { bytesEqual } from './cluster';
import { toBytes } from './client';
import { waitUntil } from './crash-chaos';
import { showBytes } from './meta';

/** The key of the i-th write of the scenario. */
export function lagKey(i: number): string {
  return `key ${String(i).padStart(4, '0')}`;
}

/** The value of the i-th write: "value <i>" padded to `size` bytes. */
export function lagValue(i: number, size: number): string {
  const head = `value ${i} `;
  return head + 'x'.repeat(Math.max(0, size - head.length));
}

/** Options of the scenario. */
export interface LagOptions {
  /** The store cut off (default: the follower with the highest id, so that clients find the leader at once). */
  lagging?: number;
  /** How many keys the others write meanwhile (default 100). */
  keys?: number;
  /** The size of each value in bytes (default 16). */
  valueBytes?: number;
}

/** What the scenario did, for the checks that follow. */
export interface Lagged {
  lagging: number;
  keys: number;
  valueBytes: number;
  /** The trace's sequence number when the network healed: count snapshot events from there. */
  healSeq: number;
  /** Virtual time when the network healed. */
  healMs: number;
}

/**
 * Writes key 0 and waits for every store to apply it; cuts the lagging store off (a follower:
 * a leader cut off would keep its leadership, no check quorum, and slow every client request
 * down); writes the keys 1..keys-1 through the other two; waits until their logs are compacted
 * past everything the lagging store has (so only a snapshot can bring it up to date); heals
 * the network with `heal` (default: clear the filters) and returns.
 */
export async function lagAndHeal(cluster: Cluster, opts: LagOptions = {}, heal?: (lagging: number) => void): Promise<Lagged> {
  const keys = opts.keys ?? 100;
  const valueBytes = opts.valueBytes ?? 16;
  const sim = cluster.sim;
  await cluster.mustPut(lagKey(0), lagValue(0, valueBytes));
  for (const id of cluster.storeIds()) await cluster.mustGetEqual(cluster.engines(id), lagKey(0), lagValue(0, valueBytes));
  const leader = (await cluster.main.leaderOfRegion(1))?.storeId ?? 0;
  const lagging = opts.lagging ?? Math.max(...cluster.storeIds().filter((id) => id !== leader));

  const others = cluster.storeIds().filter((id) => id !== lagging);
  sim.trace.record({ topic: 'fault', kind: 'partition', message: `store ${lagging} cut off from [${others.join(',')}]` });
  cluster.addFilter(new PartitionFilter([lagging], others));
  for (let i = 1; i < keys; i++) await cluster.mustPut(lagKey(i), lagValue(i, valueBytes));
  const lagApplied = getApplyState(cluster.engines(lagging).kv, 1)?.appliedIndex ?? 0;
  const truncated = (id: number): number => getApplyState(cluster.engines(id).kv, 1)?.truncatedState?.index ?? 0;
  const compacted = await waitUntil(cluster, () => others.every((id) => truncated(id) > lagApplied), 3000, 20);
  if (!compacted) {
    const t = others.map((id) => `store ${id}: ${truncated(id)}`).join(', ');
    throw new Error(`expected the majority to compact its raft log past index ${lagApplied} (what store ${lagging} has) within 3 s `
      + `of writing ${keys} keys with raftLogGcCountLimit ${cluster.cfg.raftLogGcCountLimit}, but the truncated indexes are ${t}: `
      + 'is CompactLog proposed (onRaftGcLogTick) and applied?');
  }
  const healSeq = sim.trace.recorded;
  const healMs = sim.now();
  sim.trace.record({ topic: 'fault', kind: 'heal', message: `store ${lagging} reconnected: it needs a snapshot` });
  if (heal === undefined) cluster.clearFilters();
  else heal(lagging);
  return { lagging, keys, valueBytes, healSeq, healMs };
}

/**
 * Waits up to `timeoutMs` for store `lag.lagging`'s kv engine to hold every key of the
 * scenario with its value; returns null when it does, else what is still missing.
 */
export async function waitCaughtUp(cluster: Cluster, lag: Lagged, timeoutMs: number): Promise<string | null> {
  const kv = cluster.engines(lag.lagging).kv;
  let missing = '';
  const done = (): boolean => {
    for (let i = lag.keys - 1; i >= 0; i--) {
      const got = getCF(kv, CfDefault, toBytes(lagKey(i)));
      if (got === undefined || !bytesEqual(got, toBytes(lagValue(i, lag.valueBytes)))) {
        missing = `${showBytes(toBytes(lagKey(i)))} reads ${got === undefined ? 'nothing' : `${showBytes(got.subarray(0, 24))}...`}`;
        return false;
      }
    }
    return true;
  };
  return (await waitUntil(cluster, done, timeoutMs, 20)) ? null : missing;
}

/** Reads back every key of the scenario through the cluster (a client Get each). */
export async function checkAllKeys(cluster: Cluster, lag: Lagged): Promise<void> {
  for (let i = 0; i < lag.keys; i++) await cluster.mustGet(lagKey(i), lagValue(i, lag.valueBytes));
}

/** The trace events recorded since sequence number `seq`. */
function eventsSince(cluster: Cluster, seq: number): TraceEvent[] {
  return cluster.sim.trace.events().filter((e) => e.seq >= seq);
}

/** Snapshot transfers to a store since `seq`: chunk sends at offset 0, by link ("1->3"). */
export function snapshotTransfersTo(cluster: Cluster, storeId: number, seq: number): { total: number; byLink: Record<string, number> } {
  const re = new RegExp(`SnapshotChunk (\\d+)->${storeId} offset=0/`);
  const byLink: Record<string, number> = {};
  let total = 0;
  for (const e of eventsSince(cluster, seq)) {
    if (e.topic !== 'net' || e.kind !== 'send') continue;
    const m = re.exec(e.message);
    if (m === null) continue;
    const link = `${m[1]}->${storeId}`;
    byLink[link] = (byLink[link] ?? 0) + 1;
    total++;
  }
  return { total, byLink };
}

/** Snapshot generations since `seq`, by store ("generated snapshot" traces of snap/generate.ts). */
export function snapshotGenerations(cluster: Cluster, seq: number): { total: number; byStore: Record<number, number> } {
  const byStore: Record<number, number> = {};
  let total = 0;
  for (const e of eventsSince(cluster, seq)) {
    if (e.topic !== 'snapshot' || !e.message.startsWith('generated snapshot') || e.store === null) continue;
    byStore[e.store] = (byStore[e.store] ?? 0) + 1;
    total++;
  }
  return { total, byStore };
}

/** The counts as text: "2 (1->3: 1, 2->3: 1)". */
export function showCounts(c: { total: number; byLink?: Record<string, number>; byStore?: Record<number, number> }): string {
  const parts = Object.entries(c.byLink ?? {}).map(([k, v]) => `${k}: ${v}`)
    .concat(Object.entries(c.byStore ?? {}).map(([k, v]) => `store ${k}: ${v}`));
  return `${c.total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * A filter for the scenario: from the lagging store's first accepting MsgAppendResponse (its
 * acknowledgement of the snapshot: with its log far behind the leader's compacted one, it can
 * accept nothing else), it drops every MsgAppendResponse of that store for `windowMs`. The
 * lagging store has the snapshot, but the leader hears nothing back for a while, as when the
 * way back is lossy or a big snapshot takes long to apply: it cannot tell a slow transfer from
 * a lost one, and must not answer the silence with more snapshots.
 */
export class SilentAcksAfterSnapshot implements Filter {
  /** When the window opened (virtual ms), or null before the first acknowledgement. */
  openedAt: number | null = null;
  /** How many append responses it dropped. */
  dropped = 0;
  /** The lagging store (set it before the network heals). */
  lagging = 0;

  constructor(private readonly sim: Simulator, readonly windowMs: number) {}

  /** False for an append response of the lagging store inside the window. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    const m = msg.message;
    if (m == null || m.msgType !== eraftpb.MessageType.MsgAppendResponse || (msg.fromPeer?.storeId ?? 0) !== this.lagging) return true;
    const now = this.sim.now();
    if (this.openedAt === null) {
      if (m.reject === true) return true;
      this.openedAt = now;
    }
    if (now - this.openedAt >= this.windowMs) return true;
    this.dropped++;
    return false;
  }

  /** The end of the window (virtual ms), or null if it never opened. */
  get closesAt(): number | null {
    return this.openedAt === null ? null : this.openedAt + this.windowMs;
  }
}

/**
 * A filter for the scenario: drops every snapshot chunk (a chunk's message is a MsgSnapshot;
 * raft messages never are, the store sends snapshots only in chunks) from the first one it
 * sees until `windowMs` later; then lets everything through.
 */
export class DropSnapshotsFor implements Filter {
  /** When the first chunk was dropped (virtual ms), or null. */
  firstAt: number | null = null;
  /** How many chunks it dropped. */
  dropped = 0;

  constructor(private readonly sim: Simulator, readonly windowMs: number) {}

  /** False for a snapshot chunk inside the window. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    if (msg.message?.msgType !== eraftpb.MessageType.MsgSnapshot) return true;
    const now = this.sim.now();
    this.firstAt ??= now;
    if (now - this.firstAt >= this.windowMs) return true;
    this.dropped++;
    return false;
  }

  /** The end of the window (virtual ms), or null if no chunk came yet. */
  get closesAt(): number | null {
    return this.firstAt === null ? null : this.firstAt + this.windowMs;
  }
}

/**
 * A filter that drops nothing and calls `onChunk` (once, then forgets it) when a snapshot
 * chunk to store `to` goes on its way.
 */
export class SnapshotChunkTrigger implements Filter {
  /** Called at the next chunk to `to`; set it again for the next one. */
  onChunk: (() => void) | null = null;
  /** The store whose chunks are watched. */
  to = 0;

  /** Always true. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    if (this.onChunk !== null && msg.message?.msgType === eraftpb.MessageType.MsgSnapshot && (msg.toPeer?.storeId ?? 0) === this.to) {
      const f = this.onChunk;
      this.onChunk = null;
      f();
    }
    return true;
  }
}

/** Writes `n` more keys of the scenario (numbered on from lag.keys) and counts them in. */
export async function writeMore(cluster: Cluster, lag: Lagged, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await cluster.mustPut(lagKey(lag.keys), lagValue(lag.keys, lag.valueBytes));
    lag.keys++;
  }
}
