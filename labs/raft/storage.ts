/**
 * Storage: what raft reads from the application's stable storage, and MemoryStorage, an
 * in-memory implementation used by the tests (the KV server of Part B has its own,
 * PeerStorage, on top of the engines).
 *
 * How Storage maps onto RaftLog:
 *
 *     snapshot covers 1..S          | entries kept by storage           | not yet persisted
 *     ------------------------------+-----------------------------------+------------------
 *                              S = firstIndex()-1    ...          lastIndex() = RaftLog.stabled
 *
 * - `firstIndex()` is the first index whose entry storage still holds; everything before it
 *   was compacted into the snapshot, so it is known to be committed.
 * - `lastIndex()` is the last index storage holds. Storage only holds what the application
 *   persisted, so when RaftLog is built from storage, `stabled` starts at `lastIndex()`.
 * - `term(firstIndex()-1)` is allowed: it is the term of the last entry in the snapshot.
 */
import { ConfState, Entry, HardState, newConfState, newEntry, newHardState, newSnapshot, Snapshot } from '../proto/eraftpb';
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from './errors';

/** The hard state and membership that raft starts from. */
export interface InitialState {
  hardState: HardState;
  confState: ConfState;
}

/**
 * Raft's read-only view of the application's stable storage. Every method may throw one of
 * the errors in errors.ts; anything else thrown is a bug in the storage.
 */
export interface Storage {
  /** The saved hard state and membership. */
  initialState(): InitialState;
  /** Entries with index in [lo, hi). Throws ErrCompacted if lo < firstIndex(), ErrUnavailable if nothing is stored. */
  entries(lo: number, hi: number): Entry[];
  /** Term of entry i, for i in [firstIndex()-1, lastIndex()]. Throws ErrCompacted below, ErrUnavailable above. */
  term(i: number): number;
  /** Index of the last entry in storage. */
  lastIndex(): number;
  /** Index of the first entry still in storage (older ones are in the snapshot). */
  firstIndex(): number;
  /**
   * The most recent snapshot. May throw ErrSnapshotTemporarilyUnavailable while one is being
   * generated: raft should then ask again later.
   */
  snapshot(): Snapshot;
}

/**
 * An in-memory Storage. `ents[0]` is a dummy entry that records the index and term of the
 * last entry in the snapshot (0 and 0 at the start), so `ents[i]` has index `ents[0].index + i`.
 */
export class MemoryStorage implements Storage {
  /** @internal The saved hard state. */
  hardState: HardState = newHardState();
  /** @internal The saved snapshot (empty at the start). */
  snapshot_: Snapshot = newSnapshot();
  /** @internal The entries; ents[0] is the dummy entry described above. */
  ents: Entry[] = [newEntry()];

  initialState(): InitialState {
    return { hardState: { ...this.hardState }, confState: newConfState(this.snapshot_.metadata.confState) };
  }

  /** Saves the hard state. */
  setHardState(st: HardState): void {
    this.hardState = { ...st };
  }

  entries(lo: number, hi: number): Entry[] {
    const offset = this.ents[0].index;
    if (lo <= offset) throw new ErrCompacted();
    if (hi > this.lastIndex() + 1) {
      throw new Error(`MemoryStorage.entries: hi ${hi} is out of bound, last index is ${this.lastIndex()}`);
    }
    if (this.ents.length === 1) throw new ErrUnavailable();
    return this.ents.slice(lo - offset, hi - offset);
  }

  term(i: number): number {
    const offset = this.ents[0].index;
    if (i < offset) throw new ErrCompacted();
    if (i - offset >= this.ents.length) throw new ErrUnavailable();
    return this.ents[i - offset].term;
  }

  lastIndex(): number {
    return this.ents[0].index + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.ents[0].index + 1;
  }

  snapshot(): Snapshot {
    return this.snapshot_;
  }

  /** Replaces the whole content with a snapshot. Throws ErrSnapOutOfDate if it is not newer than the current one. */
  applySnapshot(snap: Snapshot): void {
    if (this.snapshot_.metadata.index >= snap.metadata.index) throw new ErrSnapOutOfDate();
    this.snapshot_ = snap;
    this.ents = [newEntry({ term: snap.metadata.term, index: snap.metadata.index })];
  }

  /**
   * Makes a snapshot of everything up to index i (which must be stored) with the given
   * membership and data, and returns it. The entries are kept: call compact() to drop them.
   * With cs null the membership of the previous snapshot is kept; throws if there is none.
   */
  createSnapshot(i: number, cs: ConfState | null, data: Uint8Array): Snapshot {
    if (i <= this.snapshot_.metadata.index) throw new ErrSnapOutOfDate();
    const offset = this.ents[0].index;
    if (i > this.lastIndex()) {
      throw new Error(`MemoryStorage.createSnapshot: index ${i} is out of bound, last index is ${this.lastIndex()}`);
    }
    const confState = cs ?? this.snapshot_.metadata.confState;
    if (confState.nodes.length === 0) {
      throw new Error(`MemoryStorage.createSnapshot(${i}): the snapshot would have no members (no ConfState given and `
        + 'no earlier snapshot to take it from); a follower installing it would know no peers. Pass the group\'s ConfState.');
    }
    this.snapshot_ = newSnapshot({ data, metadata: { index: i, term: this.ents[i - offset].term, confState } });
    return this.snapshot_;
  }

  /** Drops every entry before compactIndex; the entry at compactIndex becomes the new dummy. */
  compact(compactIndex: number): void {
    const offset = this.ents[0].index;
    if (compactIndex <= offset) throw new ErrCompacted();
    if (compactIndex > this.lastIndex()) {
      throw new Error(`MemoryStorage.compact: index ${compactIndex} is out of bound, last index is ${this.lastIndex()}`);
    }
    const i = compactIndex - offset;
    const dummy = newEntry({ index: this.ents[i].index, term: this.ents[i].term });
    this.ents = [dummy, ...this.ents.slice(i + 1)];
  }

  /**
   * Appends entries, which must follow on from the stored ones without a gap. Entries that
   * are already compacted are skipped; stored entries at the same or later indexes are
   * replaced (they conflicted with the new ones).
   */
  append(entries: Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0].index + entries.length - 1;
    if (last < first) return;
    if (first > entries[0].index) entries = entries.slice(first - entries[0].index);
    const offset = entries[0].index - this.ents[0].index;
    if (this.ents.length < offset) {
      throw new Error(`MemoryStorage.append: missing log entry [last: ${this.lastIndex()}, append at: ${entries[0].index}]`);
    }
    if (this.ents.length > offset) this.ents = this.ents.slice(0, offset);
    for (const e of entries) this.ents.push(e);
  }
}
