/**
 * How a KV history is split into parts that can be checked one by one.
 *
 * Keys are independent objects: a history of gets, puts, appends and deletes is linearizable
 * exactly when, for each key, the operations on that key are (linearizability is *local*). So
 * by default every key is its own partition, which keeps the search small.
 *
 * A scan reads many keys at once, so it must be checked together with every write to any key in
 * its range: the scan and all operations on the keys its range covers form one partition, and
 * scans whose ranges share a key merge their partitions. (Keys in a scan's range that no other
 * operation touches do not matter: the model knows they are absent, and a scan that returns one
 * is caught.) That is what the default computes.
 *
 * A test can instead name the partitions with `partitionBy` (e.g. TinyKV's GenericTest, where
 * each client works in its own prefix "<client> "). Then this checks that the choice is sound,
 * and throws if it is not, since an unsound split can both pass bad histories and fail good ones.
 *
 * Reads that never returned are dropped: they observed nothing that we know, and changed nothing.
 */
import { isUnknown, Operation } from './history';
import type { KvInput, KvOutput } from './kv-model';

type KvOp = Operation<KvInput, KvOutput>;

/** Splits a KV history into independent partitions, each in history order. */
export function partitionKv(history: readonly KvOp[], partitionBy?: (input: KvInput) => string): KvOp[][] {
  const ops = history.filter((op) => !(isUnknown(op) && (op.input.op === 'get' || op.input.op === 'scan')));
  const labels = partitionBy === undefined ? componentLabels(ops) : checkedLabels(ops, partitionBy);
  const groups = new Map<string, KvOp[]>();
  ops.forEach((op, i) => {
    const group = groups.get(labels[i]);
    if (group === undefined) groups.set(labels[i], [op]);
    else group.push(op);
  });
  return [...groups.values()];
}

/** The sorted distinct keys named by gets, puts, appends and deletes. */
function pointKeys(ops: readonly KvOp[]): string[] {
  const keys = new Set<string>();
  for (const op of ops) if (op.input.op !== 'scan') keys.add(op.input.key);
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The index of the first of the sorted `keys` that is `>= key`. */
function firstAtLeast(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The indexes `[lo, hi)` of the sorted `keys` that lie in a scan's range. */
function rangeOf(keys: readonly string[], input: Extract<KvInput, { op: 'scan' }>): [number, number] {
  const lo = firstAtLeast(keys, input.start);
  const hi = input.end === undefined ? keys.length : firstAtLeast(keys, input.end);
  return [lo, Math.max(lo, hi)];
}

/**
 * The default labels: connected components of "touches a common key". A union-find over keys
 * and scans; a scan joins the consecutive keys of its range, skipping pairs already joined, so
 * many long overlapping scans still cost about one pass over the keys.
 */
function componentLabels(ops: readonly KvOp[]): string[] {
  const keys = pointKeys(ops);
  const index = new Map(keys.map((k, i) => [k, i]));
  // Nodes 0..keys.length-1 are keys; node keys.length + n is operation n.
  const parent = Array.from({ length: keys.length + ops.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // skip[i]: the first j >= i whose key is not yet joined to key j + 1.
  const skip = keys.map((_, i) => i);
  const nextUnjoined = (i: number): number => {
    while (skip[i] !== i) {
      skip[i] = skip[skip[i]];
      i = skip[i];
    }
    return i;
  };

  ops.forEach((op, n) => {
    const node = keys.length + n;
    if (op.input.op !== 'scan') {
      union(node, index.get(op.input.key) ?? 0);
      return;
    }
    const [lo, hi] = rangeOf(keys, op.input);
    if (lo === hi) return;
    union(node, lo);
    for (let i = nextUnjoined(lo); i < hi - 1; i = nextUnjoined(i + 1)) {
      union(i, i + 1);
      skip[i] = i + 1;
    }
  });
  return ops.map((_, n) => String(find(keys.length + n)));
}

/** The caller's labels, after checking that they are sound; throws an explanation if not. */
function checkedLabels(ops: readonly KvOp[], partitionBy: (input: KvInput) => string): string[] {
  const labels = ops.map((op) => partitionBy(op.input));
  const labelOfKey = new Map<string, string>();
  ops.forEach((op, i) => {
    if (op.input.op === 'scan') return;
    const seen = labelOfKey.get(op.input.key);
    if (seen === undefined) labelOfKey.set(op.input.key, labels[i]);
    else if (seen !== labels[i]) {
      throw new Error(`partitionBy is unsound: key "${op.input.key}" is in partitions "${seen}" and "${labels[i]}"`);
    }
  });
  const keys = pointKeys(ops);
  const keyLabels = keys.map((k) => labelOfKey.get(k) ?? '');
  // runEnd[i]: the last index j >= i such that keys i..j all have the label of key i.
  const runEnd = keys.map(() => 0);
  for (let i = keys.length - 1; i >= 0; i--) {
    runEnd[i] = i + 1 < keys.length && keyLabels[i + 1] === keyLabels[i] ? runEnd[i + 1] : i;
  }
  ops.forEach((op, i) => {
    if (op.input.op !== 'scan') return;
    const [lo, hi] = rangeOf(keys, op.input);
    if (lo === hi || (keyLabels[lo] === labels[i] && runEnd[lo] >= hi - 1)) return;
    const bad = keyLabels[lo] !== labels[i] ? lo : runEnd[lo] + 1;
    throw new Error(`partitionBy is unsound: scan("${op.input.start}", ...) is in partition "${labels[i]}" `
      + `but its range covers key "${keys[bad]}" of partition "${keyLabels[bad]}"`);
  });
  return labels;
}
