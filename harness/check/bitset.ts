/**
 * The set of operations linearized so far, as bits, with a short exact key for the memo.
 */

/**
 * A fixed-size set of small integers (operation ids `0..size-1`).
 *
 * `key()` is a string that identifies the set exactly: the lengths of its runs of ones and zeros.
 * Operations are numbered in call order and a search mostly linearizes them in about that order,
 * so a set is usually "everything below some point, except a few stragglers, plus a few just
 * above": a handful of runs, so the key stays a few characters long however long the history is.
 */
export class Bitset {
  private readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Adds `i` to the set. */
  set(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  /** Removes `i` from the set. */
  clear(i: number): void {
    this.words[i >>> 5] &= ~(1 << (i & 31));
  }

  /** Whether `i` is in the set. */
  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /**
   * A string that is equal for two sets of the same size exactly when they hold the same ids:
   * the run lengths (base 36) of alternating ones and zeros, starting with ones (a first run of
   * length 0 when id 0 is absent), without the final run of zeros.
   */
  key(): string {
    const w = this.words;
    let s = '';
    let bit = 1;
    let run = 0;
    for (let i = 0; i < w.length; i++) {
      const word = w[i];
      if (word === (bit === 1 ? 0xffffffff : 0)) {
        run += 32;
        continue;
      }
      for (let b = 0; b < 32; b++) {
        if (((word >>> b) & 1) === bit) run++;
        else {
          s += run.toString(36) + ',';
          bit ^= 1;
          run = 1;
        }
      }
    }
    return bit === 1 ? s + run.toString(36) : s;
  }
}
