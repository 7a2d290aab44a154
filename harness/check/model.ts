/**
 * A model: the sequential specification that a history is checked against.
 *
 * A history is linearizable when each operation can be given a single instant between its call
 * and its return such that, run one after the other in that order on the model, every operation
 * gets exactly the output the client saw.
 */
import { Operation } from './history';

/**
 * The sequential specification of an object (a register, a key-value store, ...).
 *
 * `step` must be pure: it must not change `state`, because the checker keeps old states to come
 * back to them when it backtracks.
 */
export interface Model<State, Input, Output> {
  /** The state before any operation, e.g. an empty store. */
  init(): State;
  /**
   * Runs one operation on `state`. Returns `[true, next]` when the operation could have produced
   * `output` in that state, and `[false, state]` when it could not. `output` is `undefined` when
   * the outcome is unknown (the client never got an answer): then any output is fine, and `next`
   * is the state after the operation took effect.
   */
  step(state: State, input: Input, output: Output | undefined): [boolean, State];
  /** Whether two states are the same. Default: `Object.is`, which suits strings and numbers. */
  equal?(a: State, b: State): boolean;
  /** A hash of a state (equal states must hash the same); speeds up the checker's memo. */
  hash?(state: State): number;
  /**
   * Splits a history into independent parts, each checked on its own: the whole history is
   * linearizable exactly when every part is (e.g. one part per key of a store). Default: one
   * part. This is what makes long histories checkable at all.
   */
  partition?(history: readonly Operation<Input, Output>[]): Operation<Input, Output>[][];
  /** One operation as text, e.g. `get("a") -> "1"`; `output` is `undefined` when unknown. */
  describeOperation?(input: Input, output: Output | undefined): string;
  /** A state as text, e.g. `{"a": "1"}`. */
  describeState?(state: State): string;
}

/** A model with every optional part filled in with its default. */
export type FullModel<State, Input, Output> = Required<Model<State, Input, Output>>;

/** Fills in the defaults of a model's optional parts. */
export function withDefaults<S, I, O>(model: Model<S, I, O>): FullModel<S, I, O> {
  const { equal, hash, partition, describeOperation, describeState } = model;
  return {
    init: () => model.init(),
    step: (s, i, o) => model.step(s, i, o),
    equal: equal ? (a, b) => equal.call(model, a, b) : Object.is,
    hash: hash ? (s) => hash.call(model, s) : () => 0,
    partition: partition ? (h) => partition.call(model, h) : (h) => [h.slice()],
    describeOperation: describeOperation
      ? (i, o) => describeOperation.call(model, i, o)
      : (i, o) => `${JSON.stringify(i)} -> ${o === undefined ? '?' : JSON.stringify(o)}`,
    describeState: describeState ? (s) => describeState.call(model, s) : (s) => JSON.stringify(s) ?? String(s),
  };
}
