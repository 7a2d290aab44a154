/**
 * Unit tests of the KV model's state (harness/check/kv-state.ts and its tree, kv-tree.ts):
 * seeded random writes against a plain Map, equality of states built in different orders,
 * hashes, reads of appended values, and scans.
 */
import {
  EMPTY_KV_STATE, kvAppend, kvEqual, kvGet, kvHolds, kvPairs, kvRange, kvScanMatches, kvSet, KvState,
} from '../check';
import { seededRandom } from '../sim/seed';

type Ref = Map<string, string>;

function sorted(ref: Ref): [string, string][] {
  return [...ref].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One random write on both the state and the reference. */
function randomWrite(s: KvState, ref: Ref, rand: () => number, keys: number): KvState {
  const key = `k${Math.floor(rand() * keys)}`;
  const r = rand();
  if (r < 0.45) {
    const v = `<${Math.floor(rand() * 5)}>`;
    ref.set(key, (ref.get(key) ?? '') + v);
    return kvAppend(s, key, v);
  }
  if (r < 0.8) {
    const v = `v${Math.floor(rand() * 5)}`;
    ref.set(key, v);
    return kvSet(s, key, v);
  }
  ref.delete(key);
  return kvSet(s, key, undefined);
}

/** The same pairs, rebuilt from nothing in another order (a put per pair). */
function rebuilt(pairs: [string, string][], rand: () => number): KvState {
  const order = [...pairs].sort(() => rand() - 0.5);
  return order.reduce((s, [k, v]) => kvSet(s, k, v), EMPTY_KV_STATE);
}

describe('KvState against a Map', () => {
  test('get, pairs, range, size and holds follow every write (random writes, 1 to 300 keys)', () => {
    const rand = seededRandom(21);
    for (const keys of [1, 3, 40, 300]) {
      let s = EMPTY_KV_STATE;
      const ref: Ref = new Map();
      for (let step = 0; step < 1500; step++) {
        const before = s;
        const beforePairs = step % 50 === 0 ? JSON.stringify(kvPairs(before)) : '';
        s = randomWrite(s, ref, rand, keys);
        if (beforePairs !== '' && JSON.stringify(kvPairs(before)) !== beforePairs) throw new Error(`step ${step}: a write changed the state before it`);
        const key = `k${Math.floor(rand() * keys)}`;
        const want = ref.get(key);
        if (kvGet(s, key) !== want || !kvHolds(s, key, want ?? '') || kvHolds(s, key, (want ?? '') + 'x') || s.size !== ref.size) {
          throw new Error(`${keys} keys, step ${step}: ${key} = ${kvGet(s, key)}, expected ${want}; size ${s.size}, expected ${ref.size}`);
        }
      }
      expect(kvPairs(s)).toEqual(sorted(ref));
      expect(kvRange(s, 'k1', 'k3')).toEqual(sorted(ref).filter(([k]) => k >= 'k1' && k < 'k3'));
      expect(kvRange(s, 'k2', undefined)).toEqual(sorted(ref).filter(([k]) => k >= 'k2'));
    }
  });

  test('a state equals exactly the states with the same pairs, whatever order built them, with the same hash', () => {
    const rand = seededRandom(22);
    for (const keys of [1, 5, 100]) {
      let s = EMPTY_KV_STATE;
      const ref: Ref = new Map();
      for (let step = 0; step < 300; step++) {
        s = randomWrite(s, ref, rand, keys);
        const other = rebuilt(sorted(ref), rand);
        if (!kvEqual(s, other) || !kvEqual(other, s)) throw new Error(`step ${step}: equal pairs, kvEqual false: ${JSON.stringify(sorted(ref))}`);
        expect(other.hash).toBe(s.hash);
        // Change one value, or drop one pair: no longer equal.
        const [k, v] = sorted(ref)[Math.floor(rand() * ref.size)] ?? ['k0', ''];
        expect(kvEqual(s, kvSet(other, k, v + 'z'))).toBe(false);
        expect(kvEqual(s, kvSet(other, k, ref.has(k) ? undefined : 'new'))).toBe(false);
      }
    }
  });
});

describe('appended values', () => {
  const put = (s: KvState, k: string, v: string): KvState => kvSet(s, k, v);

  test('the same value made by different appends and puts is equal, and reads match it', () => {
    const byAppends = kvAppend(kvAppend(kvAppend(EMPTY_KV_STATE, 'k', 'ab'), 'k', 'cd'), 'k', 'e');
    const byOtherAppends = kvAppend(kvAppend(put(EMPTY_KV_STATE, 'k', 'a'), 'k', 'bcd'), 'k', 'e');
    const byPut = put(EMPTY_KV_STATE, 'k', 'abcde');
    for (const [x, y] of [[byAppends, byOtherAppends], [byAppends, byPut], [byOtherAppends, byPut]]) {
      expect(kvEqual(x, y)).toBe(true);
      expect(x.hash).toBe(y.hash);
    }
    for (const s of [byAppends, byOtherAppends, byPut]) {
      expect(kvGet(s, 'k')).toBe('abcde');
      expect(kvHolds(s, 'k', 'abcde')).toBe(true);
      for (const wrong of ['abcdf', 'xbcde', 'abxde', 'abcd', 'abcdee', '']) expect(kvHolds(s, 'k', wrong)).toBe(false);
    }
  });

  test('values of the same length that differ anywhere are different, through long append chains', () => {
    const rand = seededRandom(23);
    for (let trial = 0; trial < 200; trial++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => 'xyz'.slice(0, 1 + Math.floor(rand() * 3)));
      const value = parts.join('');
      const s = parts.reduce((st, p) => kvAppend(st, 'k', p), EMPTY_KV_STATE);
      const i = Math.floor(rand() * value.length);
      const wrong = value.slice(0, i) + (value[i] === 'q' ? 'r' : 'q') + value.slice(i + 1);
      expect(kvHolds(s, 'k', value)).toBe(true);
      expect(kvHolds(s, 'k', wrong)).toBe(false);
      expect(kvEqual(s, kvSet(EMPTY_KV_STATE, 'k', wrong))).toBe(false);
      expect(kvEqual(s, kvSet(EMPTY_KV_STATE, 'k', value))).toBe(true);
    }
  });
});

