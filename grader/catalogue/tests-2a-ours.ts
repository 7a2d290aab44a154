/**
 * The 2A tests written for this lab (origin 'ours'): the RaftLog / MemoryStorage first step
 * (grader/suites/2a/log.test.ts, names ending in 2ALog, part '2alog'), the classic bugs that
 * TinyKV's tests let through (grader/suites/2a/classic_bugs.test.ts and
 * classic_bugs_election.test.ts, names ending in 2AA or 2AB, parts '2aa' and '2ab'), Progress's
 * own transitions (grader/suites/2a/progress.test.ts, part '2ab'), and the Ready contract between
 * several RawNodes (grader/suites/2a/rawnode_ready.test.ts, part '2ac').
 *
 * Adding a test is adding one entry; grader/test/catalogue.test.ts fails, listing the names,
 * while a suite test is missing here or an entry here has no test. Points follow the scale in
 * catalogue/tests-2a.ts (1 for one node driven directly, including RaftLog and storage unit
 * tests; 2 for several nodes on the test network; 3 for several nodes through a failure).
 */
import type { TestEntry } from './types';

const FILES = {
  log: 'grader/suites/2a/log.test.ts',
  classic: 'grader/suites/2a/classic_bugs.test.ts',
  election: 'grader/suites/2a/classic_bugs_election.test.ts',
  ready: 'grader/suites/2a/rawnode_ready.test.ts',
  upToDate: 'grader/suites/2a/vote_up_to_date.test.ts',
  progress: 'grader/suites/2a/progress.test.ts',
} as const;

/** One 'ours' entry of this file: `ours('log', 'TestX2ALog', '2alog', 1, 'What it checks.')`. */
export function ours(file: keyof typeof FILES, name: string, part: string, points: number, description: string): TestEntry {
  return { name, part, points, description, origin: 'ours', file: FILES[file] };
}

/** log.test.ts: RaftLog and MemoryStorage (part 2alog). */
const LOG_TESTS: readonly TestEntry[] = [
  ours('log', 'TestNewLogFromEmptyStorage2ALog', '2alog', 1,
    'A log built from empty storage has firstIndex 1, lastIndex 0, term(0) = 0, nothing to persist or apply, and term(1) throws ErrUnavailable.'),
  ours('log', 'TestNewLogLoadsStorageEntries2ALog', '2alog', 1,
    'newLog loads every entry storage holds, data included, shows no dummy entry, and answers term(i) for each.'),
  ours('log', 'TestNewLogStabledIsStorageLastIndex2ALog', '2alog', 1,
    'A new log has stabled = storage.lastIndex(): everything in storage is already persisted, so nothing is unstable.'),
  ours('log', 'TestNewLogCommittedAndAppliedStartAtSnapshot2ALog', '2alog', 1,
    'committed and applied start at the snapshot index: a snapshot covers only committed, applied entries.'),
  ours('log', 'TestNewLogFromSnapshotOnly2ALog', '2alog', 1,
    'Over a storage that holds only a snapshot, the log starts after it, knows the snapshot term, and throws ErrCompacted before and ErrUnavailable after.'),
  ours('log', 'TestNewLogFromSnapshotAndEntries2ALog', '2alog', 1,
    'Over a snapshot plus entries, firstIndex, lastIndex and term(i) follow storage, and allEntries() leaves the snapshot out.'),
  ours('log', 'TestNewLogFromCompactedStorage2ALog', '2alog', 1,
    'Over a compacted storage, term(firstIndex - 1) is still known and older indexes throw ErrCompacted.'),
  ours('log', 'TestNextEntsIsAppliedToCommitted2ALog', '2alog', 1,
    'nextEnts() returns exactly the entries in (applied, committed].'),
  ours('log', 'TestNextEntsAfterSnapshot2ALog', '2alog', 1,
    'nextEnts() never returns entries from inside the snapshot.'),
  ours('log', 'TestStabledAndCommittedAreIndependent2AB', '2ab', 1,
    'stabled (this disk) and committed (a majority) are independent: either can be ahead of the other.'),
  ours('log', 'TestNewRaftLoadsCommitFromHardState2AA', '2aa', 1,
    'newRaft raises committed to the hard state\'s commit and respects Config.applied.'),
  ours('log', 'TestUnstableEntriesAfterLeaderAppends2AB', '2ab', 1,
    'A leader\'s noop and proposals are unstable until persisted, and show in allEntries(), lastIndex() and term().'),
  ours('log', 'TestUnstableEntriesAfterPersisting2AB', '2ab', 1,
    'Once stabled catches up, only entries appended after it are unstable.'),
  ours('log', 'TestConflictMakesReplacedEntriesUnstable2AB', '2ab', 1,
    'When a conflicting append replaces a persisted entry, stabled moves back so that the new entry is persisted again.'),
  ours('log', 'TestCommitToNeverMovesBack2ALog', '2alog', 1,
    'commitTo raises committed, a lower index changes nothing, and an index past the last one throws an Error naming it.'),
  ours('log', 'TestAppliedToStaysBetweenAppliedAndCommitted2ALog', '2alog', 1,
    'appliedTo moves applied up to committed, and throws an Error naming the index past committed or below applied.'),
  ours('log', 'TestStableToNeverMovesBack2ALog', '2alog', 1,
    'stableTo raises stabled, a lower index changes nothing, and an index past the last one throws an Error naming it.'),
  ours('log', 'TestHasUnstableEntriesAgreesWithUnstableEntries2ALog', '2alog', 1,
    'hasUnstableEntries() is true exactly when unstableEntries() is not empty, with and without a snapshot.'),
  ours('log', 'TestHasNextEntsAgreesWithNextEnts2ALog', '2alog', 1,
    'hasNextEnts() is true exactly when nextEnts() is not empty, never for entries inside the snapshot.'),
  ours('log', 'TestFindConflictIsFirstNewOrDifferentEntry2AB', '2ab', 1,
    'findConflict returns the first entry the log lacks or holds with another term, and 0 when it holds them all.'),
  ours('log', 'TestMaybeAppendMatchesTruncatesAndCommits2AB', '2ab', 1,
    'maybeAppend rejects a mismatched previous entry, truncates only at a real conflict, commits min(commit, last new index), and refuses to change a committed entry.'),
];

