/**
 * The client operations arranged for drawing and picking: each client's operations in call
 * order, and where each bar ends (an operation that never returned lasts until the client's
 * next call, or the end of the trace, drawn as unknown).
 */
import type { ViewData } from '../view-data';
import { upperBound } from './lookup';

/** See the file comment. */
export class OpIndex {
  /** Each client's operations (indexes into the OpTable), in call order. */
  readonly byClient = new Map<number, number[]>();
  /** Where each operation's bar ends. */
  readonly barEnd: number[];

  constructor(private readonly data: ViewData) {
    const ops = data.ops;
    for (let i = 0; i < ops.call.length; i++) {
      const list = this.byClient.get(ops.client[i]);
      if (list === undefined) this.byClient.set(ops.client[i], [i]);
      else list.push(i);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => ops.call[a] - ops.call[b] || a - b);
    this.barEnd = Array.from(ops.ret);
    for (const list of this.byClient.values()) {
      list.forEach((i, k) => {
        if (ops.ret[i] >= 0) return;
        const next = list.slice(k + 1).find((j) => ops.call[j] >= ops.call[i]);
        this.barEnd[i] = next === undefined ? data.end : ops.call[next];
      });
    }
  }

  /** The operation of `client` whose bar covers time `t` (the latest one called by then), or -1. */
  at(client: number, t: number, slack = 0): number {
    const list = this.byClient.get(client);
    if (list === undefined) return -1;
    const calls = list.map((i) => this.data.ops.call[i]);
    const k = upperBound(calls, t + slack) - 1;
    for (let j = k; j >= 0 && j >= k - 3; j--) {
      const i = list[j];
      if (t >= this.data.ops.call[i] - slack && t <= this.barEnd[i] + slack) return i;
    }
    return -1;
  }
}
