/**
 * The set of operations linearized so far, as bits, with what the memo needs to store and find
 * it quickly (see memo.ts).
 */

/**
 * A random-looking 32-bit number for id `i` (MurmurHash3's finalizer): the set's hash is the
 * XOR of these over its members (Zobrist hashing), so adding or removing one member updates
 * the hash in O(1), and the hash of a set does not depend on the order it was built in.
 */
function idHash(i: number): number {
  let h = Math.imul(i + 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A fixed-size set of small integers (operation ids `0..size-1`).
 *
 * Besides the bits it keeps, up to date at every change: `hash` (see idHash), `low` (how many
 * leading words are all ones) and `high` (one past the last word that is not all zeros).
 * Operations are numbered in call order and a search mostly linearizes them in about that order,
 * so a set is usually "everything below some point, except a few stragglers, plus a few just
 * above": its words `low..high-1` are few however long the history is, and those words with
 * `low` and `high` identify the set exactly. The memo stores only them.
 */
export class Bitset {
  /** The bits: id `i` is bit `i % 32` of word `i / 32`. */
  readonly words: Uint32Array;
  /** The XOR of idHash over the members (0 for the empty set). */
  hash = 0;
  /** The number of leading words whose 32 bits are all set. */
  low = 0;
  /** One past the index of the last word that is not zero (0 for the empty set). */
  high = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Adds `i` to the set (which must not hold it). */
  set(i: number): void {
    const w = i >>> 5;
    const words = this.words;
    words[w] |= 1 << (i & 31);
    this.hash ^= idHash(i);
    if (w >= this.high) this.high = w + 1;
    if (w === this.low) {
      let low = w;
      while (low < words.length && words[low] === 0xffffffff) low++;
      this.low = low;
    }
  }

  /** Removes `i` from the set (which must hold it). */
  clear(i: number): void {
    const w = i >>> 5;
    const words = this.words;
    words[w] &= ~(1 << (i & 31));
    this.hash ^= idHash(i);
    if (w < this.low) this.low = w;
    if (w === this.high - 1) {
      let high = w + 1;
      while (high > 0 && words[high - 1] === 0) high--;
      this.high = high;
    }
  }

  /** Whether `i` is in the set. */
  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }
}
