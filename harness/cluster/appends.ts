/**
 * The values GenericTest's clients write and the check of what they read back (TinyKV's
 * test_test.go): client `cli` puts key "<cli> <j:%08d>" = "x <cli> <j> y" for j = 0, 1, ...,
 * so a scan of its keys, values joined, must hold each "x <cli> <j> y" exactly once and in order.
 */

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
    if (off < 0) return `client ${clnt}: missing element "${wanted}" in the scanned values ${JSON.stringify(v)}`;
    if (v.lastIndexOf(wanted) !== off) return `client ${clnt}: duplicate element "${wanted}" in the scanned values ${JSON.stringify(v)}`;
    if (off <= lastoff) return `client ${clnt}: wrong order for element "${wanted}" in the scanned values ${JSON.stringify(v)}`;
    lastoff = off;
  }
  return null;
}
