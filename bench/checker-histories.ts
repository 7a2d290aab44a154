/**
 * Large KV histories for the checker benchmark (bench/checker-large.ts), generated from a seed,
 * in the shape of Porcupine's KV test data (test_data/kv: many clients doing get, put and append
 * on 10 keys, values "x <client> <n> y"): the same seed gives the same history on every machine.
 *
 * Each client runs its operations one after the other; every operation takes effect at a random
 * instant inside its interval, and the outputs are what a store applying them in that order
 * returns, so the history is linearizable. With `staleRead`, one read late in the history
 * returns the value its key had before a write that finished before the read began: the
 * classic stale read of a leader that serves reads without checking it is still the leader.
 */
import type { KvInput, KvOutput, Operation } from '../harness/check';
import { seededRandom } from '../harness/sim/seed';

/** What to generate. */
export interface KvHistoryShape {
  /** Seed of the history's randomness. */
  readonly seed: number;
  /** Concurrent clients. */
  readonly clients: number;
  /** Keys "0", "1", ...; each operation picks one at random. */
  readonly keys: number;
  /** Operations in all (spread evenly over the clients). */
  readonly operations: number;
  /** Longest duration of one operation, in ms (each lasts 1 to this). */
  readonly maxDuration: number;
  /** Longest pause of a client between two operations, in ms (1 to this). */
  readonly maxPause: number;
  /** Make one read stale, so that the history is not linearizable. */
  readonly staleRead?: boolean;
}

type KvOp = Operation<KvInput, KvOutput>;

interface Draft {
  readonly op: KvOp;
  readonly at: number;
}

/** A history of the given shape; see the file comment. */
export function generateKvHistory(shape: KvHistoryShape): KvOp[] {
  const rand = seededRandom(shape.seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const drafts: Draft[] = [];
  const perClient = Math.ceil(shape.operations / shape.clients);
  for (let c = 0; c < shape.clients && drafts.length < shape.operations; c++) {
    let t = int(shape.maxPause);
    for (let j = 0; j < perClient && drafts.length < shape.operations; j++) {
      const key = String(int(shape.keys));
      const r = int(20);
      const input: KvInput = r < 9 ? { op: 'get', key } : r < 19 ? { op: 'append', key, value: `x ${c} ${j} y` }
        : { op: 'put', key, value: `x ${c} ${j} y` };
      const duration = 1 + int(shape.maxDuration);
      drafts.push({ op: { clientId: c, input, call: t, return: t + duration, output: {} }, at: t + rand() * duration });
      t += duration + 1 + int(shape.maxPause);
    }
  }
  const ops = withOutputs(drafts);
  return shape.staleRead === true ? withStaleRead(ops, drafts) : ops;
}

/** The drafts with the outputs of a store that applies them in the order of their instants. */
function withOutputs(drafts: readonly Draft[]): KvOp[] {
  const store = new Map<string, string>();
  const outputs = new Map<Draft, KvOutput>();
  for (const d of [...drafts].sort((a, b) => a.at - b.at)) {
    const i = d.op.input;
    if (i.op === 'get') outputs.set(d, { value: store.get(i.key) ?? '' });
    else if (i.op === 'put' || i.op === 'append') {
      store.set(i.key, i.op === 'put' ? i.value : (store.get(i.key) ?? '') + i.value);
      outputs.set(d, {});
    }
  }
  return drafts.map((d) => ({ ...d.op, output: outputs.get(d) }));
}

/**
 * `ops` with one read made stale: the first get after three quarters of the history (by call
 * time) whose key was written, by a write that returned before the get was called, over an
 * older value that the get now returns.
 */
function withStaleRead(ops: KvOp[], drafts: readonly Draft[]): KvOp[] {
  const byCall = ops.map((op, i) => ({ op, at: drafts[i].at })).sort((a, b) => a.op.call - b.op.call);
  const from = byCall[Math.floor(byCall.length * 0.75)].op.call;
  const values = new Map<string, string[]>(); // per key: the values it held, in order
  const store = new Map<string, string>();
  const done = new Map<string, number>(); // per key: how many values were overwritten by a finished write
  const applied = [...byCall].sort((a, b) => a.at - b.at);
  for (const { op } of byCall) {
    if (op.input.op !== 'get' || op.call < from) continue;
    const key = op.input.key;
    // Replay the writes up to this read's call to know which values were surely overwritten.
    values.clear();
    store.clear();
    done.clear();
    for (const { op: w, at } of applied) {
      if (at > op.call || w.input.op === 'get' || w.input.op === 'scan' || w.input.op === 'delete') continue;
      const k = w.input.key;
      const next = w.input.op === 'put' ? w.input.value : (store.get(k) ?? '') + w.input.value;
      store.set(k, next);
      values.set(k, [...(values.get(k) ?? ['']), next]);
      if (w.return < op.call) done.set(k, (values.get(k) ?? []).length - 1);
    }
    const history = values.get(key) ?? [''];
    const overwritten = done.get(key) ?? 0;
    if (overwritten === 0) continue;
    const stale = history[overwritten - 1];
    return ops.map((o) => (o === op ? { ...o, output: { value: stale } } : o));
  }
  throw new Error('generateKvHistory: no read to make stale; use more operations');
}
