/**
 * The 52 tests of TinyKV's Project 2A, ported one for one: raft_paper_test.go,
 * raft_test.go (the 2A subset) and rawnode_test.go (the 2AC subset). Names are TinyKV's own,
 * so `-run`-style habits and forum posts carry over.
 *
 * Points. TinyKV publishes none (its per-test weights live in a private GitHub Classroom
 * config), so we weigh by how much has to be right for a test to pass:
 *
 * - 1 point: one raft node driven directly by the test (messages stepped in, ticks, direct
 *   calls such as `handleAppendEntries`), including table-driven tests with many cases.
 * - 2 points: several nodes talking over the test network (`newNetwork`), or the full
 *   Ready / advance cycle of a RawNode.
 * - 3 points: several nodes through a failure: a partition, an isolated node or a dropped
 *   message type followed by recovery, or logs that must be repaired across terms.
 *
 * 2A totals 80 points from these tests.
 */
import type { TestEntry } from './types';

const PAPER = 'grader/suites/2a/raft_paper.test.ts';
const RAFT = 'grader/suites/2a/raft.test.ts';
const RAWNODE = 'grader/suites/2a/rawnode.test.ts';

function tinykv(file: string, name: string, part: string, points: number, description: string): TestEntry {
  return { name, part, points, description, origin: 'tinykv', file };
}

/** TinyKV's raft_paper_test.go: each test pins a few sentences of the Raft paper. */
const PAPER_TESTS: readonly TestEntry[] = [
  tinykv(PAPER, 'TestFollowerUpdateTermFromMessage2AA', '2aa', 1,
    'A follower that receives a message from a higher term adopts that term and stays a follower.'),
  tinykv(PAPER, 'TestCandidateUpdateTermFromMessage2AA', '2aa', 1,
    'A candidate that receives a message from a higher term adopts that term and becomes a follower.'),
  tinykv(PAPER, 'TestLeaderUpdateTermFromMessage2AA', '2aa', 1,
    'A leader that receives a message from a higher term adopts that term and steps down to follower.'),
  tinykv(PAPER, 'TestStartAsFollower2AA', '2aa', 1,
    'A newly created node starts as a follower.'),
  tinykv(PAPER, 'TestLeaderBcastBeat2AA', '2aa', 1,
    'When its heartbeat timeout elapses, a leader sends each peer a bare heartbeat carrying only its term (no index, log term, entries or commit).'),
  tinykv(PAPER, 'TestFollowerStartElection2AA', '2aa', 1,
    'A follower whose election timeout elapses becomes a candidate in the next term, votes for itself and asks every peer for its vote.'),
  tinykv(PAPER, 'TestCandidateStartNewElection2AA', '2aa', 1,
    'A candidate whose election timeout elapses starts a new election in the next term, votes for itself and asks every peer again.'),
  tinykv(PAPER, 'TestLeaderElectionInOneRoundRPC2AA', '2aa', 1,
    'A candidate becomes leader exactly when a majority of the cluster grants its vote, and otherwise stays a candidate (clusters of 1, 3 and 5).'),
  tinykv(PAPER, 'TestFollowerVote2AA', '2aa', 1,
    'A follower grants at most one vote per term, first come first served, and answers with exactly one vote response.'),
  tinykv(PAPER, 'TestCandidateFallback2AA', '2aa', 1,
    'A candidate that receives an append from a leader of its own or a higher term returns to follower in that term.'),
  tinykv(PAPER, 'TestFollowerElectionTimeoutRandomized2AA', '2aa', 1,
    'Over many rounds, a follower\'s randomized election timeout takes every tick count between the election timeout and twice it.'),
  tinykv(PAPER, 'TestCandidateElectionTimeoutRandomized2AA', '2aa', 1,
    'A candidate\'s randomized election timeout covers the same range as a follower\'s, and becoming a candidate sends nothing by itself.'),
  tinykv(PAPER, 'TestFollowersElectionTimeoutNonconflict2AA', '2aa', 1,
    'Among five followers, two or more rarely time out on the same tick, because their election timeouts are randomized.'),
  tinykv(PAPER, 'TestCandidatesElectionTimeoutNonconflict2AA', '2aa', 1,
    'Among five candidates, two or more rarely time out on the same tick, because their election timeouts are randomized.'),
  tinykv(PAPER, 'TestLeaderStartReplication2AB', '2ab', 1,
    'A leader appends a proposal to its log without committing it and sends each follower an append with the preceding index and term and its commit index.'),
  tinykv(PAPER, 'TestLeaderCommitEntry2AB', '2ab', 1,
    'Once a majority has acknowledged an entry, the leader commits it, hands it out for applying and tells the followers the new commit index.'),
  tinykv(PAPER, 'TestLeaderAcknowledgeCommit2AB', '2ab', 1,
    'A leader commits an entry exactly when a majority of the cluster, itself included, has acknowledged it (clusters of 1, 3 and 5).'),
  tinykv(PAPER, 'TestLeaderCommitPrecedingEntries2AB', '2ab', 1,
    'When a new leader commits an entry of its own term, it also commits every entry before it, including those of earlier terms.'),
  tinykv(PAPER, 'TestFollowerCommitEntry2AB', '2ab', 1,
    'A follower advances its commit index to the one carried by the leader\'s append and hands out exactly the newly committed entries.'),
  tinykv(PAPER, 'TestFollowerCheckMessageType_MsgAppend2AB', '2ab', 1,
    'A follower accepts an append only if its log holds an entry at the preceding index with the preceding term, and rejects it otherwise.'),
  tinykv(PAPER, 'TestFollowerAppendEntries2AB', '2ab', 1,
    'A follower drops a conflicting suffix of its log, appends the new entries, and reports exactly the right entries as unstable.'),
  tinykv(PAPER, 'TestLeaderSyncFollowerLog2AB', '2ab', 3,
    'A new leader brings each follower log of the Raft paper\'s figure 7 (missing, extra and conflicting entries) into agreement with its own.'),
  tinykv(PAPER, 'TestVoteRequest2AB', '2ab', 1,
    'A vote request carries the candidate\'s new term and the index and term of its last log entry, and goes to every peer.'),
  tinykv(PAPER, 'TestVoter2AB', '2ab', 1,
    'A node grants its vote only to a candidate whose log is at least as up to date as its own (last term first, then last index).'),
  tinykv(PAPER, 'TestLeaderOnlyCommitsLogFromCurrentTerm2AB', '2ab', 1,
    'A leader never commits an earlier-term entry by counting replicas; it commits only once an entry of its current term reaches a majority.'),
];

