/**
 * PeerStorage: raft's Storage for one peer, on top of the store's engines.
 *
 * It keeps in memory the region and two of its three states (the third, RegionLocalState, is
 * only written when the region changes):
 * - `raftState` (RaftLocalState, raft engine): the hard state, and the last index and term of
 *   the log. What raft needs to restart.
 * - `applyState` (RaftApplyState, kv engine): the applied index, and the truncated state (the
 *   last entry compacted away by log GC). Written in the same batch as the data it applies, so
 *   that after a crash the data and the applied index always agree.
 *
 * The raft log itself is in the raft engine, one key per entry (meta/keys.ts).
 */
import {
  ConfState, Entry, ErrCompacted, ErrSnapshotTemporarilyUnavailable, ErrUnavailable, HardState, InitialState,
  isEmptyHardState, isEmptySnap, newConfState, newEntry, newHardState, notImplemented, Ready, Snapshot, Storage,
} from '../../raft';
import { eraftpb, metapb, raft_serverpb } from '../../proto/codec';
import { WriteBatch } from '../engine/engine';
import { Engines } from '../engine/engines';
import { CFs, deleteCF, putCF, scanCF } from '../engine/cf';
import { applyStateKey, raftLogKey, raftStateKey } from '../meta/keys';
import { initApplyState, initRaftLocalState, putMeta, writeRegionState } from '../meta/states';
import { generateSnapshot } from '../snap/generate';
import { readCfPairs, snapFileName } from '../snap/snap-files';
import { Runtime } from './runtime';

/** The membership of a region as raft sees it: the ids of its peers. */
export function confStateFromRegion(region: metapb.IRegion): ConfState {
  return newConfState({ nodes: (region.peers ?? []).map((p) => p.id ?? 0) });
}

/** raft's Storage for one peer. */
export class PeerStorage implements Storage {
  /** The region this peer serves. */
  region: metapb.IRegion;
  /** The hard state and the last index and term of the log (persisted in the raft engine). */
  raftState: raft_serverpb.RaftLocalState;
  /** The applied index and the truncated state (persisted in the kv engine). */
  applyState: raft_serverpb.RaftApplyState;
  /** The store's engines. */
  readonly engines: Engines;
  /** A name for logs: "[region 1] 2". */
  readonly tag: string;
  /** Where snapshots are generated (set by the peer; null in unit tests: no snapshots then). */
  snapCtx: { runtime: Runtime; generateDelayMs: number } | null = null;
  /** The snapshot being generated, if any (Part C). */
  private snapGen: { result: Snapshot | null } | null = null;

  constructor(engines: Engines, region: metapb.IRegion, tag: string) {
    this.engines = engines;
    this.region = region;
    this.tag = tag;
    this.raftState = initRaftLocalState(engines.raft, region);
    this.applyState = initApplyState(engines.kv, region);
    this.recoverFromSnapshotCrash();
    if (this.raftState.lastIndex < this.applyState.appliedIndex) {
      throw new Error(`${tag}: raft log ends at ${this.raftState.lastIndex}, before the applied index ${this.applyState.appliedIndex}`);
    }
  }

  initialState(): InitialState {
    const hs = this.raftState.hardState;
    const hardState: HardState = newHardState({ term: hs?.term ?? 0, vote: hs?.vote ?? 0, commit: hs?.commit ?? 0 });
    return { hardState, confState: confStateFromRegion(this.region) };
  }

  entries(lo: number, hi: number): Entry[] {
    if (lo > hi) throw new Error(`${this.tag}: entries: low ${lo} is greater than high ${hi}`);
    if (lo <= this.truncatedIndex()) throw new ErrCompacted();
    if (hi > this.lastIndex() + 1) throw new Error(`${this.tag}: entries: high ${hi} is out of bound, last index ${this.lastIndex()}`);
    const out: Entry[] = [];
    for (let i = lo; i < hi; i++) {
      const raw = this.engines.raft.get(raftLogKey(this.region.id ?? 0, i));
      if (raw === undefined) throw new ErrUnavailable();
      const e = newEntry(eraftpb.Entry.decode(raw));
      if (e.index !== i) throw new Error(`${this.tag}: the entry stored at index ${i} says it is ${e.index}`);
      out.push(e);
    }
    return out;
  }

