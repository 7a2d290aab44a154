/**
 * The call and return events of one partition, as a doubly linked list in time order.
 *
 * The search walks this list from the head. Linearizing an operation *lifts* its call and its
 * return out of the list; backtracking *unlifts* them back into their places. Both are O(1),
 * which is why a linked list is used (Lowe's "just-in-time linearisation", as in Porcupine).
 */
import { Operation } from './history';

/** The index of the list's head node (a sentinel that is never lifted). */
export const HEAD = 0;
/** The "no node" link. */
export const NIL = -1;

/**
 * The event list of `n` operations: node 0 is the head; the call of operation `id` and its
 * return are two other nodes. Links are kept in typed arrays, which are fast and small.
 */
export class EventList {
  /** `next[node]`: the following node, or NIL. */
  readonly next: Int32Array;
  /** `prev[node]`: the preceding node (the head for the first event). */
  readonly prev: Int32Array;
  /** `opOf[node]`: the operation id of an event node. */
  readonly opOf: Int32Array;
  /** `isCall[node]`: 1 for a call event, 0 for a return event (and the head). */
  readonly isCall: Uint8Array;
  /** `returnOf[id]`: the return node of operation `id`. */
  readonly returnOf: Int32Array;
  /** `callOf[id]`: the call node of operation `id`. */
  readonly callOf: Int32Array;

  /**
   * Builds the list of `ops`, whose ids are their indexes. Events are ordered by time; at equal
   * times by the order they were recorded in when both have one (history.ts), else calls before
   * returns, so that intervals are closed and touching operations are concurrent. Remaining ties
   * keep operation order, so the list is deterministic.
   */
  constructor(ops: readonly Operation<unknown, unknown>[]) {
    const n = ops.length;
    const nodes = 2 * n + 1;
    this.next = new Int32Array(nodes);
    this.prev = new Int32Array(nodes);
    this.opOf = new Int32Array(nodes);
    this.isCall = new Uint8Array(nodes);
    this.returnOf = new Int32Array(n);
    this.callOf = new Int32Array(n);

    const events: Event[] = [];
    ops.forEach((op, id) => {
      events.push({ time: op.call, order: op.callOrder, call: true, id }, { time: op.return, order: op.returnOrder, call: false, id });
    });
    events.sort(byTime);

    let last = HEAD;
    this.opOf[HEAD] = -1;
    this.prev[HEAD] = NIL;
    events.forEach((e, i) => {
      const node = i + 1;
      this.opOf[node] = e.id;
      this.isCall[node] = e.call ? 1 : 0;
      if (e.call) this.callOf[e.id] = node;
      else this.returnOf[e.id] = node;
      this.next[last] = node;
      this.prev[node] = last;
      last = node;
    });
    this.next[last] = NIL;
  }

  /** Takes operation `id`'s call and return out of the list. */
  lift(id: number): void {
    this.unlink(this.callOf[id]);
    this.unlink(this.returnOf[id]);
  }

  /** Puts operation `id`'s return and call back where they were (undoes the last `lift`). */
  unlift(id: number): void {
    this.relink(this.returnOf[id]);
    this.relink(this.callOf[id]);
  }

  private unlink(node: number): void {
    const p = this.prev[node];
    const q = this.next[node];
    this.next[p] = q;
    if (q !== NIL) this.prev[q] = p;
  }

  private relink(node: number): void {
    const p = this.prev[node];
    const q = this.next[node];
    this.next[p] = node;
    if (q !== NIL) this.prev[q] = node;
  }
}

interface Event {
  time: number;
  /** The place in the recording order, if the history has one. */
  order: number | undefined;
  call: boolean;
  id: number;
}

/** Time order; at equal times the recording order, else calls first; then operation order. */
function byTime(a: Event, b: Event): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.order !== undefined && b.order !== undefined && a.order !== b.order) return a.order - b.order;
  if (a.call !== b.call) return a.call ? -1 : 1;
  return a.id - b.id;
}
