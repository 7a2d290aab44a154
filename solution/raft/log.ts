/**
 * RaftLog: one node's view of the raft log, in memory, on top of the entries that the
 * application already persisted (Storage).
 *
 * Where the entries are:
 *
 *     snapshot | entries in storage (stable)   | entries not yet persisted (unstable)
 *     ---------+-------------------------------+-------------------------------------
 *     1 ... S  | S+1 ..................stabled | stabled+1 ..................... last
 *
 * How far each entry has come (one possible picture, as in docs/faq.md):
 *
 *     index:   1   2   3   4   5   6   7   8   9
 *     entry: [ e | e | e | e | e | e | e | e | e ]
 *                      ^           ^       ^       ^
 *                   applied    committed  stabled  last
 *
 * Four numbers describe where each entry is in its life:
 * - `stabled`: every entry up to here is persisted in Storage. It is about *this node's disk*
 *   only: an entry can be stable and yet never committed (another leader may overwrite it).
 * - `committed`: every entry up to here is stored on a quorum and will never change. It is
 *   about *the cluster*: an entry can be committed before this node persisted it (a follower
 *   learns the commit index from the leader). So committed and stabled are independent: the
 *   picture shows a leader with entries persisted but not yet committed (stabled > committed);
 *   a follower can be the other way round (committed > stabled).
 * - `applied`: every entry up to here was handed to the application to apply.
 *   Always applied <= committed.
 * - The snapshot (S = storage.firstIndex() - 1) covers only *committed* entries: a snapshot is
 *   the application's state after applying entries 1..S, and only committed entries are
 *   applied. So whatever was compacted into it can be treated as committed.
 *
 * `entries` holds every entry not compacted into the snapshot, stable and unstable alike.
 * The log moves its own numbers: `commitTo`, `appliedTo` and `stableTo` move committed, applied
 * and stabled on (never back), `maybeAppend` takes a leader's entries, and each throws an Error
 * naming the index when it is asked for one the log cannot have.
 */
import { Entry, newEntry, Snapshot } from '../proto/eraftpb';
import { ErrCompacted, ErrUnavailable, notImplemented } from './errors';
import { Storage } from './storage';

/** A node's raft log: stable entries from Storage plus the ones not yet persisted. */
export class RaftLog {
  /** Every entry that is stable (persisted), since the last snapshot. */
  storage: Storage;
  /** Highest index known to be stored on a quorum of nodes. */
  committed = 0;
  /** Highest index the application was told to apply. applied <= committed. */
  applied = 0;
  /** Entries with index <= stabled are persisted to storage. */
  stabled = 0;
  /** Every entry not yet compacted, stable and unstable. */
  entries: Entry[] = [];
  /** A snapshot received from the leader and not yet handed to the application (Part C). */
  pendingSnapshot: Snapshot | null = null;

  // #region 2ALog: the data you need besides the fields above
  /** Index of the last entry covered by the snapshot (entries[0] has index snapIndex + 1). */
  snapIndex = 0;
  /** Term of the entry at snapIndex. */
  snapTerm = 0;
  // #endregion

  constructor(storage: Storage) {
    this.storage = storage;
  }

  /**
   * The first index that this log can return an entry for. Write this first: everything
   * else is built on firstIndex, lastIndex and term.
   */
  firstIndex(): number {
    // #region 2ALog: firstIndex
    return this.snapIndex + 1;
    // #endregion
  }

  /** The index of the last entry in the log (the snapshot's index if the log is empty). */
  lastIndex(): number {
    // #region 2ALog: lastIndex
    return this.entries.length > 0 ? this.entries[this.entries.length - 1].index : this.snapIndex;
    // #endregion
  }

  /**
   * The term of the entry at index i. Throws ErrCompacted if i is before the snapshot, and
   * ErrUnavailable if i is after the last entry. term(firstIndex() - 1) is the snapshot's term.
   */
  term(i: number): number {
    // #region 2ALog: term
    if (i === this.snapIndex) return this.snapTerm;
    if (i < this.snapIndex) throw new ErrCompacted();
    if (i > this.lastIndex()) throw new ErrUnavailable();
    return this.entries[i - this.snapIndex - 1].term;
    // #endregion
  }

