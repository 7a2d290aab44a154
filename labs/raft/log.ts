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
  // TODO (2ALog): add what you need to find entries by index. `entries` holds no dummy entry
  // unless you want one; either way, remember the index and term of the last entry covered
  // by the snapshot (storage.firstIndex() - 1 and storage.term(that)), or you cannot answer
  // term(firstIndex() - 1) once the entries before it are gone.
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
    // TODO (2ALog): the index of the first entry after the snapshot.
    return notImplemented('RaftLog.firstIndex (2ALog)');
    // #endregion
  }

  /** The index of the last entry in the log (the snapshot's index if the log is empty). */
  lastIndex(): number {
    // #region 2ALog: lastIndex
    // TODO (2ALog): the index of the last entry, or the snapshot's index when there is none.
    return notImplemented('RaftLog.lastIndex (2ALog)');
    // #endregion
  }

  /**
   * The term of the entry at index i. Throws ErrCompacted if i is before the snapshot, and
   * ErrUnavailable if i is after the last entry. term(firstIndex() - 1) is the snapshot's term.
   */
  term(i: number): number {
    // #region 2ALog: term
    // TODO (2ALog): the term of entry i, with the errors described above.
    return notImplemented(`RaftLog.term(${i}) (2ALog)`);
    // #endregion
  }

  /**
   * Entries with index in [lo, hi), from memory. Throws ErrCompacted if lo is before
   * firstIndex().
   */
  slice(lo: number, hi: number): Entry[] {
    // #region 2ALog: slice
    // TODO (2ALog): the entries in [lo, hi), a new array.
    return notImplemented(`RaftLog.slice(${lo}, ${hi}) (2ALog)`);
    // #endregion
  }

  /**
   * Appends entries that follow on from index `entries[0].index - 1`, dropping whatever
   * this log has from `entries[0].index` on. The caller checks that the drop is needed (a
   * conflict); `stabled` moves back if persisted entries are dropped.
   */
  truncateAndAppend(entries: Entry[]): void {
    // #region 2AB: truncateAndAppend
    // TODO (2AB): keep the entries before entries[0].index, then append `entries`.
    // If that drops entries that were already persisted, move `stabled` back: the next Ready
    // must hand the new ones to the application so that they overwrite the old ones in storage.
    notImplemented(`RaftLog.truncateAndAppend (${entries.length} entries) (2AB)`);
    // #endregion
  }

  /**
   * The index of the first of `entries` (consecutive, from a leader) that this log does not
   * hold with the same term: the first conflict, or the first entry past the end of the log.
   * 0 if the log already holds every one of them.
   */
  findConflict(entries: Entry[]): number {
    // #region 2AB: findConflict
    // TODO (2AB): the first entry whose index is past lastIndex() or whose term differs from
    // term(index); 0 when the log holds all of them.
    return notImplemented(`RaftLog.findConflict (${entries.length} entries) (2AB)`);
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
    // TODO (2AB): return null (and change nothing) unless term(prevIndex) is prevTerm. Then
    // findConflict(entries): if there is a conflict, keep the entries before it and
    // truncateAndAppend the rest (copies: newEntry(e)); throw an Error naming the index if it is
    // at or below committed. commitTo(min(commit, prevIndex + entries.length)); return that index.
    return notImplemented(`RaftLog.maybeAppend(${prevIndex}, ${prevTerm}, ${commit}, ${entries.length} entries) (2AB)`);
    // #endregion
  }

  /** Every entry in the log (none of it compacted), without any dummy entry. */
  allEntries(): Entry[] {
    // #region 2ALog: allEntries
    // TODO (2ALog): every entry, without any dummy entry (the tests compare logs with this).
    return notImplemented('RaftLog.allEntries (2ALog)');
    // #endregion
  }

  /** The entries not yet persisted: index > stabled. */
  unstableEntries(): Entry[] {
    // #region 2ALog: unstableEntries
    // TODO (2ALog): the entries after `stabled`. Always an array ([] when there are none).
    return notImplemented('RaftLog.unstableEntries (2ALog)');
    // #endregion
  }

  /** True if unstableEntries() is not empty; cheaper, as it copies nothing. */
  hasUnstableEntries(): boolean {
    // #region 2ALog: hasUnstableEntries
    // TODO (2ALog): unstableEntries().length > 0, without building the list.
    return notImplemented('RaftLog.hasUnstableEntries (2ALog)');
    // #endregion
  }

  /** The entries committed but not yet applied: index in (applied, committed]. */
  nextEnts(): Entry[] {
    // #region 2ALog: nextEnts
    // TODO (2ALog): the entries after `applied`, up to and including `committed`.
    return notImplemented('RaftLog.nextEnts (2ALog)');
    // #endregion
  }

  /** True if nextEnts() is not empty; cheaper, as it copies nothing. */
  hasNextEnts(): boolean {
    // #region 2ALog: hasNextEnts
    // TODO (2ALog): nextEnts().length > 0, without building the list.
    return notImplemented('RaftLog.hasNextEnts (2ALog)');
    // #endregion
  }

  /**
   * Raises committed to i; a lower i changes nothing (committed never moves back). Throws an
   * Error naming i if it is past the last index: a node can only commit entries it holds.
   */
  commitTo(i: number): void {
    // #region 2ALog: commitTo
    // TODO (2ALog): raise committed to i, never lower it; throw an Error whose message names i
    // if i is past lastIndex().
    notImplemented(`RaftLog.commitTo(${i}) (2ALog)`);
    // #endregion
  }

  /**
   * The application applied every entry up to i. Throws an Error naming i unless
   * applied <= i <= committed: only committed entries are applied, and never twice.
   */
  appliedTo(i: number): void {
    // #region 2ALog: appliedTo
    // TODO (2ALog): set applied to i; throw an Error whose message names i unless
    // applied <= i <= committed.
    notImplemented(`RaftLog.appliedTo(${i}) (2ALog)`);
    // #endregion
  }

  /**
   * The application persisted every entry up to i. A lower i than stabled changes nothing.
   * Throws an Error naming i if it is past the last index: there is no such entry to persist.
   */
  stableTo(i: number): void {
    // #region 2ALog: stableTo
    // TODO (2ALog): raise stabled to i, never lower it; throw an Error whose message names i if
    // i is past lastIndex().
    notImplemented(`RaftLog.stableTo(${i}) (2ALog)`);
    // #endregion
  }

  /** True if a log ending at (index, term) is at least as up to date as this one (Raft §5.4.1). */
  isUpToDate(index: number, term: number): boolean {
    // #region 2AA: isUpToDate
    // TODO (2AA): compare the last terms first; only if they are equal, compare the indexes.
    // (Checking only the length is a classic bug: the tests will catch it.)
    return notImplemented(`RaftLog.isUpToDate(${index}, ${term}) (2AA)`);
    // #endregion
  }

  /** Drops the in-memory entries that storage has compacted into its snapshot (Part C). */
  maybeCompact(): void {
    // #region 2C: maybeCompact
    // TODO (2C): drop the in-memory entries that storage compacted (storage.firstIndex() moved on).
    // #endregion
  }

  /** Replaces the whole log with a snapshot received from the leader (Part C). */
  restore(snap: Snapshot): void {
    // #region 2C: restore
    // TODO (2C): forget every entry, start after the snapshot, and remember it in pendingSnapshot
    // so that the next Ready hands it to the application.
    notImplemented(`RaftLog.restore(snapshot at ${snap.metadata.index}) (2C)`);
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
  // TODO (2ALog): build the log from storage. Everything in storage is persisted, so stabled is
  // storage.lastIndex(); the entries are storage.entries(firstIndex, lastIndex + 1) (careful:
  // MemoryStorage throws ErrUnavailable when it holds no entry); the snapshot covers only
  // committed entries, so committed and applied start at storage.firstIndex() - 1.
  return notImplemented('newLog (2ALog): build the RaftLog from storage');
  // #endregion
}
