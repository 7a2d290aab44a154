/**
 * The state of the KV model: an immutable sorted map from keys to values.
 *
 * The checker keeps every state it meets (for its memo), so a write must not copy the whole
 * map. The pairs are kept in sorted chunks of at most CHUNK_MAX pairs; a write copies the list
 * of chunks and the one chunk it changes, and shares every other chunk with the state before.
 * A hash is kept up to date as the map changes, and equality skips the chunks two states share.
 */

/** A key and its value. */
export type KvPair = readonly [key: string, value: string];

/** The contents of (part of) the store. Never mutated: writes make a new state. */
export interface KvState {
  /** The pairs in key order (UTF-16 code unit order, the order of `<` on strings), in non-empty chunks. */
  readonly chunks: readonly (readonly KvPair[])[];
  /** The number of pairs. */
  readonly size: number;
  /** The sum of the pairs' hashes: it does not depend on order, so a write updates it in O(1). */
  readonly hash: number;
}

/** The largest chunk; a chunk that grows past it is split in two. */
const CHUNK_MAX = 64;

/** The empty store. */
export const EMPTY_KV_STATE: KvState = { chunks: [], size: 0, hash: 0 };

/** A 32-bit FNV-1a hash of one pair. */
function pairHash(key: string, value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xff, 0x01000193);
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The index of the first pair of `pairs` whose key is `>= key`. */
function lowerBound(pairs: readonly KvPair[], key: string): number {
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid][0] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first chunk whose last key is `>= key` (`chunks.length` if none). */
function chunkOf(chunks: readonly (readonly KvPair[])[], key: string): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid];
    if (c[c.length - 1][0] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The value of `key`, or `undefined` when it is absent. */
export function kvGet(s: KvState, key: string): string | undefined {
  const c = s.chunks[chunkOf(s.chunks, key)];
  if (c === undefined) return undefined;
  const i = lowerBound(c, key);
  return i < c.length && c[i][0] === key ? c[i][1] : undefined;
}

/** A state with `key` set to `value`, or removed when `value` is `undefined`. */
export function kvSet(s: KvState, key: string, value: string | undefined): KvState {
  let ci = chunkOf(s.chunks, key);
  if (ci === s.chunks.length && ci > 0) ci--; // a key past the end goes into the last chunk
  const old = s.chunks[ci] ?? [];
  const i = lowerBound(old, key);
  const present = i < old.length && old[i][0] === key;
  if (!present && value === undefined) return s;

  let hash = s.hash;
  let size = s.size;
  if (present) {
    hash -= pairHash(key, old[i][1]);
    size--;
  }
  const chunk = old.slice();
  if (value === undefined) chunk.splice(i, 1);
  else {
    hash += pairHash(key, value);
    size++;
    if (present) chunk[i] = [key, value];
    else chunk.splice(i, 0, [key, value]);
  }
  const replacement = chunk.length === 0 ? []
    : chunk.length > CHUNK_MAX ? [chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1)] : [chunk];
  const chunks = s.chunks.slice();
  chunks.splice(ci, s.chunks.length === 0 ? 0 : 1, ...replacement);
  return { chunks, size, hash: hash >>> 0 };
}

/** Calls `visit` on the pairs with `start <= key < end` in key order, until it returns false. */
function eachInRange(s: KvState, start: string, end: string | undefined, visit: (p: KvPair) => boolean): void {
  for (let ci = chunkOf(s.chunks, start), i = -1; ci < s.chunks.length; ci++) {
    const c = s.chunks[ci];
    for (i = i < 0 ? lowerBound(c, start) : 0; i < c.length; i++) {
      if (end !== undefined && c[i][0] >= end) return;
      if (!visit(c[i])) return;
    }
  }
}

/** The pairs with `start <= key < end` (no upper bound when `end` is undefined), in key order. */
export function kvRange(s: KvState, start: string, end: string | undefined): KvPair[] {
  const out: KvPair[] = [];
  eachInRange(s, start, end, (p) => out.push(p) > 0);
  return out;
}

/** Whether a scan of `[start, end)` returning at most `limit` pairs would return exactly `pairs`. */
export function kvScanMatches(s: KvState, start: string, end: string | undefined, limit: number,
  pairs: readonly KvPair[]): boolean {
  let n = 0;
  let same = true;
  eachInRange(s, start, end, (p) => {
    if (n >= limit) return false;
    const q = pairs[n++];
    same = q !== undefined && p[0] === q[0] && p[1] === q[1];
    return same;
  });
  return same && n === pairs.length;
}

/** All pairs, in key order. */
export function kvPairs(s: KvState): KvPair[] {
  return s.chunks.flat();
}

/** Whether two states hold the same pairs. Chunks the two share are not looked into. */
export function kvEqual(a: KvState, b: KvState): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.size !== b.size) return false;
  let ac = 0, ai = 0, bc = 0, bi = 0;
  while (ac < a.chunks.length && bc < b.chunks.length) {
    const x = a.chunks[ac];
    const y = b.chunks[bc];
    if (ai === 0 && bi === 0 && x === y) {
      ac++;
      bc++;
      continue;
    }
    const p = x[ai];
    const q = y[bi];
    if (p !== q && (p[0] !== q[0] || p[1] !== q[1])) return false;
    if (++ai === x.length) [ac, ai] = [ac + 1, 0];
    if (++bi === y.length) [bc, bi] = [bc + 1, 0];
  }
  return true;
}
