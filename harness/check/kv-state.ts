/**
 * The state of the KV model: an immutable sorted map from keys to values.
 *
 * The checker keeps every state it meets (for its memo), so a write must not copy the whole
 * map: the pairs are in a persistent tree (kv-tree.ts), and a write copies only the path to its
 * key. A hash of the whole map is kept up to date as it changes (the sum of the pairs' hashes),
 * and each pair carries its own hash, so a write costs the same however long the old value is,
 * and an append hashes only the text it adds (values of appended keys grow long in the tests).
 *
 * A value made by an append is not even built: its node keeps the node it extended and the
 * text it added (kv-tree.ts), so an append costs one small node. Reads and equality compare
 * such values suffix by suffix (`entryHolds`, `sameEntry`): a wrong read usually differs in its
 * last suffix and fails at once, and two states reached by the same appends, interleaved
 * differently with reads, share the node the appends started from and compare in a few steps.
 */
import { appendLeaf, KvNode, nodeValue, putLeaf, treeDelete, treeEachInRange, treeEqual, treeFind, treeSet } from './kv-tree';

/** A key and its value. */
export type KvPair = readonly [key: string, value: string];

/** One pair of a state as the state keeps it (see KvNode): key, value, hash, and how it was made. */
export type KvEntry = KvNode;

/** The contents of (part of) the store. Never mutated: writes make a new state. */
export interface KvState {
  /** The pairs, in a tree ordered by key (UTF-16 code unit order, the order of `<` on strings). */
  readonly root: KvNode | null;
  /** The number of pairs. */
  readonly size: number;
  /** The sum of the pairs' hashes: it does not depend on order, so a write updates it in O(1). */
  readonly hash: number;
}

/** The empty store. */
export const EMPTY_KV_STATE: KvState = { root: null, size: 0, hash: 0 };

/** `h` (a 32-bit FNV-1a state) continued over the characters of `s`. */
function extendHash(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A 32-bit FNV-1a hash of one pair: of the key, a separator, then the value. FNV-1a has no
 * final step, so the hash of `(key, value + more)` is `extendHash(pairHash(key, value), more)`.
 */
function pairHash(key: string, value: string): number {
  return extendHash(Math.imul(extendHash(0x811c9dc5, key) ^ 0xff, 0x01000193), value);
}

/** `s` with the pair of `d` (a leaf); `old` is the node of its key in `s`, or null. */
function withPair(s: KvState, old: KvNode | null, d: KvNode): KvState {
  const root = treeSet(s.root, d, old !== null);
  return old === null ? { root, size: s.size + 1, hash: (s.hash + d.hash) >>> 0 }
    : { root, size: s.size, hash: (s.hash - old.hash + d.hash) >>> 0 };
}

/** The value of `key`, or `undefined` when it is absent. */
export function kvGet(s: KvState, key: string): string | undefined {
  const n = treeFind(s.root, key);
  return n === null ? undefined : nodeValue(n);
}

/** A state with `key` set to `value`, or removed when `value` is `undefined`. */
export function kvSet(s: KvState, key: string, value: string | undefined): KvState {
  const old = treeFind(s.root, key);
  if (value === undefined) {
    return old === null ? s : { root: treeDelete(s.root, key), size: s.size - 1, hash: (s.hash - old.hash) >>> 0 };
  }
  return withPair(s, old, putLeaf(key, pairHash(key, value), value));
}

/** A state with `suffix` appended to the value of `key` (an absent key counts as ''). */
export function kvAppend(s: KvState, key: string, suffix: string): KvState {
  const old = treeFind(s.root, key);
  return withPair(s, old, old === null ? putLeaf(key, pairHash(key, suffix), suffix)
    : appendLeaf(old, extendHash(old.hash, suffix), suffix));
}

/** Whether `key` holds `value` in `s` (an absent key holds only ''). */
export function kvHolds(s: KvState, key: string, value: string): boolean {
  const n = treeFind(s.root, key);
  return n === null ? value === '' : entryHolds(n, value);
}

/** The pairs with `start <= key < end` (no upper bound when `end` is undefined), in key order. */
export function kvRange(s: KvState, start: string, end: string | undefined): KvPair[] {
  const out: KvPair[] = [];
  treeEachInRange(s.root, start, end, (n) => out.push([n.key, nodeValue(n)]) > 0);
  return out;
}

/** Whether a scan of `[start, end)` returning at most `limit` pairs would return exactly `pairs`. */
export function kvScanMatches(s: KvState, start: string, end: string | undefined, limit: number,
  pairs: readonly KvPair[]): boolean {
  let n = 0;
  let same = true;
  treeEachInRange(s.root, start, end, (p) => {
    if (n >= limit) return false;
    const q = pairs[n++];
    same = q !== undefined && p.key === q[0] && entryHolds(p, q[1]);
    return same;
  });
  return same && n === pairs.length;
}

/** All pairs, in key order. */
export function kvPairs(s: KvState): KvPair[] {
  return kvRange(s, '', undefined);
}

/** Whether two states hold the same pairs. Parts of the tree the two share are not looked into. */
export function kvEqual(a: KvState, b: KvState): boolean {
  if (a === b) return true;
  return a.hash === b.hash && a.size === b.size && treeEqual(a.root, b.root, sameEntry);
}

/**
 * Whether two entries of the same key hold the same value. Appends are followed back through
 * their bases while both entries added the same suffix: the values are then the same exactly
 * when what is left of them is, and that is usually one shared entry, or two values kept whole.
 * Only when that fails are the two values built and compared.
 */
function sameEntry(p: KvEntry, q: KvEntry): boolean {
  if (p === q) return true;
  if (p.hash !== q.hash || p.length !== q.length) return false;
  let a = p;
  let b = q;
  for (;;) {
    if (a === b) return true;
    if (a.text !== undefined && b.text !== undefined) return a.text === b.text;
    const x = a.base;
    const y = b.base;
    if (x === undefined || y === undefined || a.suffix !== b.suffix) break;
    a = x;
    b = y;
  }
  return nodeValue(a) === nodeValue(b);
}

/**
 * Whether entry `e` holds the value `text`. Each appended suffix is compared with its place in
 * `text`, from the last one back, so a wrong read usually fails at once, and the entry's value
 * is never built.
 */
function entryHolds(e: KvEntry, text: string): boolean {
  if (e.length !== text.length) return false;
  let end = text.length;
  let a = e;
  for (let base = a.base, suffix = a.suffix; a.text === undefined && base !== undefined && suffix !== undefined;
    base = a.base, suffix = a.suffix) {
    end -= suffix.length;
    if (!text.startsWith(suffix, end)) return false;
    a = base;
  }
  return a.text !== undefined && (end === text.length ? a.text === text : text.startsWith(a.text));
}
