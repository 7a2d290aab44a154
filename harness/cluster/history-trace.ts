/**
 * The end of a KV run in the trace: every client operation of the history (topic "client",
 * kind "op") and the linearizability checker's verdict as structured data, so that the trace
 * viewer can draw the operations per client and, for a history that is not linearizable,
 * highlight the longest linearizable prefix and the operation that could not be placed.
 */
import type { CheckOutcome } from '../check/checker';
import type { Operation } from '../check/history';
import { describeKvOperation, KvInput, KvOutput } from '../check/kv-model';
import type { Trace } from '../sim/trace';
import type { VerdictData } from '../sim/trace-data';

type KvOperation = Operation<KvInput, KvOutput>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Records each operation of `ops` as an event at the current virtual time, in history order. */
export function recordOperations(trace: Trace, ops: readonly KvOperation[]): void {
  ops.forEach((op, index) => {
    const ret = op.return === Infinity ? null : op.return;
    const when = `${op.call.toFixed(3)}..${ret === null ? '?' : ret.toFixed(3)}`;
    trace.record({
      topic: 'client', kind: 'op', message: `#${index} client ${op.clientId} ${when} ${describeKvOperation(op.input, op.output)}`,
      data: {
        type: 'op', index, client: op.clientId, call: op.call, return: ret, input: op.input,
        ...(op.output === undefined ? {} : { output: op.output }),
      },
    });
  });
}

/** Finds an operation of the checker's explanation in the history: by identity, else by its fields. */
function indexer(ops: readonly KvOperation[]): (op: KvOperation) => number {
  const byIdentity = new Map<KvOperation, number>();
  ops.forEach((op, i) => byIdentity.set(op, i));
  let byFields: Map<string, number> | null = null;
  const key = (op: KvOperation): string => JSON.stringify([op.clientId, op.call, op.return === Infinity ? null : op.return, op.input]);
  return (op) => {
    const i = byIdentity.get(op);
    if (i !== undefined) return i;
    if (byFields === null) {
      const m = new Map<string, number>();
      ops.forEach((o, j) => m.set(key(o), j));
      byFields = m;
    }
    return byFields.get(key(op)) ?? -1;
  };
}

/** The verdict of a check of `ops` as trace data; the illegal partition's operations as history indexes. */
export function verdictData(outcome: CheckOutcome<KvInput, KvOutput>, ops: readonly KvOperation[], afterFailure: boolean): VerdictData {
  const v: Mutable<VerdictData> = { type: 'verdict', result: outcome.result, afterFailure };
  const illegal = outcome.info.illegal;
  if (illegal !== undefined) {
    const at = indexer(ops);
    v.partition = illegal.operations.map(at);
    v.prefix = illegal.longestPrefix.map(at);
    v.stuck = at(illegal.stuck);
    v.concurrent = illegal.concurrent.map((c) => [at(c.operation), c.status] as const);
  }
  return v;
}
