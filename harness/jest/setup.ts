/**
 * Runs before every graded test: Math.random becomes a seeded generator, so a test's
 * randomness (election timeouts, dropped messages) is the same on every run with the same
 * seed. The seed is printed with a failure by the grader, which replays it with --seed.
 */
import { baseSeed, seededRandom, testSeed } from '../sim/seed';

const realRandom = Math.random;

beforeEach(() => {
  const name = expect.getState().currentTestName ?? '';
  Math.random = seededRandom(testSeed(baseSeed(), name));
});

afterEach(() => {
  Math.random = realRandom;
});