/** classic_bugs.test.ts: the mistakes TinyKV's own tests do not catch (parts 2aa, 2ab). */
const CLASSIC_TESTS: readonly TestEntry[] = [
  ours('classic', 'TestStaleAppendDoesNotTruncateLog2AB', '2ab', 1,
    'A late or duplicated MsgAppend whose entries all match must not drop the entries after them (Students\' Guide bug 2).'),
  ours('classic', 'TestStaleAppendKeepsStoredEntries2AB', '2ab', 1,
    'The same for entries already persisted: truncate only at a real conflict.'),
  ours('classic', 'TestAppendPastLastIndexIsRejected2AB', '2ab', 1,
    'A MsgAppend whose previous index is past the end of the log is rejected and changes nothing (bug 7).'),
  ours('classic', 'TestEmptyAppendChecksPrevLog2AB', '2ab', 1,
    'A MsgAppend with no entries still gets the log-matching check (bug 8).'),
  ours('classic', 'TestRejectedAppendChangesNothing2AB', '2ab', 1,
    'A rejected MsgAppend is answered once and neither appends nor commits anything (bug 6).'),
  ours('classic', 'TestFollowerCommitStopsAtLastNewEntry2AB', '2ab', 1,
    'A follower commits min(leader commit, index of the last new entry), never entries the append did not verify (bug 9).'),
  ours('classic', 'TestHeartbeatDoesNotCommitUnverifiedEntries2AB', '2ab', 3,
    'A follower with stale entries that hears only heartbeats never commits an entry that differs from the leader\'s (bug 1, TinyKV #191).'),
  ours('classic', 'TestVoteComparesLastTermFirst2AB', '2ab', 1,
    'The up-to-date check compares last terms first and lengths only on a tie (bug 10).'),
  ours('classic', 'TestLongerLogWithOlderTermLosesElection2AB', '2ab', 2,
    'In a cluster, a longer log with an older last term loses the election to a newer log, which then overwrites it (bug 10).'),
  ours('classic', 'TestVoteSurvivesRestart2AA', '2aa', 1,
    'A node restarted from its hard state keeps its vote: no second vote in the same term, the same candidate is granted again.'),
  ours('classic', 'TestRejectedVoteDoesNotResetElectionTimer2AA', '2aa', 1,
    'Rejecting vote requests does not reset the election timer, so the follower still times out (bug 3).'),
  ours('classic', 'TestAckDoesNotRaiseMatchBeyondAckedIndex2AB', '2ab', 1,
    'match is the index the follower acknowledged, not next - 1 or the leader\'s last index (bugs 15 and 17).'),
  ours('classic', 'TestStaleAppendResponseDoesNotLowerMatch2AB', '2ab', 1,
    'A late, duplicated or stale append response never lowers match nor moves next to match or below (bugs 15 and 17).'),
  ours('classic', 'TestHeartbeatResponseDoesNotRaiseMatch2AB', '2ab', 1,
    'A heartbeat response acknowledges no entry: it must not raise match.'),
  ours('classic', 'TestOldTermAppendResponseIgnored2AB', '2ab', 1,
    'An append response from an older term is dropped, not counted towards commit (bug 16).'),
  ours('classic', 'TestOldTermVoteResponseIgnored2AA', '2aa', 1,
    'Vote responses from an older term do not count towards an election (bug 16).'),
  ours('classic', 'TestLeaderCommitsOnlyCurrentTermByCounting2AB', '2ab', 3,
    'A leader commits by counting replicas only entries of its own term (Figure 8, bug 14).'),
];

