/**
 * Runs before every suite file, after jest's globals exist and before the suite (and so the
 * tree under test) is loaded:
 *
 * 1. the guard (./guard.ts) captures the real `expect`, test functions and built-ins, checks
 *    them around every test, and under the grader registers the canary tests;
 * 2. Math.random becomes a seeded generator for each test, so a test's randomness (election
 *    timeouts, dropped messages) is the same on every run with the same seed. The seed is
 *    printed with a failure by the grader, which replays it with --seed.
 */
import { installGuard } from './guard';
import { baseSeed, seededRandom, testSeed } from '../sim/seed';
import { restoreLeftoverVirtualGlobals } from '../sim/virtual-globals';

installGuard();

const realRandom = Math.random;

beforeEach(() => {
  const name = expect.getState().currentTestName ?? '';
  Math.random = seededRandom(testSeed(baseSeed(), name));
});

afterEach(() => {
  // A simulation that jest abandoned at its timeout still has its clock and PRNG installed.
  restoreLeftoverVirtualGlobals();
  Math.random = realRandom;
});
