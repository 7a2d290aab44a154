/**
 * The raft tests found by mutation testing (origin 'ours'): rules every correct Raft follows
 * that no graded test checked until `npm run mutation -- raft` showed a mutant of the
 * reference surviving them (docs/maintainers.md). Part A's are in
 * grader/suites/2a/edges.test.ts (parts 2aa, 2ab, 2ac), Part C's raft-level ones in
 * grader/suites/2c/raft_edges.test.ts (part 2craft).
 *
 * Points follow the scale in catalogue/tests-2a.ts: 1 for one node driven directly, 2 for
 * several nodes on the test network or the full Ready cycle of a RawNode.
 */
import type { TestEntry } from './types';

const FILES = {
  edges: 'grader/suites/2a/edges.test.ts',
  raftEdges: 'grader/suites/2c/raft_edges.test.ts',
} as const;

function ours(file: keyof typeof FILES, name: string, part: string, points: number, description: string): TestEntry {
  return { name, part, points, description, origin: 'ours', file: FILES[file] };
}

/** Every test of this file, in suite order. */
export const EDGES_TESTS: readonly TestEntry[] = [
  ours('edges', 'TestVoteOnlyOncePerTerm2AA', '2aa', 1,
    'A node grants one candidate per term: a second candidate of the same term is refused, the same one asking again is granted again.'),
  ours('edges', 'TestVoteRefusesLessUpToDateLog2AB', '2ab', 1,
    'A vote is refused to a candidate with a lower last term or, at equal last terms, a shorter log, and a refusal records no vote.'),
  ours('edges', 'TestLateVotesDoNotMakeFollowerLeader2AA', '2aa', 1,
    'A candidate that became the follower of a leader of its term ignores vote grants that arrive afterwards.'),
  ours('edges', 'TestRejectAgainstHigherTermTail2AB', '2ab', 1,
    'A follower whose log ends in entries of a higher term than the leader\'s at the prev index rejects the append without crashing and keeps its log.'),
  ours('edges', 'TestFollowerForwardsProposal2AB', '2ab', 2,
    'A follower forwards a proposal to its leader, which appends and commits it; a follower that knows no leader throws ErrProposalDropped.'),
  ours('edges', 'TestHeartbeatEveryHeartbeatTick2AA', '2aa', 1,
    'A leader sends heartbeats every heartbeatTick ticks, not on every tick.'),
  ours('edges', 'TestHeartbeatCommitNeverLowersOrOvershoots2AA', '2aa', 1,
    'A heartbeat never lowers a follower\'s commit index and never raises it past the commit index the heartbeat carries.'),
  ours('edges', 'TestRawNodeTickElectsLoneNode2AC', '2ac', 2,
    'RawNode.tick() drives the election timer: a lone node ticked past its timeout leads and hands out its noop to apply, with no applied index in its config.'),
  ours('edges', 'TestReadyHardStateOnce2AC', '2ac', 2,
    'A Ready carries a changed hard state (a new term with no vote, a candidate\'s own vote) once: after advance() there is no Ready left.'),
  ours('edges', 'TestRawNodeReadyAfterRestartAndStepDown2AC', '2ac', 2,
    'A restarted node with one committed entry to apply has a Ready at once, and a candidate that steps down has a Ready reporting its new role.'),
  ours('edges', 'TestReadyReportsNewLeaderOfFollower2AC', '2ac', 1,
    'A follower that learns its leader from a heartbeat of its own term gets a Ready whose soft state names the leader, once.'),
  ours('raftEdges', 'TestLogSurvivesRepeatedCompaction2C', '2craft', 2,
    'After storage is compacted twice, the log still ends at its last index, the entries after the snapshot stay readable and proposals go on.'),
  ours('raftEdges', 'TestSnapshotOlderThanRestoredOneIgnored2C', '2craft', 1,
    'A snapshot older than the one a follower restored is ignored and answered with its commit index, without a crash on the compacted index.'),
  ours('raftEdges', 'TestStaleAppendBelowSnapshotIsAnswered2C', '2craft', 1,
    'A follower that installed a snapshot answers a delayed append from below its snapshot without crashing and keeps its log and commit index.'),
  ours('raftEdges', 'TestLateAckBelowSnapshotKeepsPause2C', '2craft', 1,
    'A late acknowledgement below the index of a snapshot in flight does not end the pause: the leader sends that follower no append and no second snapshot.'),
];
