/**
 * The randomized safety tests written for this lab (origin 'ours'): many seeded runs of a
 * small cluster of RawNodes under random faults, with Raft's safety properties checked after
 * every event (harness/safety). One for Part A (no compaction, part '2ac') and one for Part C
 * (compaction and snapshots, part '2craft'). Each was checked to fail on copies of the
 * solution with classic bugs planted (see docs/2a.md, "The randomized safety test").
 */
import type { TestEntry } from './types';

/** Both safety tests. */
export const SAFETY_TESTS: readonly TestEntry[] = [
  {
    name: 'TestRandomizedSafety2AC', part: '2ac', points: 5, origin: 'ours', file: 'grader/suites/2a/safety.test.ts',
    description: 'Over many seeded runs of 3 and 5 RawNodes with lost, duplicated and reordered messages, partitions, crashes and restarts, no safety property of Raft is ever broken and the cluster recovers once the faults stop.',
  },
  {
    name: 'TestRandomizedSafetyWithSnapshots2C', part: '2craft', points: 5, origin: 'ours', file: 'grader/suites/2c/safety.test.ts',
    description: 'The same randomized runs with frequent log compaction, so that snapshots are sent, delayed, duplicated, lost and installed: no safety property is broken and every node catches up.',
  },
];