  term(i: number): number {
    if (i === this.truncatedIndex()) return this.truncatedTerm();
    if (i < this.truncatedIndex()) throw new ErrCompacted();
    if (i > this.lastIndex()) throw new ErrUnavailable();
    if (i === this.lastIndex()) return this.raftState.lastTerm;
    return this.entries(i, i + 1)[0].term;
  }

  lastIndex(): number {
    return this.raftState.lastIndex;
  }

  firstIndex(): number {
    return this.truncatedIndex() + 1;
  }

  /**
   * The latest snapshot, generated in the background (Part C): the first call starts the
   * generation and throws ErrSnapshotTemporarilyUnavailable, as do calls until it is ready;
   * then it returns it. A snapshot that is older than the log's truncated index by then is
   * thrown away and a new one generated.
   */
  snapshot(): Snapshot {
    // #region 2C: snapshot generation
    // TODO (2C): start generating a snapshot in the region worker and answer
    // ErrSnapshotTemporarilyUnavailable until it is ready; then return it.
    return notImplemented('PeerStorage.snapshot (2C)');
    // #endregion
  }

  /**
   * After a crash between the two writes of applying a snapshot (kv first, then raft), the kv
   * engine says the snapshot was applied but the raft state still describes the old log: make
   * the raft state agree with the snapshot.
   */
  private recoverFromSnapshotCrash(): void {
    const truncated = this.applyState.truncatedState ?? {};
    const applied = this.applyState.appliedIndex;
    if (this.raftState.lastIndex >= applied || (truncated.index ?? 0) !== applied) return;
    this.raftState.lastIndex = applied;
    this.raftState.lastTerm = truncated.term ?? 0;
    const hs = this.raftState.hardState ?? {};
    this.raftState.hardState = { term: Math.max(hs.term ?? 0, truncated.term ?? 0), vote: hs.vote ?? 0, commit: Math.max(hs.commit ?? 0, applied) };
  }

  /** The index of the last entry applied to the kv engine. */
  appliedIndex(): number {
    return this.applyState.appliedIndex;
  }

  /** The index of the last entry compacted away. */
  truncatedIndex(): number {
    return this.applyState.truncatedState?.index ?? 0;
  }

  /** The term of the last entry compacted away. */
  truncatedTerm(): number {
    return this.applyState.truncatedState?.term ?? 0;
  }

  /**
   * Adds the entries to the raft write batch and updates raftState's last index and term.
   * Entries of the old log past the new last index can never be committed (the new ones
   * replaced them): delete them too.
   */
  append(entries: Entry[], raftWB: WriteBatch): void {
    // #region 2B: append
    // TODO (2B): put every entry in raftWB under raftLogKey(regionId, index); delete the keys of
    // old entries after the new last one (they can never be committed); update
    // this.raftState.lastIndex and lastTerm.
    notImplemented(`PeerStorage.append (${entries.length} entries) (2B)`);
    // #endregion
  }

  /**
   * Persists what a Ready asks to persist, in one write to the raft engine: its entries, its
   * hard state, and (Part C) its snapshot. Do not change `rd`: raft needs it in advance().
   */
  saveReadyState(rd: Ready): void {
    // #region 2B: saveReadyState
    // TODO (2B): in ONE raft-engine write batch: rd.entries (append), rd.hardState if it is not
    // empty, and this.raftState (putMeta under raftStateKey). Part C adds the snapshot.
    notImplemented('PeerStorage.saveReadyState (2B)');
    // #endregion
  }

  /** Replaces this peer's data and states with a snapshot's (Part C). */
  applySnapshot(snap: Snapshot, kvWB: WriteBatch, raftWB: WriteBatch): void {
    // #region 2C: applySnapshot
    // TODO (2C): clear the old data and meta, set raftState and applyState to the snapshot's
    // index and term, write the region's RegionLocalState, and have the snapshot's data ingested.
    void snap; void kvWB; void raftWB;
    notImplemented('PeerStorage.applySnapshot (2C)');
    // #endregion
  }
}
