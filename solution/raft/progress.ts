/**
 * Progress: what the leader knows about one follower's log, and how it replicates to it.
 */

/**
 * How the leader is replicating to a follower (Part C's flow control, after etcd):
 * - Probe: the leader does not know where the follower's log matches; it sends one append at
 *   a time and moves `next` back on each rejection.
 * - Replicate: the follower acknowledged an append; the leader streams entries to it.
 * - Snapshot: the follower needs entries the leader compacted, and a snapshot is on its way.
 *   The leader sends it no appends and no second snapshot until the transfer ends: the
 *   follower acknowledges the snapshot (an append response at or past its index), or the
 *   application reports the transfer's end with RawNode.reportSnapshot().
 */
export enum ProgressState {
  Probe = 0,
  Replicate = 1,
  Snapshot = 2,
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

  // #region 2C: flow control transitions
  /** Back to probing from `next` (after a rejection, a failed snapshot, or a snapshot delivered). */
  becomeProbe(): void {
    if (this.state === ProgressState.Snapshot) {
      this.next = Math.max(this.match + 1, this.pendingSnapshot + 1);
    } else {
      this.next = this.match + 1;
    }
    this.state = ProgressState.Probe;
    this.pendingSnapshot = 0;
    this.snapshotTicks = 0;
  }

  /** The follower acknowledged an append: stream to it. */
  becomeReplicate(): void {
    this.state = ProgressState.Replicate;
    this.next = Math.max(this.next, this.match + 1);
    this.pendingSnapshot = 0;
    this.snapshotTicks = 0;
  }

  /** A snapshot at `index` is on its way: pause appends until it lands or fails. */
  becomeSnapshot(index: number): void {
    this.state = ProgressState.Snapshot;
    this.pendingSnapshot = index;
    this.snapshotTicks = 0;
  }

  /** True if the leader must not send this follower anything but heartbeats now. */
  isPaused(): boolean {
    return this.state === ProgressState.Snapshot;
  }
  // #endregion
}
