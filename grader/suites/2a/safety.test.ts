/**
 * Ours: the randomized safety test of Part A. Many seeded runs of 3 and 5 RawNodes driven
 * through the Ready loop, with messages dropped, duplicated, delayed and reordered,
 * partitions, crashes at every point of the Ready loop and restarts, clock skew, and proposals
 * anywhere; Raft's safety properties are checked after every event (harness/safety).
 */
import { runSafetyTest } from '../../../harness/safety';

// Raft's safety properties hold in every run of a cluster under random faults, and it recovers once they stop.
test('TestRandomizedSafety2AC', () => {
  runSafetyTest({ name: 'TestRandomizedSafety2AC', runs: 80, profile: { compaction: false, steps: 1200 } });
});
