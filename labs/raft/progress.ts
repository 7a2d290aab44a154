/**
 * Progress: what the leader knows about one follower's log.
 */

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

  constructor(match: number, next: number) {
    this.match = match;
    this.next = next;
  }
}
