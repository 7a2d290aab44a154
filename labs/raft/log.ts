/**
 * RaftLog: one node's view of the raft log, in memory, on top of the entries that the
 * application already persisted (Storage).
 *
 *     snapshot | entries in storage (stable)      | entries not yet persisted (unstable)
 *     ---------+----------------------------------+------------------------------------
 *     1 ... S  | S+1 ..... applied ... committed ... stabled | stabled+1 ........ last
 *
 * Four numbers describe where each entry is in its life:
 * - `stabled`: every entry up to here is persisted in Storage. It is about *this node's disk*
 *   only: an entry can be stable and yet never committed (another leader may overwrite it).
 * - `committed`: every entry up to here is stored on a quorum and will never change. It is
 *   about *the cluster*: an entry can be committed before this node persisted it (a follower
 *   learns the commit index from the leader), which is why committed and stabled are
 *   independent.
 * - `applied`: every entry up to here was handed to the application to apply.
 *   Always applied <= committed.
 * - The snapshot (S = storage.firstIndex() - 1) covers only *committed* entries: a snapshot is
 *   the application's state after applying entries 1..S, and only committed entries are
 *   applied. So whatever was compacted into it can be treated as committed.
 *
 * `entries` holds every entry not compacted into the snapshot, stable and unstable alike.
 */
import { Entry, Snapshot } from '../proto/eraftpb';
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

  /** The entries committed but not yet applied: index in (applied, committed]. */
  nextEnts(): Entry[] {
    // #region 2ALog: nextEnts
    // TODO (2ALog): the entries after `applied`, up to and including `committed`.
    return notImplemented('RaftLog.nextEnts (2ALog)');
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
