/**
 * The recorded history of a test: what each client asked for, what it got back, and when.
 *
 * Times are simulated-clock numbers (milliseconds of the test's virtual clock), never the wall
 * clock, so the same seed records the same history. An operation occupies the closed interval
 * [call, return]. Many things happen at one virtual instant (a client that gets its answer
 * sends its next request at the same time), so the clock alone cannot say which came first;
 * the recorder also numbers every call and return in the order they happened (`callOrder`,
 * `returnOrder`), and an operation that returned before another was called precedes it even at
 * equal times (`precedes`). Without those numbers (a history from elsewhere), operations that
 * merely touch (one returns at 5, the next is called at 5) count as concurrent.
 */

/**
 * One client operation.
 *
 * `output` is `undefined` exactly when the outcome is unknown: the client gave up (a timeout, a
 * crash of the test client) without an answer. The request may still be in flight, or sitting in
 * some server's log, so it may take effect at any moment after `call`, or never. Such an
 * operation has `return === Infinity`, and the checker treats it as exactly that: it may be
 * placed anywhere after its call, and placing it after every other operation is the same as
 * leaving it out. `O` itself must not include `undefined`.
 */
export interface Operation<I, O> {
  /** Which client issued the operation (only used to print the history). */
  readonly clientId: number;
  /** What the client asked for, e.g. `{ op: 'put', key, value }`. */
  readonly input: I;
  /** When the client sent the request (simulated time). */
  readonly call: number;
  /** What the client got back, or `undefined` when it never got an answer. */
  readonly output: O | undefined;
  /** When the client got the answer (simulated time), or `Infinity` when it never did. */
  readonly return: number;
  /** The call's place among all the calls and returns recorded (HistoryRecorder numbers them from 0). */
  readonly callOrder?: number;
  /** The return's place in the same numbering; absent when the operation never returned. */
  readonly returnOrder?: number;
}

/**
 * True when `a` returned before `b` was called, so that every linearization puts `a` first:
 * an earlier time, or the same time and an earlier place in the recording order. Operations of
 * which neither is before the other are concurrent.
 */
export function precedes<I, O>(a: Operation<I, O>, b: Operation<I, O>): boolean {
  if (a.return !== b.call) return a.return < b.call;
  return a.returnOrder !== undefined && b.callOrder !== undefined && a.returnOrder < b.callOrder;
}

/** True when the operation never returned, so that we do not know whether it took effect. */
export function isUnknown<I, O>(op: Operation<I, O>): boolean {
  return op.return === Infinity;
}

/**
 * Throws if an operation is malformed: a call that is not a finite number, a return before the
 * call, a returned operation without an output, or an output on one that never returned. These
 * are bugs of the test harness, not of the code under test.
 */
export function validateOperation<I, O>(op: Operation<I, O>, index: number): void {
  const where = `operation #${index} (client ${op.clientId})`;
  if (!Number.isFinite(op.call)) throw new Error(`${where}: call time must be a finite number, got ${op.call}`);
  if (Number.isNaN(op.return) || op.return < op.call) {
    throw new Error(`${where}: return time ${op.return} is before its call time ${op.call}`);
  }
  if (op.return === Infinity && op.output !== undefined) {
    throw new Error(`${where}: never returned (return = Infinity) but has an output`);
  }
  if (op.return !== Infinity && op.output === undefined) {
    throw new Error(`${where}: returned at ${op.return} but has no output; record an unknown outcome with return = Infinity`);
  }
}

/** A handle on one operation being recorded, returned by `HistoryRecorder.begin`. */
export type OpToken = number;

interface Pending<I, O> {
  clientId: number;
  input: I;
  call: number;
  callOrder: number;
  output: O | undefined;
  return: number;
  returnOrder: number | undefined;
  state: 'pending' | 'done' | 'unknown' | 'discarded';
}

/**
 * Records the history of a test as its clients run.
 *
 * ```ts
 * const t = recorder.begin(client, { op: 'get', key }, sim.now());
 * const value = await clerk.get(key);        // may throw on timeout
 * recorder.end(t, { value }, sim.now());      // or recorder.unknown(t) when it timed out
 * ```
 *
 * An operation that is still pending when `operations()` is called is reported as unknown.
 */
export class HistoryRecorder<I, O> {
  private readonly ops: Pending<I, O>[] = [];
  /** The next place in the recording order (see the file comment). */
  private nextOrder = 0;

  /** Starts an operation of `clientId` at simulated time `time`. */
  begin(clientId: number, input: I, time: number): OpToken {
    if (!Number.isFinite(time)) throw new Error(`begin: time must be a finite number, got ${time}`);
    this.ops.push({ clientId, input, call: time, callOrder: this.nextOrder++, output: undefined, return: Infinity, returnOrder: undefined, state: 'pending' });
    return this.ops.length - 1;
  }

  /** Ends an operation: the client got `output` at simulated time `time`. */
  end(token: OpToken, output: O, time: number): void {
    const op = this.pending(token, 'end');
    if (output === undefined) throw new Error(`end: operation #${token} needs an output; use unknown() when there is none`);
    if (!(time >= op.call) || time === Infinity) {
      throw new Error(`end: operation #${token} called at ${op.call} cannot return at ${time}`);
    }
    op.output = output;
    op.return = time;
    op.returnOrder = this.nextOrder++;
    op.state = 'done';
  }

  /**
   * Marks an operation whose outcome is unknown (the client timed out or gave up): it may have
   * taken effect at any time after its call, or never.
   */
  unknown(token: OpToken): void {
    this.pending(token, 'unknown').state = 'unknown';
  }

  /**
   * Forgets an operation that certainly had no effect, e.g. a read that failed. Use it only when
   * that is certain: a write that timed out may still be applied later, so it is `unknown`.
   */
  discard(token: OpToken): void {
    this.pending(token, 'discard').state = 'discarded';
  }

  /** The history so far, in the order the operations began; pending ones are unknown. */
  operations(): Operation<I, O>[] {
    return this.ops
      .filter((op) => op.state !== 'discarded')
      .map((op) => op.state === 'done'
        ? { clientId: op.clientId, input: op.input, call: op.call, callOrder: op.callOrder, output: op.output, return: op.return, returnOrder: op.returnOrder }
        : { clientId: op.clientId, input: op.input, call: op.call, callOrder: op.callOrder, output: undefined, return: Infinity });
  }

  private pending(token: OpToken, what: string): Pending<I, O> {
    const op = this.ops[token];
    if (op === undefined) throw new Error(`${what}: no operation #${token} was begun`);
    if (op.state !== 'pending') throw new Error(`${what}: operation #${token} is already ${op.state}`);
    return op;
  }
}
