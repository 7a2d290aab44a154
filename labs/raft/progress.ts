/**
 * Progress: what the leader knows about one follower's log, and how it replicates to it.
 */
import { notImplemented } from './errors';

/**
 * How the leader is replicating to a follower (Part C's flow control, after etcd):
 * - Probe: the leader does not know yet where the follower's log matches its own. Each
 *   rejection moves `next` back (to just past the follower's hint), and the first
 *   acknowledgement moves the follower to Replicate.
 * - Replicate: the follower's log matches up to `match`; a rejection now is news (the
 *   follower lost track), and sends it back to Probe.
 * - Snapshot: the follower needs entries the leader compacted, and a snapshot is on its way.
 *   The leader sends it no appends and no second snapshot until the transfer ends: the
 *   follower acknowledges the snapshot (an append response at or past its index), or the
 *   application reports the transfer's end with RawNode.reportSnapshot().
 *
 * Probe and Replicate send alike here: every MsgAppend carries all the entries from `next`
 * on, at once, without waiting for an answer, and `next` moves only when the follower
 * answers. (etcd sends at most one append to a probing follower until it answers, and
 * moves `next` past what it sent to a replicating one; TinyKV's tests expect every proposal
 * to reach every follower at once, so this lab does neither: docs/design.md.)
 */
export enum ProgressState {
  Probe = 0,
  Replicate = 1,
  Snapshot = 2,
}

/** How a snapshot transfer ended, as the application reports it (RawNode.reportSnapshot, Part C). */
export enum SnapshotStatus {
  /** The follower received the snapshot. */
  Finish = 0,
  /** The transfer was lost or could not start. */
  Failure = 1,
}

/**
 * The leader's view of one follower's log.
 * - `match`: the highest index known to be replicated on the follower. It only ever grows,
 *   and only from what the follower acknowledged (never guessed from `next`).
 * - `next`: the index of the next entry to send. An optimistic guess: it starts just past the
 *   leader's last entry and moves back when the follower rejects an append.
 */
export class Progress {
  /** Highest index known to be replicated on the follower. */
  match: number;
  /** Index of the next entry to send to the follower. */
  next: number;
  /** How the leader replicates to this follower (Part C; the tests read it). */
  state = ProgressState.Probe;
  /** In state Snapshot: the index of the snapshot being sent (Part C; the tests read it). */
  pendingSnapshot = 0;
  /** In state Snapshot: ticks since the snapshot was sent (a lost transfer must not pause forever). */
  snapshotTicks = 0;

  constructor(match: number, next: number) {
    this.match = match;
    this.next = next;
  }

  /**
   * The follower acknowledged its log up to `n` (an accepted append response). Returns false,
   * changing nothing, if that is no news (n <= match: a late or duplicated answer); otherwise
   * raises match to n, keeps next past it, and returns true.
   */
  maybeUpdate(n: number): boolean {
    // #region 2AB: maybeUpdate
    // TODO (2AB): false if n <= match; otherwise match = n, next at least n + 1, and true.
    return notImplemented(`Progress.maybeUpdate(${n}) (2AB)`);
    // #endregion
  }

  /**
   * The follower rejected the append whose previous entry was at `rejected`, and hints that
   * its log may match the leader's up to `hint`. Returns false, changing nothing, for a
   * rejection that is no news: at or below match (the follower has acknowledged more since),
   * or while a snapshot is on its way (Part C). Otherwise sets next to min(rejected, hint + 1),
   * but never to match or below, and returns true: the leader then probes again from there.
   */
  maybeDecrTo(rejected: number, hint: number): boolean {
    // #region 2AB: maybeDecrTo
    // TODO (2AB): false if rejected <= match; otherwise next = max(match + 1, min(rejected,
    // hint + 1)), and true. (2C: also false while a snapshot is pending, and back to Probe.)
    return notImplemented(`Progress.maybeDecrTo(${rejected}, ${hint}) (2AB)`);
    // #endregion
  }

  // #region 2C: flow control transitions
  // TODO (2C): your transitions between probing, replicating and sending a snapshot
  // (becomeProbe, becomeReplicate, becomeSnapshot, isPaused), and the two ends of a snapshot
  // pause: the follower acknowledged an index at or past it, or the application reported a
  // SnapshotStatus. Raft then only says which of them happened.
  // #endregion
}
