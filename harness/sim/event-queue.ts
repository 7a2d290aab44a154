/**
 * The simulator's agenda: a binary min-heap of events ordered by (time, sequence number).
 * The sequence number is given out in scheduling order, so events due at the same virtual
 * time run first-in, first-out, and a run never depends on how the heap breaks ties.
 */

/** One scheduled callback. `cancelled` events stay in the heap and are skipped when popped. */
export interface SimEvent {
  /** The virtual time (ms) at which the event runs. */
  readonly time: number;
  /** Scheduling order: the tie-breaker between events due at the same time. */
  readonly seq: number;
  /** What to run. */
  readonly fn: () => void;
  /** A short description, for error messages. */
  readonly label: string;
  /** Set by cancel(); the event is then dropped instead of run. */
  cancelled: boolean;
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A min-heap of events by (time, seq). */
export class EventQueue {
  private readonly heap: SimEvent[] = [];

  /** The number of events held, cancelled ones included. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds `e`. */
  push(e: SimEvent): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  /** Removes and returns the earliest event that is not cancelled, or undefined if there is none. */
  pop(): SimEvent | undefined {
    for (;;) {
      const e = this.popAny();
      if (e === undefined || !e.cancelled) return e;
    }
  }

  private popAny(): SimEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as SimEvent;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
