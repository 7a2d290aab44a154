/**
 * Ours: the randomized safety test of Part C. Like Part A's (grader/suites/2a/safety.test.ts),
 * and the applications compact their logs often, so leaders send snapshots, which are
 * delayed, duplicated, lost, and reported finished, failed or never (harness/safety).
 */
import { runSafetyTest } from '../../../harness/safety';

// Raft's safety properties hold in every run with log compaction and snapshots under random faults, and it recovers once they stop.
test('TestRandomizedSafetyWithSnapshots2C', () => {
  runSafetyTest({ name: 'TestRandomizedSafetyWithSnapshots2C', runs: 80, profile: { compaction: true, steps: 1200 } });
});
