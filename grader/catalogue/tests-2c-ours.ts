/**
 * The 2C KV tests written for this lab (origin 'ours', grader/suites/2c/ours_kv.test.ts, part
 * '2ckv'): snapshots in the running store, beyond TinyKV's tests (flow control, lost transfers,
 * crashes while a snapshot travels or is applied). Each was checked to fail on a copy of the
 * solution with the bug it names injected. Points as in tests-2c-kv.ts.
 */
import type { TestEntry } from './types';

const OURS = 'grader/suites/2c/ours_kv.test.ts';

function ours(name: string, points: number, description: string): TestEntry {
  return { name, part: '2ckv', points, description, origin: 'ours', file: OURS };
}

/** Every 'ours' 2C KV test. */
export const OURS_2C_KV_TESTS: readonly TestEntry[] = [
  ours('TestLaggingFollowerGetsBoundedSnapshots2C', 4,
    'A lagging follower whose acknowledgements are slow gets one or two snapshots, not one per heartbeat: flow control pauses the leader while a snapshot is on its way.'),
  ours('TestLostSnapshotIsRetried2C', 4,
    'A snapshot transfer lost without a report does not pause the follower for ever: the leader sends a new one and the follower catches up.'),
  ours('TestCrashDuringSnapshotApplyLosesNothing2C', 5,
    'A follower that loses power between the kv and raft writes of a snapshot apply restarts, catches up, and loses no acknowledged write.'),
  ours('TestCrashDuringSnapshotTransferLosesNothing2C', 5,
    'A follower that crashes three times while a snapshot travels to it or waits to be applied still catches up in the end.'),
  ours('TestSnapshotApplyRemovesOldLog2C', 4,
    'Once an old leader with a long log of its own installs a snapshot, its raft engine holds no entry of the old log, at or below the snapshot\'s index or past it.'),
  ours('TestCorruptedSnapshotRejected2C', 4,
    'A snapshot transfer with one byte corrupted on the way is rejected (sizes and checksums), the leader sends a new one, and the follower catches up with no corrupted data applied.'),
];