  /**
   * Entries with index in [lo, hi), from memory. Throws ErrCompacted if lo is before
   * firstIndex().
   */
  slice(lo: number, hi: number): Entry[] {
    // #region 2ALog: slice
    if (lo < this.firstIndex()) throw new ErrCompacted();
    const start = lo - this.firstIndex();
    return this.entries.slice(start, Math.max(start, hi - this.firstIndex()));
    // #endregion
  }

  /**
   * Appends entries that follow on from index `entries[0].index - 1`, dropping whatever
   * this log has from `entries[0].index` on. The caller checks that the drop is needed (a
   * conflict); `stabled` moves back if persisted entries are dropped.
   */
  truncateAndAppend(entries: Entry[]): void {
    // #region 2AB: truncateAndAppend
    if (entries.length === 0) return;
    const from = entries[0].index;
    if (from <= this.snapIndex) throw new Error(`raft log: cannot append at ${from}, compacted up to ${this.snapIndex}`);
    if (from > this.lastIndex() + 1) throw new Error(`raft log: gap, appending at ${from} after last index ${this.lastIndex()}`);
    if (from === this.lastIndex() + 1) {
      for (const e of entries) this.entries.push(e);
    } else {
      this.entries = this.entries.slice(0, from - this.firstIndex()).concat(entries);
    }
    this.stabled = Math.min(this.stabled, from - 1);
    // #endregion
  }

  /**
   * The index of the first of `entries` (consecutive, from a leader) that this log does not
   * hold with the same term: the first conflict, or the first entry past the end of the log.
   * 0 if the log already holds every one of them.
   */
  findConflict(entries: Entry[]): number {
    // #region 2AB: findConflict
    for (const e of entries) {
      if (e.index > this.lastIndex() || this.term(e.index) !== e.term) return e.index;
    }
    return 0;
    // #endregion
  }

  /**
   * A follower takes a leader's MsgAppend: `entries` follow the entry (prevIndex, prevTerm).
   * If this log has no entry at prevIndex with prevTerm (the log matching check), it changes
   * nothing and returns null. Otherwise it keeps what it already holds, truncates only at the
   * first conflict (a late or duplicated append must not cut entries off), appends the rest,
   * commits up to min(commit, index of the last new entry) and returns that index: the last
   * index the follower now knows to match the leader's log. Throws an Error naming the index if
   * a conflicting entry is already committed (a committed entry never changes).
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: Entry[]): number | null {
    // #region 2AB: maybeAppend
    if (prevIndex > this.lastIndex() || this.term(prevIndex) !== prevTerm) return null;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new Error(`raft log: entry ${conflict} of an append conflicts with a committed entry (committed ${this.committed}): committed entries never change`);
      }
      this.truncateAndAppend(entries.slice(conflict - prevIndex - 1).map((e) => newEntry(e)));
    }
    const lastNew = prevIndex + entries.length;
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
    // #endregion
  }

  /** Every entry in the log (none of it compacted), without any dummy entry. */
  allEntries(): Entry[] {
    // #region 2ALog: allEntries
    return this.entries.slice();
    // #endregion
  }

  /** The entries not yet persisted: index > stabled. */
  unstableEntries(): Entry[] {
    // #region 2ALog: unstableEntries
    if (this.stabled >= this.lastIndex()) return [];
    return this.slice(Math.max(this.stabled + 1, this.firstIndex()), this.lastIndex() + 1);
    // #endregion
  }

  /** True if unstableEntries() is not empty; cheaper, as it copies nothing. */
  hasUnstableEntries(): boolean {
    // #region 2ALog: hasUnstableEntries
    return this.stabled < this.lastIndex();
    // #endregion
  }

