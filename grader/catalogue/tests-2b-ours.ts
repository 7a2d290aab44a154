/**
 * The 2B KV tests written for this lab (origin 'ours', grader/suites/2b/ours.test.ts, part
 * '2bkv'): the bugs of a KV server on raft that TinyKV's suite lets through. Each was checked
 * to fail on a copy of the solution with the bug it names injected. Points follow the scale
 * of tests-2b.ts (4 for a cluster on a reliable network, 5 with partitions or crashes).
 */
import type { TestEntry } from './types';

const OURS = 'grader/suites/2b/ours.test.ts';

function ours(name: string, points: number, description: string): TestEntry {
  return { name, part: '2bkv', points, description, origin: 'ours', file: OURS };
}

/** Every 'ours' 2B test. */
export const OURS_2B_TESTS: readonly TestEntry[] = [
  ours('TestNoStaleReadFromMinority2B', 4,
    'A leader cut off in a minority must not answer a Get with a value the majority has since overwritten: reads go through raft.'),
  ours('TestCrashBetweenWritesLosesNothing2B', 5,
    'Stores lose power at random engine writes, before or after them, while clients append; no acknowledged append is lost or doubled and each store\'s data matches a replay of its log.'),
  ours('TestHardStatePersistedBeforeSend2B', 5,
    'Under repeated crashes of leaders and voters, no store sends a message its persisted term and vote do not back, and no term has two leaders.'),
  ours('TestLastIndexPersistedWithEntries2B', 5,
    'A store that loses power right after appending entries without a new hard state restarts from a RaftLocalState that names its last entry (index and term), with none past it.'),
  ours('TestOvertakenProposalsGetStaleCommand2B', 4,
    'Proposals of a leader cut off alone, whose indexes the new leader\'s entries took, are answered StaleCommand as soon as those entries are applied, not left to time out.'),
];
