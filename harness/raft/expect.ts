/**
 * Assertions whose failures say what was being checked, not only what differed.
 */
import { RaftLog } from '@target/raft';
import { ltoa } from './format';

/**
 * Checks `actual` against `expected` with jest's toEqual. On failure the error message starts
 * with `what`, a sentence saying what was checked ("#2: log of node 3 after the partition
 * heals"), and the stack starts at the caller.
 */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  try {
    expect(actual).toEqual(expected);
  } catch (e) {
    if (e instanceof Error) {
      e.message = `${what}\n\n${e.message}`;
      Error.captureStackTrace(e, expectEqual);
    }
    throw e;
  }
}

/**
 * Checks that two logs agree on committed, applied and every entry, by comparing their ltoa
 * text, so a failure shows a line diff entry by entry. `what` is as for expectEqual.
 */
export function expectLog(actual: RaftLog, want: RaftLog, what: string): void {
  try {
    expectEqual(ltoa(actual), ltoa(want), what);
  } catch (e) {
    if (e instanceof Error) Error.captureStackTrace(e, expectLog);
    throw e;
  }
}
