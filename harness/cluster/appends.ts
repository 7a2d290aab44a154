/**
 * The values GenericTest's clients write and the check of what they read back (TinyKV's
 * test_test.go): client `cli` puts key "<cli> <j:%08d>" = "x <cli> <j> y" for j = 0, 1, ...,
 * so a scan of its keys, values joined, must hold each "x <cli> <j> y" exactly once and in order.
 */
import { describeValueDiff } from './value-diff';

/** The key of client `cli`'s j-th put: "<cli> <j as 8 digits>". */
export function clientKey(cli: number, j: number): string {
  return `${cli} ${String(j).padStart(8, '0')}`;
}

/** The value of client `cli`'s j-th put: "x <cli> <j> y". */
export function clientValue(cli: number, j: number): string {
  return `x ${cli} ${j} y`;
}

/** The prefix of every key of client `cli` ("<cli> "); the linearizability check partitions by it. */
export function clientPrefix(cli: number): string {
  return `${cli} `;
}

/** TinyKV's NextValue: the value an append of `val` to `prev` leaves. */
export function nextValue(prev: string, val: string): string {
  return prev + val;
}

/**
 * TinyKV's checkClntAppends: every "x <clnt> <j> y" for j < count appears in `v` exactly
 * once and in increasing order. Returns null when it does, else what is wrong.
 */
export function checkClntAppends(clnt: number, v: string, count: number): string | null {
  let lastoff = -1;
  for (let j = 0; j < count; j++) {
    const wanted = clientValue(clnt, j);
    const off = v.indexOf(wanted);
    let problem: string | null = null;
    if (off < 0) problem = 'missing element';
    else if (v.lastIndexOf(wanted) !== off) problem = 'duplicate element';
    else if (off <= lastoff) problem = 'wrong order for element';
    if (problem !== null) {
      let want = '';
      for (let k = 0; k < count; k++) want = nextValue(want, clientValue(clnt, k));
      return `client ${clnt}: ${problem} "${wanted}" in the scanned values\n${describeValueDiff(want, v)}`;
    }
    lastoff = off;
  }
  return null;
}
