/**
 * Readers of Porcupine's test histories (github.com/anishathalye/porcupine, test_data/), for
 * maintainers who fetch that repository and want to run our checker on the same histories
 * (bench/checker-porcupine.ts). Porcupine's data is not part of this project; see
 * docs/maintainers.md.
 *
 * Both formats are logs of events in order, without times: an event's time here is its line
 * number, as Porcupine does with its own event histories. An operation still pending when a log
 * ends is recorded as unknown (`return = Infinity`), which is how our recorder records a request
 * that timed out; for these models that gives the same verdict as Porcupine's (it closes them
 * with a return event after every other event).
 */
import type { KvInput, KvOutput, Model, Operation } from '../harness/check';

/** An operation of Jepsen's etcd register test: read, write, or compare-and-set. */
export type EtcdInput =
  | { readonly op: 'read' }
  | { readonly op: 'write'; readonly value: number }
  | { readonly op: 'cas'; readonly from: number; readonly to: number };

/** What etcd answered: a read's value (`null`: no value yet), or whether a cas succeeded. */
export interface EtcdOutput {
  readonly value?: number | null;
  readonly ok?: boolean;
}

/**
 * The register model of the etcd histories: one integer, absent at first (`null`). A write sets
 * it; `cas(from, to)` sets it to `to` when it holds `from`, and reports whether it did.
 */
export const etcdModel: Model<number | null, EtcdInput, EtcdOutput> = {
  init: () => null,
  step: (s, input, output) => {
    switch (input.op) {
      case 'read':
        return [output === undefined || output.value === s, s];
      case 'write':
        return [true, input.value];
      case 'cas': {
        const hit = s === input.from;
        return [output === undefined || output.ok === hit, hit ? input.to : s];
      }
    }
  },
  hash: (s) => (s === null ? -1 : s),
  describeOperation: (input, output) => {
    const out = output === undefined ? '?' : input.op === 'read' ? String(output.value) : input.op === 'cas'
      ? (output.ok === true ? 'ok' : 'fail') : 'ok';
    const call = input.op === 'read' ? 'read()' : input.op === 'write' ? `write(${input.value})` : `cas(${input.from}, ${input.to})`;
    return `${call} -> ${out}`;
  },
};

/** Builds operations from call and return events, keyed by client; pending ones end unknown. */
class LogBuilder<I, O> {
  private readonly ops: { clientId: number; input: I; call: number; output: O | undefined; return: number }[] = [];
  private readonly pending = new Map<number, number>();

  call(clientId: number, input: I, time: number): void {
    // A client that calls again gave up on its last operation, which stays unknown.
    this.pending.set(clientId, this.ops.length);
    this.ops.push({ clientId, input, call: time, output: undefined, return: Infinity });
  }

  ret(clientId: number, output: O | undefined, time: number): void {
    const i = this.pending.get(clientId);
    if (i === undefined) throw new Error(`line ${time + 1}: client ${clientId} returns without a call`);
    this.pending.delete(clientId);
    if (output !== undefined) Object.assign(this.ops[i], { output, return: time });
  }

  operations(): Operation<I, O>[] {
    return this.ops;
  }
}

const KV_LINE = /^\{:process (\d+), :type :(invoke|ok), :f :(get|put|append), :key "(.*)", :value (nil|"(.*)")\}$/;

/** Reads one of Porcupine's KV logs (test_data/kv/*.txt: get, put and append, keys and values as strings). */
export function readKvLog(text: string): Operation<KvInput, KvOutput>[] {
  const b = new LogBuilder<KvInput, KvOutput>();
  text.split('\n').forEach((line, t) => {
    const m = KV_LINE.exec(line.trim());
    if (m === null) return;
    const [, proc, type, f, key, , value = ''] = m;
    const client = Number(proc);
    if (type === 'invoke') {
      b.call(client, f === 'get' ? { op: 'get', key } : { op: f === 'put' ? 'put' : 'append', key, value }, t);
    } else b.ret(client, f === 'get' ? { value } : {}, t);
  });
  return b.operations();
}

const ETCD_LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*)$/;

/**
 * Reads one of Jepsen's etcd logs (test_data/jepsen/etcd_*.log). A read that failed with a
 * timeout and a write or cas that ended `:info` are unknown; a cas that ended `:fail` returned
 * "not set".
 */
export function readEtcdLog(text: string): Operation<EtcdInput, EtcdOutput>[] {
  const b = new LogBuilder<EtcdInput, EtcdOutput>();
  text.split('\n').forEach((line, t) => {
    const m = ETCD_LINE.exec(line.trim());
    if (m === null) return;
    const [, proc, type, f, arg] = m;
    const client = Number(proc);
    const nums = (arg.match(/\d+/g) ?? []).map(Number);
    if (type === 'invoke') {
      b.call(client, f === 'read' ? { op: 'read' } : f === 'write' ? { op: 'write', value: nums[0] }
        : { op: 'cas', from: nums[0], to: nums[1] }, t);
    } else if (type === 'info' || arg.includes(':timed-out')) {
      b.ret(client, undefined, t);
    } else {
      b.ret(client, f === 'read' ? { value: arg === 'nil' ? null : nums[0] } : f === 'cas' ? { ok: type === 'ok' } : {}, t);
    }
  });
  return b.operations();
}

/**
 * A KV history (get, put and append only, every operation returned) as one of Porcupine's KV
 * logs, to time Porcupine on it (see docs/maintainers.md). Events are written in the order our
 * checker sorts them (by time; at equal times calls first, then by operation), so Porcupine
 * searches the same event list; `readKvLog` reads it back.
 */
export function writeKvLog(history: readonly Operation<KvInput, KvOutput>[]): string {
  const events = history.flatMap((op, id) => [{ op, id, call: true, t: op.call }, { op, id, call: false, t: op.return }]);
  events.sort((a, b) => a.t - b.t || (a.call === b.call ? 0 : a.call ? -1 : 1) || a.id - b.id);
  return events.map(({ op, call }) => {
    const i = op.input;
    if (i.op !== 'get' && i.op !== 'put' && i.op !== 'append') throw new Error(`writeKvLog: Porcupine's logs have no ${i.op}`);
    if (op.output === undefined) throw new Error('writeKvLog: Porcupine\'s logs have no operations of unknown outcome');
    const value = i.op === 'get' ? (call ? 'nil' : JSON.stringify(op.output.value ?? '')) : JSON.stringify(i.value);
    return `{:process ${op.clientId}, :type :${call ? 'invoke' : 'ok'}, :f :${i.op}, :key ${JSON.stringify(i.key)}, :value ${value}}`;
  }).join('\n') + '\n';
}
