/**
 * Seeds for deterministic tests. Every test gets its own seed, derived from the run's base
 * seed and the test's name, so one test can be replayed alone with the same randomness it had
 * in a full run: `npm run grade -- --test <name> --seed <base>`.
 */
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';

/** The base seed of this run: RAFTKV_SEED if set, else 1. */
export function baseSeed(): number {
  const raw = process.env.RAFTKV_SEED;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`RAFTKV_SEED must be a non-negative integer, got "${raw}"`);
  return n;
}

/** A 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The seed of one test: a mix of the base seed and the test's name. */
export function testSeed(base: number, testName: string): number {
  return (hashString(testName) ^ Math.imul(base, 0x9e3779b1)) >>> 0;
}

/** A seeded source of random numbers with the shape of Math.random. */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  // The first outputs of a freshly seeded xoroshiro are poorly mixed for small seeds.
  for (let i = 0; i < 8; i++) unsafeUniformIntDistribution(0, 1, rng);
  return () => unsafeUniformIntDistribution(0, 0x3fffffff, rng) / 0x40000000;
}
