/**
 * Plain-text renderings of operations, one line each, for failure messages and trace files.
 */
import { Operation } from './history';
import { FullModel } from './model';

/** A time for display: the number itself, or ∞ for an operation that never returned. */
function time(t: number): string {
  return t === Infinity ? '∞' : String(t);
}

/**
 * One operation on one line: `[call, return]`, client, and what it did, e.g.
 * `[  12,   15] client 2  get("a") -> "x 2 3 y"`. An operation that never returned shows
 * `[  12,    ∞)` and `-> ?`. `width` pads the times so that lines align.
 */
export function formatOperation<S, I, O>(model: FullModel<S, I, O>, op: Operation<I, O>, width = 0): string {
  const close = op.return === Infinity ? ')' : ']';
  return `[${time(op.call).padStart(width)}, ${time(op.return).padStart(width)}${close} client ${op.clientId}  `
    + model.describeOperation(op.input, op.output);
}

/** The width that aligns the times of `ops`. */
export function timeWidth(ops: readonly Operation<unknown, unknown>[]): number {
  let w = 1;
  for (const op of ops) w = Math.max(w, time(op.call).length, time(op.return).length);
  return w;
}

/**
 * Operations as text, one per line in the order given, each prefixed by `indent` and, when
 * `marks` has an entry for the operation, followed by that note.
 */
export function renderOperations<S, I, O>(model: FullModel<S, I, O>, ops: readonly Operation<I, O>[],
  indent = '  ', marks: ReadonlyMap<Operation<I, O>, string> = new Map()): string {
  const width = timeWidth(ops);
  return ops.map((op) => {
    const mark = marks.get(op);
    return indent + formatOperation(model, op, width) + (mark === undefined ? '' : `    <- ${mark}`);
  }).join('\n');
}

/** Shortens a long string for display: its head, an ellipsis with the length, and its tail. */
export function abbreviate(s: string, max = 60): string {
  if (s.length <= max) return s;
  const half = Math.floor((max - 10) / 2);
  return `${s.slice(0, half)}…(${s.length} chars)…${s.slice(s.length - half)}`;
}
