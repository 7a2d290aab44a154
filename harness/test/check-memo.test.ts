/**
 * Unit tests of the search's memo (harness/check/memo.ts) and of the linearized set it stores
 * (harness/check/bitset.ts), against plain reference structures, on seeded random sequences.
 */
import { Bitset } from '../check/bitset';
import { Memo } from '../check/memo';
import { seededRandom } from '../sim/seed';

/** The words of a set as the reference sees them: which ids are in it. */
function members(b: Bitset): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.size; i++) if (b.has(i)) out.push(i);
  return out;
}

/** What `low` and `high` must be, computed from scratch. */
function expectedBounds(b: Bitset): { low: number; high: number } {
  let low = 0;
  while (low < b.words.length && b.words[low] === 0xffffffff) low++;
  let high = b.words.length;
  while (high > 0 && b.words[high - 1] === 0) high--;
  return { low, high };
}

describe('Bitset', () => {
  test('set and clear keep the members, low, high and the hash right (random sequences)', () => {
    const rand = seededRandom(11);
    for (const size of [1, 31, 32, 33, 64, 100, 257]) {
      const b = new Bitset(size);
      const ref = new Set<number>();
      const hashOf = new Map<string, number>();
      for (let step = 0; step < 3000; step++) {
        // Mostly fill from the bottom, as the search does (whole words fill up), with stragglers and removals.
        let lowestAbsent = 0;
        while (ref.has(lowestAbsent)) lowestAbsent++;
        const r = rand();
        const i = r < 0.5 && lowestAbsent < size ? lowestAbsent
          : r < 0.8 ? Math.min(size - 1, Math.floor(rand() * (lowestAbsent + 40))) : Math.floor(rand() * size);
        if (ref.has(i)) {
          b.clear(i);
          ref.delete(i);
        } else {
          b.set(i);
          ref.add(i);
        }
        const want = [...ref].sort((x, y) => x - y);
        if (members(b).join() !== want.join()) throw new Error(`size ${size}, step ${step}: members ${members(b)} != ${want}`);
        const bounds = expectedBounds(b);
        if (b.low !== bounds.low || b.high !== bounds.high) {
          throw new Error(`size ${size}, step ${step}: low/high ${b.low}/${b.high}, expected ${bounds.low}/${bounds.high}`);
        }
        // The same set always has the same hash, however it was reached.
        const key = want.join();
        const seen = hashOf.get(key);
        if (seen === undefined) hashOf.set(key, b.hash);
        else if (seen !== b.hash) throw new Error(`size ${size}: set {${key}} has hash ${b.hash}, earlier ${seen}`);
      }
    }
  });

  test('the empty set has hash 0 and low = high = 0; a full set has low = words', () => {
    const b = new Bitset(64);
    expect([b.hash, b.low, b.high]).toEqual([0, 0, 0]);
    for (let i = 0; i < 64; i++) b.set(i);
    expect([b.low, b.high]).toEqual([2, 2]);
    for (let i = 0; i < 64; i++) b.clear(i);
    expect([b.hash, b.low, b.high]).toEqual([0, 0, 0]);
  });
});

describe('Memo', () => {
  /**
   * Runs random adds on a memo and a reference map; `stateHash` lets tests force collisions of
   * states, and `collideSets` gives every set the same hash.
   */
  function agree(seed: number, size: number, stateHash: (s: number) => number, states: number, collideSets = false): void {
    const rand = seededRandom(seed);
    let equalCalls = 0;
    const memo = new Memo<number>((a, b) => {
      equalCalls++;
      return a === b;
    });
    const ref = new Set<string>();
    const b = new Bitset(size);
    const inSet = new Set<number>();
    for (let step = 0; step < 5_000; step++) {
      const i = Math.floor(rand() * size);
      if (inSet.has(i)) {
        b.clear(i);
        inSet.delete(i);
      } else {
        b.set(i);
        inSet.add(i);
      }
      if (collideSets) b.hash = 0;
      const state = Math.floor(rand() * states);
      const key = `${[...inSet].sort((x, y) => x - y).join()}/${state}`;
      const added = memo.add(b, state, stateHash(state));
      if (added !== !ref.has(key)) throw new Error(`step ${step}: add(${key}) returned ${added}, reference says ${!ref.has(key)}`);
      ref.add(key);
    }
    expect(memo.size).toBe(ref.size);
    expect(equalCalls).toBeGreaterThan(0);
  }

  test('add is true exactly for pairs not added before (random sets and states)', () => {
    agree(1, 40, (s) => s * 7919, 5);
    agree(2, 300, (s) => s, 3);
  });

  test('states whose hashes collide are told apart by the model\'s equal, sets by their words', () => {
    agree(3, 40, () => 42, 6); // every state has the same hash
    agree(4, 8, () => 0, 50); // few sets, many states, one hash
    agree(5, 70, (s) => s, 3, true); // every set has the same hash
  });

  test('sets that differ only in words far apart are different entries', () => {
    const memo = new Memo<string>((a, b) => a === b);
    const a = new Bitset(200);
    for (let i = 0; i < 100; i++) a.set(i);
    expect(memo.add(a, 's', 0)).toBe(true);
    a.set(199);
    expect(memo.add(a, 's', 0)).toBe(true);
    a.clear(199);
    a.clear(3);
    expect(memo.add(a, 's', 0)).toBe(true);
    a.set(3);
    expect(memo.add(a, 's', 0)).toBe(false);
    expect(memo.size).toBe(3);
  });

  test('grows past its first capacity without losing entries', () => {
    const memo = new Memo<number>((x, y) => x === y);
    const b = new Bitset(1);
    let added = 0;
    for (let s = 0; s < 50_000; s++) if (memo.add(b, s, s)) added++;
    let again = 0;
    for (let s = 0; s < 50_000; s += 7) if (memo.add(b, s, s)) again++;
    expect([added, again, memo.size]).toEqual([50_000, 0, 50_000]);
  });
});
