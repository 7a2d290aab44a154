/**
 * The raft-level tests of Project 2C (part '2craft'): TinyKV's 7 snapshot tests of
 * raft_test.go and rawnode_test.go, ported one for one (origin 'tinykv'), and ours (origin
 * 'ours'): the leader's snapshot flow control (grader/suites/2c/flow_control.test.ts, after
 * etcd's raft_snap_test.go, and new_leader_progress.test.ts), and the follower's side of a
 * snapshot (matching_snapshot.test.ts, snapshot_install.test.ts). All names end in 2C, like
 * TinyKV's.
 *
 * Points follow the scale in catalogue/tests-2a.ts: 1 for one raft node driven directly
 * (including RawNode.reportSnapshot on a leader built by hand), 2 for the full Ready cycle of a
 * RawNode, 3 for several nodes on the test network through a failure (an isolated follower, a
 * lost snapshot).
 */
import type { TestEntry } from './types';

/** The leaf part of these tests. */
export const PART_2C_RAFT = '2craft';

const FILES = {
  raft: 'grader/suites/2c/raft.test.ts',
  rawnode: 'grader/suites/2c/rawnode.test.ts',
  flow: 'grader/suites/2c/flow_control.test.ts',
  matching: 'grader/suites/2c/matching_snapshot.test.ts',
  install: 'grader/suites/2c/snapshot_install.test.ts',
  newLeader: 'grader/suites/2c/new_leader_progress.test.ts',
} as const;

function tinykv(file: keyof typeof FILES, name: string, points: number, description: string): TestEntry {
  return { name, part: PART_2C_RAFT, points, description, origin: 'tinykv', file: FILES[file] };
}

function ours(file: keyof typeof FILES, name: string, points: number, description: string): TestEntry {
  return { name, part: PART_2C_RAFT, points, description, origin: 'ours', file: FILES[file] };
}

/** TinyKV's raft-level 2C tests, in the order of its files. */
export const TINYKV_2C_RAFT_TESTS: readonly TestEntry[] = [
  tinykv('raft', 'TestRestoreSnapshot2C', 1,
    'A snapshot newer than the log replaces it: the log ends at the snapshot\'s index and term, and the members are the snapshot\'s.'),
  tinykv('raft', 'TestRestoreIgnoreSnapshot2C', 1,
    'A snapshot older than the commit index is ignored and committed does not move.'),
  tinykv('raft', 'TestProvideSnap2C', 1,
    'A leader whose log was compacted past a follower\'s next sends that follower a MsgSnapshot, and nothing else.'),
  tinykv('raft', 'TestRestoreFromSnapMsg2C', 1,
    'A follower that receives a MsgSnapshot takes its sender as leader.'),
  tinykv('raft', 'TestRestoreFromSnapWithOverlapingPeersMsg2C', 1,
    'A snapshot\'s membership replaces the node\'s own exactly: members missing from it are dropped and new ones added.'),
  tinykv('raft', 'TestSlowNodeRestore2C', 3,
    'A follower isolated while the leader compacted its log catches up through a snapshot once it is back, and commits what the leader committed.'),
  tinykv('rawnode', 'TestRawNodeRestartFromSnapshot2C', 2,
    'A RawNode restarted on a storage that starts with a snapshot hands out only the committed entries after it in its first Ready, and nothing after advance.'),
];

/** Our tests of the snapshot flow control (flow_control.test.ts). */
export const OURS_2C_RAFT_TESTS: readonly TestEntry[] = [
  ours('flow', 'TestSnapshotPendingIsRecorded2C', 1,
    'Sending a snapshot moves the follower\'s progress to state Snapshot with pendingSnapshot = the snapshot\'s index.'),
  ours('flow', 'TestPendingSnapshotPausesReplication2C', 1,
    'While a snapshot is pending, proposals, commits, heartbeat responses and late rejections send that follower no append and no second snapshot; heartbeats go on and other followers still get appends.'),
  ours('flow', 'TestSnapshotFailureReportResumesProbing2C', 1,
    'reportSnapshot(Failure) ends the pause with next = match + 1, and the next heartbeat response brings a new snapshot.'),
  ours('flow', 'TestSnapshotFinishReportProbesAfterSnapshot2C', 1,
    'reportSnapshot(Finish) ends the pause with next = pendingSnapshot + 1, and the follower\'s acknowledgement moves it to Replicate with the entries after the snapshot.'),
  ours('flow', 'TestAppendResponseAtPendingIndexEndsPause2C', 1,
    'An append response at or past the pending snapshot\'s index ends the pause without any report, and the leader sends the missing entries at once.'),
  ours('flow', 'TestSnapshotTemporarilyUnavailableRetriedLater2C', 1,
    'ErrSnapshotTemporarilyUnavailable is not an error: nothing is sent, the follower is not paused, tick() does not poll storage, and a later heartbeat response asks again.'),
  ours('flow', 'TestLostSnapshotPauseTimesOut2C', 3,
    'A snapshot lost without a report pauses the follower only until SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS election timeouts pass; then a new snapshot catches it up over the network.'),
  ours('matching', 'TestSnapshotMatchingLogKeepsEntries2C', 1,
    'A follower whose log already holds the snapshot\'s last entry (same index and term) keeps its log and only moves committed (Raft\'s InstallSnapshot rule 6).'),
  ours('matching', 'TestSnapshotConflictingLogReplacesIt2C', 1,
    'A snapshot whose last term differs from the follower\'s entry at that index replaces the log and is handed to the application.'),
  ours('matching', 'TestDelayedSnapshotDoesNotLoseCommittedEntry2C', 3,
    'A delayed snapshot reaching a follower that has acknowledged entries past it does not make it drop them, so no committed entry is lost when it becomes leader.'),
  ours('install', 'TestSnapshotInstallThroughReady2C', 2,
    'A follower RawNode that gets a MsgSnapshot hands it out in one Ready with commit = its index and nothing at or below it to persist or apply; after advance it has applied the snapshot and continues from the entry after it.'),
  ours('newLeader', 'TestNewLeaderForgetsSnapshotPause2C', 1,
    'A node that paused a follower for a snapshot, lost the lead and won it back sends that follower its entries again: the old pause does not survive into the new leadership.'),
];

/** Every raft-level 2C test. */
export const TESTS_2C_RAFT: readonly TestEntry[] = [...TINYKV_2C_RAFT_TESTS, ...OURS_2C_RAFT_TESTS];
