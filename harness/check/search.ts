/**
 * The search for a linearization of one partition: Wing & Gong's backtracking search with
 * Lowe's just-in-time linearisation and a memo of (linearized set, state), as in Porcupine.
 *
 * How it works, on the time-ordered list of call and return events:
 *
 * - Walk from the head. Each call met before the first return is an operation that could take
 *   effect next (it has been called, and nothing forces anything else first).
 * - At a call: ask the model whether the operation can run now with the output the client saw.
 *   If it can, and the pair (set of linearized operations, new state) has not been seen before,
 *   take it: push it on a stack, lift its events out of the list, and start again from the head.
 * - At a return: that operation had to take effect before this moment and has not: a dead end.
 *   Pop the last choice, put its events back, and try the next candidate after it.
 * - The list becomes empty: every operation is placed, and the stack is a linearization. The
 *   stack becomes empty at a dead end: there is none.
 *
 * At each point, operations that never returned (unknown outcome) are tried after the others
 * (see below). The memo is what keeps this usable: two different orders that reach the same set
 * of operations and the same state have the same future, so the second is skipped.
 */
import { Bitset } from './bitset';
import { EventList, HEAD, NIL } from './events';
import { isUnknown, Operation } from './history';
import { Memo } from './memo';
import { FullModel } from './model';

/** The deepest dead end met by the search: where a failing history stops making sense. */
export interface DeadEnd<S> {
  /** Ids of a longest linearizable prefix found, in linearization order. */
  readonly prefix: readonly number[];
  /** The model's state after that prefix. */
  readonly state: S;
  /** The operation that could not be placed: its return came and it had not taken effect. */
  readonly stuck: number;
}

/** What the search found in one partition, with the steps it took and the memo entries it made. */
export type SearchResult<S> = { readonly steps: number; readonly states: number } & (
  | { readonly kind: 'ok'; readonly order: readonly number[] }
  | { readonly kind: 'illegal'; readonly deadEnd: DeadEnd<S> }
  | { readonly kind: 'unknown'; readonly reason: 'steps' | 'states' });

/** The limits of one search. */
export interface SearchLimits {
  /** Search steps allowed (one step: one event visited). */
  readonly maxSteps: number;
  /** Distinct (set, state) pairs the memo may hold. */
  readonly maxStates: number;
}

/**
 * Searches for a linearization of `ops`, whose ids are their indexes in `ops` (give them in call
 * order: the memo's copies of the linearized sets are shortest that way). Deterministic: same
 * input, same result and steps.
 */
export function searchPartition<S, I, O>(model: FullModel<S, I, O>, ops: readonly Operation<I, O>[],
  limits: SearchLimits): SearchResult<S> {
  const list = new EventList(ops);
  const linearized = new Bitset(ops.length);
  const memo = new Memo<S>(model.equal);
  // The stack of choices: at depth d, the operation placed, the state before it, and where the
  // walk was (its pass, and whether pass 1 had skipped an unknown call).
  const placed = new Int32Array(ops.length);
  const before: S[] = [];
  const passOf = new Uint8Array(ops.length);
  const skippedOf = new Uint8Array(ops.length);
  let depth = 0;
  let state = model.init();
  let deadEnd: DeadEnd<S> | undefined;
  let steps = 0;

  // Candidates are tried in two passes over the list: first the operations that returned, then
  // those that never did. Both passes try every candidate, so the answer is the same; but an
  // unknown write that in fact never happened is then only placed at the very end, instead of
  // being tried (and undone) before every other operation.
  const unknown = Uint8Array.from(ops, (op) => (isUnknown(op) ? 1 : 0));
  const { next: nextOf, opOf, isCall, callOf } = list;
  let pass: 1 | 2 = 1;
  let skipped = false; // pass 1 has passed over an unknown call since it began at the head
  let node = nextOf[HEAD];
  while (nextOf[HEAD] !== NIL) {
    if (steps >= limits.maxSteps) return { kind: 'unknown', steps, states: memo.size, reason: 'steps' };
    steps++;
    const id = opOf[node];
    if (isCall[node] === 1) {
      if ((unknown[id] === 1) !== (pass === 2)) {
        skipped ||= pass === 1;
        node = nextOf[node];
        continue;
      }
      const op = ops[id];
      const result = model.step(state, op.input, op.output);
      if (result[0]) {
        const next = result[1];
        linearized.set(id);
        if (memo.add(linearized, next, model.hash(next))) {
          if (memo.size > limits.maxStates) return { kind: 'unknown', steps, states: memo.size, reason: 'states' };
          placed[depth] = id;
          before[depth] = state;
          passOf[depth] = pass;
          skippedOf[depth] = skipped ? 1 : 0;
          depth++;
          state = next;
          list.lift(id);
          node = nextOf[HEAD];
          pass = 1;
          skipped = false;
          continue;
        }
        linearized.clear(id);
      }
      node = nextOf[node];
      continue;
    }
    // A return: the end of the candidates of this pass.
    if (pass === 1 && skipped) {
      pass = 2;
      node = nextOf[HEAD];
      continue;
    }
    if (deadEnd === undefined || depth > deadEnd.prefix.length) {
      deadEnd = { prefix: Array.from(placed.subarray(0, depth)), state, stuck: id };
    }
    if (depth === 0) return { kind: 'illegal', steps, states: memo.size, deadEnd };
    depth--;
    const top = placed[depth];
    state = before[depth];
    linearized.clear(top);
    list.unlift(top);
    pass = passOf[depth] === 2 ? 2 : 1;
    skipped = skippedOf[depth] === 1;
    node = nextOf[callOf[top]];
  }
  return { kind: 'ok', steps, states: memo.size, order: Array.from(placed.subarray(0, depth)) };
}
