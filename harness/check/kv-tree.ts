/**
 * The persistent search tree that holds a KV model state's pairs (see kv-state.ts).
 *
 * A treap: a binary search tree by key that is also a heap by a priority computed from the key
 * (its hash), so a given set of keys always has the same shape, whatever order the keys came
 * in. Nothing is ever changed in place: a write copies the nodes on the path to its key (about
 * log2 of the number of keys) and shares every other node with the tree before. The search
 * keeps every state it meets, so this is what keeps a state small: a state of one key is one
 * node. And since equal sets of keys have equal shapes, two trees are compared node by node,
 * skipping the subtrees they share.
 */

/**
 * One pair of a state, with what kv-state.ts keeps about it, and the node's two subtrees.
 *
 * A value that was put is kept as it is (`text`). A value made by an append is usually not: the
 * node keeps the node it appended to (`base`) and what it appended (`suffix`), and the value is
 * built only when asked for (`nodeValue`), which the checker rarely does. So an append costs one
 * node, not a new string as well. Every MAX_DEPTH appends in a row, the value is built once and
 * kept in `text` too, so that no chain of suffixes to follow is longer than that.
 */
export interface KvNode {
  readonly key: string;
  /** The pair's hash (kv-state.ts: `pairHash`). */
  readonly hash: number;
  /** The length of the value. */
  readonly length: number;
  /** The value, when it was put; `undefined` when it was made by an append. */
  readonly text: string | undefined;
  /** The node whose value this one appended `suffix` to; `undefined` for a value that was put. */
  readonly base: KvNode | undefined;
  /** The text appended to the value of `base`, when `base` is set. */
  readonly suffix: string | undefined;
  /** Appends since the value was last kept whole in `text` (0 when `text` is set). */
  readonly depth: number;
  /** The subtree of smaller keys. */
  readonly left: KvNode | null;
  /** The subtree of larger keys. */
  readonly right: KvNode | null;
}

/** The most appends in a row whose value is not kept whole (see KvNode). */
const MAX_DEPTH = 32;

/** A node of a value that was put, without subtrees, to put in a tree with `treeSet`. */
export function putLeaf(key: string, hash: number, value: string): KvNode {
  return { key, hash, length: value.length, text: value, base: undefined, suffix: undefined, depth: 0, left: null, right: null };
}

/** A node of the value of `base` followed by `suffix`, without subtrees, to put in a tree with `treeSet`. */
export function appendLeaf(base: KvNode, hash: number, suffix: string): KvNode {
  const whole = base.depth + 1 >= MAX_DEPTH;
  return {
    key: base.key, hash, length: base.length + suffix.length, text: whole ? valueOf(base, suffix) : undefined,
    base, suffix, depth: whole ? 0 : base.depth + 1, left: null, right: null,
  };
}

/** The value of node `n`. */
export function nodeValue(n: KvNode): string {
  return n.text ?? valueOf(n, '');
}

/** The value of `n` followed by `more`, as one flat string (joined, not concatenated). */
function valueOf(n: KvNode, more: string): string {
  const parts = [more];
  let a = n;
  for (let base = a.base, suffix = a.suffix; a.text === undefined && base !== undefined && suffix !== undefined;
    base = a.base, suffix = a.suffix) {
    parts.push(suffix);
    a = base;
  }
  parts.push(a.text ?? '');
  return parts.reverse().join('');
}

/** Node `t` with these subtrees: `t` itself when they are its own, else a copy. */
function withChildren(t: KvNode, left: KvNode | null, right: KvNode | null): KvNode {
  if (left === t.left && right === t.right) return t;
  return { key: t.key, hash: t.hash, length: t.length, text: t.text, base: t.base, suffix: t.suffix, depth: t.depth, left, right };
}

/** A key's priority: a hash of it (FNV-1a, then MurmurHash3's finalizer). */
function priority(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether `a` goes above `b` in the heap: a higher priority, ties broken by key. */
function above(a: string, pa: number, b: string): boolean {
  const pb = priority(b);
  return pa > pb || (pa === pb && a < b);
}

/** The node of `key`, or null. */
export function treeFind(t: KvNode | null, key: string): KvNode | null {
  while (t !== null && t.key !== key) t = key < t.key ? t.left : t.right;
  return t;
}

/**
 * The tree with the pair of `d` (a leaf) for its key: added, or replacing the old one. `present`:
 * whether the key is in `t` (then its place is found by key alone, without priorities).
 */
export function treeSet(t: KvNode | null, d: KvNode, present: boolean): KvNode {
  return present ? replace(t, d) : insert(t, d, priority(d.key));
}

function replace(t: KvNode | null, d: KvNode): KvNode {
  if (t === null) throw new Error(`treeSet: key "${d.key}" is not in the tree`);
  if (d.key === t.key) return withChildren(d, t.left, t.right);
  return d.key < t.key ? withChildren(t, replace(t.left, d), t.right) : withChildren(t, t.left, replace(t.right, d));
}

function insert(t: KvNode | null, d: KvNode, p: number): KvNode {
  if (t === null) return d;
  if (d.key === t.key) return withChildren(d, t.left, t.right);
  if (above(d.key, p, t.key)) {
    const [left, right] = split(t, d.key);
    return withChildren(d, left, right);
  }
  return d.key < t.key ? withChildren(t, insert(t.left, d, p), t.right) : withChildren(t, t.left, insert(t.right, d, p));
}

/** The keys of `t` below `key` and above it (`key` is not in `t`). */
function split(t: KvNode | null, key: string): [KvNode | null, KvNode | null] {
  if (t === null) return [null, null];
  if (t.key < key) {
    const [left, right] = split(t.right, key);
    return [withChildren(t, t.left, left), right];
  }
  const [left, right] = split(t.left, key);
  return [left, withChildren(t, right, t.right)];
}

/** The tree without `key` (which must be in it). */
export function treeDelete(t: KvNode | null, key: string): KvNode | null {
  if (t === null) return null;
  if (t.key === key) return merge(t.left, t.right);
  return key < t.key ? withChildren(t, treeDelete(t.left, key), t.right) : withChildren(t, t.left, treeDelete(t.right, key));
}

/** One tree of the keys of `a` and then those of `b` (every key of `a` is below every key of `b`). */
function merge(a: KvNode | null, b: KvNode | null): KvNode | null {
  if (a === null) return b;
  if (b === null) return a;
  return above(a.key, priority(a.key), b.key) ? withChildren(a, a.left, merge(a.right, b)) : withChildren(b, merge(a, b.left), b.right);
}

/**
 * Calls `visit` on the nodes with `start <= key < end` (no upper bound when `end` is undefined)
 * in key order, until it returns false.
 */
export function treeEachInRange(t: KvNode | null, start: string, end: string | undefined,
  visit: (n: KvNode) => boolean): void {
  // An in-order walk with a stack of the nodes still to visit (each above its left subtree).
  const stack: KvNode[] = [];
  for (let n = t; n !== null;) {
    if (n.key >= start) {
      stack.push(n);
      n = n.left;
    } else n = n.right;
  }
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (end !== undefined && n.key >= end) return;
    if (!visit(n)) return;
    for (let r = n.right; r !== null; r = r.left) stack.push(r);
  }
}

/**
 * Whether two trees hold the same keys with the same values, by `samePair` on nodes of the same
 * key. Subtrees the two share are not looked into.
 */
export function treeEqual(a: KvNode | null, b: KvNode | null, samePair: (x: KvNode, y: KvNode) => boolean): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.key !== b.key) return false;
  return samePair(a, b) && treeEqual(a.left, b.left, samePair) && treeEqual(a.right, b.right, samePair);
}