describe('hash collisions', () => {
  test('two values whose pairs hash the same are still different', () => {
    // Found by a search over random strings: FNV-1a gives ("k", each) the same 32-bit hash.
    const a = kvSet(EMPTY_KV_STATE, 'k', 'fvaid8pW');
    const b = kvSet(EMPTY_KV_STATE, 'k', 'Bq4Hnp3a');
    expect(a.hash).toBe(b.hash);
    expect(kvEqual(a, b)).toBe(false);
    expect(kvEqual(kvAppend(a, 'k', '!'), kvAppend(b, 'k', '!'))).toBe(false);
    expect(kvHolds(a, 'k', 'Bq4Hnp3a')).toBe(false);
  });
});

describe('scans', () => {
  test('kvScanMatches is true exactly for the pairs of the range, up to the limit', () => {
    const s = ['a', 'b', 'c', 'd'].reduce((st, k) => kvAppend(kvSet(st, k, k.toUpperCase()), k, '!'), EMPTY_KV_STATE);
    expect(kvScanMatches(s, 'b', 'd', Infinity, [['b', 'B!'], ['c', 'C!']])).toBe(true);
    expect(kvScanMatches(s, 'b', 'd', Infinity, [['b', 'B!']])).toBe(false);
    expect(kvScanMatches(s, 'b', 'd', Infinity, [['b', 'B!'], ['c', 'C?']])).toBe(false);
    expect(kvScanMatches(s, 'b', 'd', 1, [['b', 'B!']])).toBe(true);
    expect(kvScanMatches(s, 'b', undefined, Infinity, [['b', 'B!'], ['c', 'C!'], ['d', 'D!']])).toBe(true);
    expect(kvScanMatches(s, 'e', undefined, Infinity, [])).toBe(true);
    expect(kvScanMatches(s, 'a', 'b', Infinity, [['a', 'A!'], ['b', 'B!']])).toBe(false);
  });
});