  /** The entries committed but not yet applied: index in (applied, committed]. */
  nextEnts(): Entry[] {
    // #region 2ALog: nextEnts
    const lo = Math.max(this.applied + 1, this.firstIndex());
    const hi = Math.min(this.committed, this.lastIndex()) + 1;
    return lo < hi ? this.slice(lo, hi) : [];
    // #endregion
  }

  /** True if nextEnts() is not empty; cheaper, as it copies nothing. */
  hasNextEnts(): boolean {
    // #region 2ALog: hasNextEnts
    return Math.max(this.applied + 1, this.firstIndex()) <= Math.min(this.committed, this.lastIndex());
    // #endregion
  }

  /**
   * Raises committed to i; a lower i changes nothing (committed never moves back). Throws an
   * Error naming i if it is past the last index: a node can only commit entries it holds.
   */
  commitTo(i: number): void {
    // #region 2ALog: commitTo
    if (i <= this.committed) return;
    if (i > this.lastIndex()) {
      throw new Error(`raft log: commitTo(${i}) is past the last index ${this.lastIndex()}: a node can only commit entries it holds`);
    }
    this.committed = i;
    // #endregion
  }

  /**
   * The application applied every entry up to i. Throws an Error naming i unless
   * applied <= i <= committed: only committed entries are applied, and never twice.
   */
  appliedTo(i: number): void {
    // #region 2ALog: appliedTo
    if (i < this.applied || i > this.committed) {
      throw new Error(`raft log: appliedTo(${i}) is out of range [applied ${this.applied}, committed ${this.committed}]`);
    }
    this.applied = i;
    // #endregion
  }

  /**
   * The application persisted every entry up to i. A lower i than stabled changes nothing.
   * Throws an Error naming i if it is past the last index: there is no such entry to persist.
   */
  stableTo(i: number): void {
    // #region 2ALog: stableTo
    if (i > this.lastIndex()) {
      throw new Error(`raft log: stableTo(${i}) is past the last index ${this.lastIndex()}: there is no such entry to persist`);
    }
    this.stabled = Math.max(this.stabled, i);
    // #endregion
  }

  /** True if a log ending at (index, term) is at least as up to date as this one (Raft §5.4.1). */
  isUpToDate(index: number, term: number): boolean {
    // #region 2AA: isUpToDate
    const lastTerm = this.term(this.lastIndex());
    return term > lastTerm || (term === lastTerm && index >= this.lastIndex());
    // #endregion
  }

  /** Drops the in-memory entries that storage has compacted into its snapshot (Part C). */
  maybeCompact(): void {
    // #region 2C: maybeCompact
    const first = this.storage.firstIndex();
    if (first - 1 <= this.snapIndex) return;
    const snapIndex = first - 1;
    this.snapTerm = this.storage.term(snapIndex);
    this.entries = this.entries.slice(Math.min(this.entries.length, snapIndex - this.snapIndex));
    this.snapIndex = snapIndex;
    // #endregion
  }

  /** Replaces the whole log with a snapshot received from the leader (Part C). */
  restore(snap: Snapshot): void {
    // #region 2C: restore
    this.entries = [];
    this.snapIndex = snap.metadata.index;
    this.snapTerm = snap.metadata.term;
    this.committed = snap.metadata.index;
    this.stabled = snap.metadata.index;
    this.pendingSnapshot = snap;
    // #endregion
  }
}

/**
 * Builds the log that a node starts with, from its storage: the entries that storage holds,
 * all of them stable, with committed and applied at the snapshot (the node's hard state, with
 * its commit index, is loaded by newRaft).
 */
export function newLog(storage: Storage): RaftLog {
  // #region 2ALog: newLog
  const log = new RaftLog(storage);
  const first = storage.firstIndex();
  const last = storage.lastIndex();
  log.snapIndex = first - 1;
  log.snapTerm = storage.term(first - 1);
  log.entries = last >= first ? storage.entries(first, last + 1) : [];
  log.committed = first - 1;
  log.applied = first - 1;
  log.stabled = last;
  return log;
  // #endregion
}
