/**
 * Explanations of a history that is not linearizable, written for the student who has to find
 * the bug: where the history stops making sense, and which operations were in play there.
 */
import { Operation, precedes } from './history';
import { FullModel } from './model';
import { formatOperation, timeWidth } from './render';
import { DeadEnd } from './search';

/** How many operations of the longest prefix the text shows (its last ones). */
const PREFIX_TAIL = 10;

/** An operation concurrent with the one that could not be placed (their intervals overlap). */
export interface ConcurrentOperation<I, O> {
  readonly operation: Operation<I, O>;
  /**
   * 'placed': it is in the longest prefix. 'accepted': not placed, and the model accepts it right
   * after the prefix, but no linearization continues from there. 'rejected': not placed, and the
   * model rejects it right after the prefix.
   */
  readonly status: 'placed' | 'accepted' | 'rejected';
}

/** How many concurrent operations the text shows (the first ones). */
const CONCURRENT_SHOWN = 20;

const NOTES = {
  accepted: 'not placed; the model accepts it here, but no linearization continues after it',
  rejected: 'not placed; the model rejects it here',
} as const;

/** Why one partition of a history is not linearizable. */
export interface IllegalExplanation<I, O> {
  /** The partition's index, in the order the model's `partition` returned them. */
  readonly partition: number;
  /** The partition's operations, in call order. */
  readonly operations: readonly Operation<I, O>[];
  /** A longest linearizable prefix found: these operations, in this order, are consistent. */
  readonly longestPrefix: readonly Operation<I, O>[];
  /** The model's state after that prefix, as text. */
  readonly stateAfterPrefix: string;
  /**
   * The operation that could not be placed: it returned, but no order of what came before lets
   * it take effect with the output the client saw.
   */
  readonly stuck: Operation<I, O>;
  /** The operations whose intervals overlap the stuck one's, in call order. */
  readonly concurrent: readonly ConcurrentOperation<I, O>[];
  /** All of the above as text (no HTML), ready for a failure message. */
  readonly text: string;
}

/** Turns the search's deepest dead end in partition `partition` into an explanation. */
export function explainIllegal<S, I, O>(model: FullModel<S, I, O>, partition: number, ops: readonly Operation<I, O>[],
  deadEnd: DeadEnd<S>): IllegalExplanation<I, O> {
  const longestPrefix = deadEnd.prefix.map((id) => ops[id]);
  const stuck = ops[deadEnd.stuck];
  const placed = new Set(longestPrefix);
  const overlaps = (op: Operation<I, O>): boolean => op !== stuck && !precedes(op, stuck) && !precedes(stuck, op);
  const concurrent: ConcurrentOperation<I, O>[] = ops.filter(overlaps).map((operation) => ({
    operation,
    status: placed.has(operation) ? 'placed'
      : model.step(deadEnd.state, operation.input, operation.output)[0] ? 'accepted' : 'rejected',
  }));
  const stateAfterPrefix = model.describeState(deadEnd.state);

  const shown = longestPrefix.slice(-PREFIX_TAIL);
  const width = timeWidth([...shown, stuck, ...concurrent.map((c) => c.operation)]);
  const line = (op: Operation<I, O>): string => '  ' + formatOperation(model, op, width);

  const lines: string[] = [`Partition ${partition} (${ops.length} operations) is not linearizable.`, ''];
  if (longestPrefix.length === 0) {
    lines.push(`Not even its first operation can be placed. From the initial state ${stateAfterPrefix},`);
  } else {
    const omitted = longestPrefix.length - shown.length;
    lines.push(`The longest linearizable prefix found has ${longestPrefix.length} operations`
      + (omitted > 0 ? ` (the first ${omitted} are not shown)` : '') + '. In linearization order:');
    lines.push(...shown.map(line));
    lines.push(`After them the state is ${stateAfterPrefix}. Then`);
  }
  lines.push('this operation could not be placed: it returned, and no order of the operations before it');
  lines.push('lets it take effect with the output the client saw:');
  lines.push(line(stuck));
  if (concurrent.length > 0) {
    const position = new Map(longestPrefix.map((op, i) => [op, i + 1]));
    lines.push('', 'Operations concurrent with it:');
    for (const c of concurrent.slice(0, CONCURRENT_SHOWN)) {
      const note = c.status === 'placed' ? `placed in the prefix, #${position.get(c.operation)}` : NOTES[c.status];
      lines.push(`${line(c.operation)}    <- ${note}`);
    }
    if (concurrent.length > CONCURRENT_SHOWN) lines.push(`  … and ${concurrent.length - CONCURRENT_SHOWN} more`);
  }
  return { partition, operations: ops, longestPrefix, stateAfterPrefix, stuck, concurrent, text: lines.join('\n') };
}