/** TinyKV's raft_test.go, the tests whose names end in 2AA or 2AB. */
const RAFT_TESTS: readonly TestEntry[] = [
  tinykv(RAFT, 'TestProgressLeader2AB', '2ab', 1,
    'A leader tracks its own progress: before each proposal its match index is its last index and its next index one more.'),
  tinykv(RAFT, 'TestLeaderElection2AA', '2aa', 2,
    'In clusters of 3 to 5 nodes with some peers down, a campaigning node wins only with a majority of the votes and otherwise stays a candidate.'),
  tinykv(RAFT, 'TestLeaderCycle2AA', '2aa', 2,
    'Each node of a three-node cluster campaigns in turn and becomes leader, and the other two follow it.'),
  tinykv(RAFT, 'TestLeaderElectionOverwriteNewerLogs2AB', '2ab', 3,
    'A node whose log is behind a majority\'s loses its first election, wins the next term, and then overwrites the newer-term entries of the other logs with its own.'),
  tinykv(RAFT, 'TestVoteFromAnyState2AA', '2aa', 1,
    'A follower, candidate or leader that receives a vote request from a higher term becomes a follower in that term and grants the vote.'),
  tinykv(RAFT, 'TestLogReplication2AB', '2ab', 2,
    'Proposals to a three-node cluster are replicated to, committed on and handed out for applying by every node, also across a change of leader.'),
  tinykv(RAFT, 'TestSingleNodeCommit2AB', '2ab', 1,
    'A one-node cluster commits its proposals on its own.'),
  tinykv(RAFT, 'TestCommitWithoutNewTermEntry2AB', '2ab', 3,
    'Entries a partitioned leader could not commit are committed by the next leader as soon as its own empty entry reaches a majority.'),
  tinykv(RAFT, 'TestCommitWithHeartbeat2AB', '2ab', 3,
    'A follower that missed appends while isolated catches up after the partition heals: its heartbeat response makes the leader send the missing entries.'),
  tinykv(RAFT, 'TestDuelingCandidates2AB', '2ab', 3,
    'After a partition heals, a candidate with a higher term but a shorter log cannot win, and every node settles as a follower with the expected log and term.'),
  tinykv(RAFT, 'TestCandidateConcede2AB', '2ab', 3,
    'An isolated candidate concedes to the leader once reconnected, and ends with the leader\'s log, term and commit index.'),
  tinykv(RAFT, 'TestSingleNodeCandidate2AA', '2aa', 1,
    'A one-node cluster elects itself leader as soon as it campaigns.'),
  tinykv(RAFT, 'TestOldMessages2AB', '2ab', 2,
    'A node ignores an append from a stale term, so a delayed message from a former leader cannot change its log.'),
  tinykv(RAFT, 'TestProposal2AB', '2ab', 2,
    'A proposal is committed on every node when the proposer can win an election, and leaves every log empty when no majority is reachable.'),
  tinykv(RAFT, 'TestHandleMessageType_MsgAppend2AB', '2ab', 1,
    'handleAppendEntries rejects appends that fail the log-matching check, truncates conflicts, and sets the commit index to the smaller of the leader\'s commit and the last new entry.'),
  tinykv(RAFT, 'TestRecvMessageType_MsgRequestVote2AB', '2ab', 1,
    'A node grants or rejects a vote request according to the candidate\'s last log index and term, its own vote in the term and its role.'),
  tinykv(RAFT, 'TestAllServerStepdown2AB', '2ab', 1,
    'A node in any role that receives a higher-term vote request or append becomes a follower in that term, and learns the leader only from the append.'),
  tinykv(RAFT, 'TestCandidateResetTermMessageType_MsgHeartbeat2AA', '2aa', 3,
    'A node that became a candidate while partitioned returns to follower and takes the leader\'s term when the leader\'s heartbeat reaches it after the partition heals.'),
  tinykv(RAFT, 'TestCandidateResetTermMessageType_MsgAppend2AA', '2aa', 3,
    'A node that became a candidate while partitioned returns to follower and takes the leader\'s term when the leader\'s append reaches it after the partition heals.'),
  tinykv(RAFT, 'TestDisruptiveFollower2AA', '2aa', 2,
    'A follower that timed out and campaigns at a higher term answers the leader\'s late heartbeat with that term, and the leader steps down.'),
  tinykv(RAFT, 'TestHeartbeatUpdateCommit2AB', '2ab', 3,
    'A heartbeat never raises a follower\'s commit index past entries it has not been shown to match, even when a partition left its log behind the leader\'s.'),
  tinykv(RAFT, 'TestRecvMessageType_MsgBeat2AA', '2aa', 1,
    'A local beat message makes a leader send a heartbeat to every peer, and makes a candidate or follower send nothing.'),
  tinykv(RAFT, 'TestLeaderIncreaseNext2AB', '2ab', 1,
    'A leader moves a follower\'s next index past every entry the follower has acknowledged.'),
  tinykv(RAFT, 'TestCampaignWhileLeader2AA', '2aa', 1,
    'A leader told to campaign stays leader in the same term.'),
  tinykv(RAFT, 'TestSplitVote2AA', '2aa', 3,
    'After the leader is cut off, two candidates split the vote in one term, and the first to retry wins the next term.'),
];

/** TinyKV's rawnode_test.go, the 2AC tests. */
const RAWNODE_TESTS: readonly TestEntry[] = [
  tinykv(RAWNODE, 'TestRawNodeStart2AC', '2ac', 2,
    'Through one RawNode, a campaign and then a proposal come out of Readys with the right entries to persist and to apply, and no Ready is left after advance.'),
  tinykv(RAWNODE, 'TestRawNodeRestart2AC', '2ac', 2,
    'A RawNode restarted from a storage with a hard state hands out only the committed entries to apply in its first Ready, and nothing after advance.'),
];

/** Every TinyKV 2A test, in the order of TinyKV's files. */
export const TINYKV_2A_TESTS: readonly TestEntry[] = [...PAPER_TESTS, ...RAFT_TESTS, ...RAWNODE_TESTS];
