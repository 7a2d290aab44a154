/**
 * The search's memo: the set of (linearized operations, model state) pairs already met.
 *
 * Two orders that reach the same set of operations and the same state have the same future,
 * so the search skips the second one; this table is what it asks. It is a hash table kept in
 * typed arrays: an entry is its hash, the part of the set's words that identifies it (see
 * Bitset: `low`, and the words `low..high-1`, copied into one shared array) and the state.
 * Nothing is allocated per entry but the state itself, so the table is small and cheap for the
 * garbage collector, and a lookup compares numbers first: states are compared (with the
 * model's `equal`) only when the hash and the set are the same.
 */
import { Bitset } from './bitset';

/** Entries the table starts with room for (it doubles when full). */
const INITIAL_CAPACITY = 1024;

/** The memo of one search. */
export class Memo<S> {
  /** Number of entries. */
  size = 0;
  /**
   * The hash table, open addressing with linear probing: slot `i` is `slots[2i]`, an entry's
   * hash, and `slots[2i + 1]`, that entry's index plus one (0: the slot is free). Hash and index
   * side by side, so that a lookup usually reads one place in memory. At most half full.
   */
  private slots = new Int32Array(INITIAL_CAPACITY * 4);
  private mask = INITIAL_CAPACITY * 2 - 1;
  private lows = new Int32Array(INITIAL_CAPACITY);
  private lengths = new Int32Array(INITIAL_CAPACITY);
  private offsets = new Int32Array(INITIAL_CAPACITY);
  private words = new Uint32Array(INITIAL_CAPACITY * 4);
  private used = 0; // words in use
  private readonly states: S[] = [];

  constructor(private readonly equal: (a: S, b: S) => boolean) {}

  /**
   * Adds (`set`, `state`) unless it is there already; `stateHash` is the model's hash of
   * `state` (equal states must have equal hashes). Returns whether it was added.
   */
  add(set: Bitset, state: S, stateHash: number): boolean {
    const h = mix(set.hash, stateHash);
    const slots = this.slots;
    let i = h & this.mask;
    for (let e = slots[2 * i + 1] - 1; e >= 0; i = (i + 1) & this.mask, e = slots[2 * i + 1] - 1) {
      if (slots[2 * i] === h && this.holds(e, set) && this.equal(this.states[e], state)) return false;
    }
    const e = this.size;
    if (e === this.lows.length) this.growEntries();
    this.store(e, set);
    this.states.push(state);
    slots[2 * i] = h;
    slots[2 * i + 1] = e + 1;
    this.size = e + 1;
    if (2 * this.size > this.mask) this.growTable();
    return true;
  }

  /** Whether entry `e` is for the set `set`. */
  private holds(e: number, set: Bitset): boolean {
    const low = set.low;
    const length = set.high - low;
    if (this.lows[e] !== low || this.lengths[e] !== length) return false;
    const at = this.offsets[e];
    const words = this.words;
    const bits = set.words;
    for (let i = 0; i < length; i++) if (words[at + i] !== bits[low + i]) return false;
    return true;
  }

  /** Records the words of `set` that identify it as entry `e`'s. */
  private store(e: number, set: Bitset): void {
    const low = set.low;
    const length = set.high - low;
    if (this.used + length > this.words.length) this.words = grown(this.words, this.used + length);
    const words = this.words;
    const bits = set.words;
    for (let i = 0; i < length; i++) words[this.used + i] = bits[low + i];
    this.lows[e] = low;
    this.lengths[e] = length;
    this.offsets[e] = this.used;
    this.used += length;
  }

  private growEntries(): void {
    const n = this.lows.length * 2;
    this.lows = grown(this.lows, n);
    this.lengths = grown(this.lengths, n);
    this.offsets = grown(this.offsets, n);
  }

  /** Twice as many slots, with every entry in its place again. */
  private growTable(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (this.mask << 1) | 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j] & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j];
      slots[2 * i + 1] = old[j + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A copy of `a` with room for at least `n` elements (twice as many as it had, or more). */
function grown<T extends Int32Array | Uint32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** One 32-bit hash of a set's hash and a state's hash (MurmurHash3's finalizer on their mix). */
function mix(setHash: number, stateHash: number): number {
  let h = setHash ^ Math.imul(stateHash | 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