/** classic_bugs_election.test.ts: what a node must forget or reset when an election starts or ends (parts 2aa, 2ab). */
const ELECTION_TESTS: readonly TestEntry[] = [
  ours('election', 'TestCandidateForgetsEarlierVotes2AA', '2aa', 1,
    'A node that campaigns again counts only this election\'s votes: a former leader does not win at once with the votes of its earlier term.'),
  ours('election', 'TestGrantedVoteResetsElectionTimer2AA', '2aa', 1,
    'Granting a vote (in the node\'s current term) resets the election timer, so the voter does not time out early and depose its candidate.'),
  ours('election', 'TestNewLeaderForgetsOldMatch2AB', '2ab', 1,
    'A node elected again starts every follower\'s match at 0: the match of its earlier leadership must not count towards a commit.'),
];

/** rawnode_ready.test.ts: the Ready contract between three RawNodes (part 2ac). */
const READY_TESTS: readonly TestEntry[] = [
  ours('ready', 'TestVoteIsPersistedBeforeGrantIsSent2AC', '2ac', 2,
    'Through the Ready loop of three RawNodes, every vote grant leaves after a Ready that persisted its term and vote, also when only the vote changed.'),
  ours('ready', 'TestReadyHandsOutEachMessageOnce2AC', '2ac', 2,
    'Three RawNodes elect a leader and replicate two proposals: each message comes out of exactly one Ready, each entry is applied once, and the group goes quiet.'),
];

/** vote_up_to_date.test.ts: the vote's up-to-date check, which elections need from the start (part 2aa). */
const UP_TO_DATE_TESTS: readonly TestEntry[] = [
  ours('upToDate', 'TestVoteRejectsLessUpToDateLog2AA', '2aa', 1,
    'A voter refuses a candidate whose last term is older, or equal with a shorter log, and grants one whose log is at least as up to date (Raft §5.4.1).'),
  ours('upToDate', 'TestShorterLogLosesElection2AA', '2aa', 2,
    'A node whose log lacks entries the others hold cannot be elected; a node that holds them is, and replicates them to it.'),
];

/** progress.test.ts: Progress moves itself on an acknowledgement or a rejection (part 2ab). */
const PROGRESS_TESTS: readonly TestEntry[] = [
  ours('progress', 'TestProgressMaybeUpdateOnlyMovesForward2AB', '2ab', 1,
    'maybeUpdate(n) raises match to n and keeps next past it, and changes nothing for an acknowledgement at or below match.'),
  ours('progress', 'TestProgressMaybeDecrToIgnoresStaleRejection2AB', '2ab', 1,
    'maybeDecrTo changes nothing and returns false for a rejection at or below match: the follower acknowledged more since.'),
  ours('progress', 'TestProgressMaybeDecrToFollowsHint2AB', '2ab', 1,
    'After a genuine rejection next = max(match + 1, min(rejected, hint + 1)): back to just past the hint, never to match or below.'),
];

/** Every 'ours' 2A test. */
export const OURS_2A_TESTS: readonly TestEntry[] = [
  ...LOG_TESTS, ...CLASSIC_TESTS, ...ELECTION_TESTS, ...READY_TESTS, ...UP_TO_DATE_TESTS, ...PROGRESS_TESTS,
];
