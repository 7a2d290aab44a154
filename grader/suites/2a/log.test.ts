/**
 * Project 2A, part 2ALog: RaftLog, the first step (build the log before the rest of raft).
 * Tests named ...2ALog need only log.ts; those of methods written in 2AB (findConflict,
 * maybeAppend) and the few that need a Raft to put entries into the log are named ...2AA /
 * ...2AB and graded with those parts. These tests are ours, not TinyKV's (TinyKV has no log_test.go).
 *
 * They check the public contract only, so any sound design passes: with or without a dummy
 * entry, with or without the snapshot position kept among the entries. They read a log only
 * through firstIndex(), lastIndex(), term(i), allEntries(), unstableEntries(), nextEnts() and
 * the committed / applied / stabled fields, and they put entries into it only the way raft
 * does: from storage when the log is built, or through a Raft (a leader's proposals, a
 * follower's MsgAppend). A few use newTestRaft for that, so they also need newRaft and the
 * basics of step to work.
 *
 * Each test's comment says which contract it pins, often one of the questions a student
 * asked about RaftLog (docs: "stabled vs committed", "how Storage maps onto RaftLog").
 */
import {
  Entry, ErrCompacted, ErrUnavailable, MemoryStorage, MessageType, RaftLog,
  Message, newEntry, newHardState, newLog, newMessage, newRaft,
} from '@target/raft';
import { drainMessages, expectEqual, newTestRaft } from '../../../harness/raft/helpers';
import { bytes, ent, expectThrowNamingIndex, expectThrows, idxTerms, outcome, storageWith } from '../../../harness/raft/fixtures';

// ---- local helpers -------------------------------------------------------------------------


/**
 * The terms of indexes lo..hi of `log`, as "index/term" strings; an index whose term() throws
 * shows as "index/threw <error name>", so a failure diff says which index went wrong.
 */
function termsOf(log: RaftLog, lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const o = outcome(() => log.term(i));
    out.push('error' in o ? `${i}/threw ${o.error instanceof Error ? o.error.name : String(o.error)}` : `${i}/${String(o.value)}`);
  }
  return out;
}

/** The four numbers of a log, for one comparison. */
function positions(log: RaftLog): { firstIndex: number; lastIndex: number; committed: number; applied: number; stabled: number } {
  return {
    firstIndex: log.firstIndex(),
    lastIndex: log.lastIndex(),
    committed: log.committed,
    applied: log.applied,
    stabled: log.stabled,
  };
}

/** A MsgPropose that a node steps for itself, carrying one entry per string. */
function proposeMsg(id: number, ...data: string[]): Message {
  return newMessage({ msgType: MessageType.MsgPropose, from: id, to: id, entries: data.map((d) => ({ data: bytes(d) })) });
}

// ---- RaftLog built from storage --------------------------------------------------------------

// An empty storage gives an empty log: nothing compacted (firstIndex 1), nothing stored
// (lastIndex 0), and term(0) = 0 because index 0 stands for "before the first entry".
test('TestNewLogFromEmptyStorage2ALog', () => {
  const log = newLog(new MemoryStorage());
  expectEqual(positions(log), { firstIndex: 1, lastIndex: 0, committed: 0, applied: 0, stabled: 0 },
    'firstIndex, lastIndex, committed, applied, stabled of a log built on an empty MemoryStorage');
  expectEqual(termsOf(log, 0, 0), ['0/0'], 'term(0) of an empty log: index 0 is the empty snapshot, whose term is 0');
  expectEqual(idxTerms(log.allEntries()), [], 'allEntries() of an empty log (a dummy entry, if you keep one, must not show)');
  expectEqual(idxTerms(log.unstableEntries()), [], 'unstableEntries() of an empty log');
  expectEqual(idxTerms(log.nextEnts()), [], 'nextEnts() of an empty log');
  expectThrows(() => log.term(1), ErrUnavailable, 'term(1) of an empty log: index 1 is past the last index, so ErrUnavailable');
});

// newLog loads every entry storage holds ("Entries(lo, hi): untruncated logs"), data included.
test('TestNewLogLoadsStorageEntries2ALog', () => {
  const s = new MemoryStorage();
  const stored = [ent(1, 1, 'a'), ent(2, 2, 'b'), ent(3, 2, 'c')];
  s.append(stored);
  const log = newLog(s);
  expectEqual(log.allEntries(), stored, 'allEntries() after newLog: every entry in storage, in order, with its data, and no dummy entry');
  expectEqual(log.firstIndex(), 1, 'firstIndex(): nothing was compacted, so the first entry is index 1');
  expectEqual(log.lastIndex(), 3, 'lastIndex(): the last entry in storage');
  expectEqual(termsOf(log, 0, 3), ['0/0', '1/1', '2/2', '3/2'], 'term(i) for i in 0..3');
  expectThrows(() => log.term(4), ErrUnavailable, 'term(4) when the last index is 3: past the end, so ErrUnavailable');
});

// stabled starts at storage.lastIndex(): everything in storage is already persisted, so
// nothing is unstable yet, whatever the storage holds.
test('TestNewLogStabledIsStorageLastIndex2ALog', () => {
  const cases: { name: string; storage: MemoryStorage }[] = [
    { name: 'empty storage', storage: new MemoryStorage() },
    { name: 'entries 1..3', storage: storageWith([1, 1, 2]) },
    { name: 'snapshot at 5, no entries', storage: storageWith([], { index: 5, term: 2 }) },
    { name: 'snapshot at 5, entries 6..8', storage: storageWith([2, 3, 3], { index: 5, term: 2 }) },
  ];
  for (const c of cases) {
    const log = newLog(c.storage);
    expectEqual(log.stabled, c.storage.lastIndex(),
      `${c.name}: stabled must start at storage.lastIndex() (storage only holds what was persisted)`);
    expectEqual(idxTerms(log.unstableEntries()), [], `${c.name}: unstableEntries() of a log just built from storage (all of it is stable)`);
  }
});

// "Logs before firstIndex have been merged into the snapshot, so they can be considered
// committed": a log built on a snapshot starts with committed = applied = the snapshot's index
// (the snapshot *is* the state after applying them), so nextEnts() has nothing before it.
test('TestNewLogCommittedAndAppliedStartAtSnapshot2ALog', () => {
  const log = newLog(storageWith([3, 3], { index: 5, term: 2 }));
  expectEqual({ committed: log.committed, applied: log.applied }, { committed: 5, applied: 5 },
    'committed and applied of a log built on a snapshot at index 5: the snapshot holds only committed, applied entries');
  expectEqual(idxTerms(log.nextEnts()), [], 'nextEnts() right after newLog: entries 6..7 are not known to be committed yet');
  const empty = newLog(storageWith([1, 1, 1]));
  expectEqual({ committed: empty.committed, applied: empty.applied }, { committed: 0, applied: 0 },
    'committed and applied of a log built on entries 1..3 with no snapshot and no hard state: nothing is known to be committed');
});

// term(firstIndex()-1) is the snapshot's term, even when storage holds no entry after it;
// anything older is ErrCompacted and anything newer ErrUnavailable. firstIndex() is
// snapshot+1 and lastIndex() the snapshot's index (not entries[0].index, which does not exist).
test('TestNewLogFromSnapshotOnly2ALog', () => {
  const log = newLog(storageWith([], { index: 5, term: 3 }));
  expectEqual(log.firstIndex(), 6, 'firstIndex() of a log that holds only a snapshot at 5: the index after the snapshot');
  expectEqual(log.lastIndex(), 5, 'lastIndex() of a log that holds only a snapshot at 5: the snapshot\'s index');
  expectEqual(termsOf(log, 5, 5), ['5/3'], 'term(5), the snapshot\'s index: the snapshot\'s term (needed to check a MsgAppend whose prev index is 5)');
  expectThrows(() => log.term(4), ErrCompacted, 'term(4), before the snapshot at 5: compacted, so ErrCompacted');
  expectThrows(() => log.term(6), ErrUnavailable, 'term(6), after the last index 5: ErrUnavailable');
  expectEqual(idxTerms(log.allEntries()), [], 'allEntries() of a log that holds only a snapshot: no entries (and no dummy)');
  expectEqual(idxTerms(log.unstableEntries()), [], 'unstableEntries() of a log that holds only a snapshot');
});

// A snapshot plus entries: the log holds the entries after the snapshot, knows the snapshot's
// term at firstIndex()-1, and allEntries() starts at firstIndex().
test('TestNewLogFromSnapshotAndEntries2ALog', () => {
  const log = newLog(storageWith([3, 4], { index: 5, term: 3 }));
  expectEqual({ first: log.firstIndex(), last: log.lastIndex() }, { first: 6, last: 7 },
    'firstIndex() and lastIndex() with a snapshot at 5 and entries 6..7');
  expectEqual(idxTerms(log.allEntries()), ['6/3', '7/4'], 'allEntries() with a snapshot at 5 and entries 6..7 (the snapshot is not an entry)');
  expectEqual(termsOf(log, 5, 7), ['5/3', '6/3', '7/4'], 'term(i) for i in 5..7 (5 is the snapshot)');
  expectThrows(() => log.term(4), ErrCompacted, 'term(4), before the snapshot at 5: ErrCompacted');
  expectThrows(() => log.term(8), ErrUnavailable, 'term(8), past the last index 7: ErrUnavailable');
});

// Storage compacted without a new snapshot being applied (MemoryStorage.compact): the log
// starts after the compacted prefix and knows the term of the last compacted entry.
test('TestNewLogFromCompactedStorage2ALog', () => {
  const s = storageWith([1, 1, 2, 2, 3]);
  s.compact(3);
  const log = newLog(s);
  expectEqual({ first: log.firstIndex(), last: log.lastIndex() }, { first: 4, last: 5 },
    'firstIndex() and lastIndex() after storage compacted entries up to 3 (of 1..5)');
  expectEqual(idxTerms(log.allEntries()), ['4/2', '5/3'], 'allEntries() after compaction up to 3: entries 4..5 only');
  expectEqual(termsOf(log, 3, 3), ['3/2'], 'term(3) = term(firstIndex()-1): the last compacted entry\'s term is still known');
  expectThrows(() => log.term(2), ErrCompacted, 'term(2), compacted: ErrCompacted (check with instanceof)');
  expectThrows(() => log.term(6), ErrUnavailable, 'term(6), past the last index 5: ErrUnavailable');
  expectEqual(log.stabled, 5, 'stabled after newLog on compacted storage: storage.lastIndex()');
});

// nextEnts() is exactly the entries in (applied, committed]: committed but not yet handed to
// the application. applied <= committed always.
test('TestNextEntsIsAppliedToCommitted2ALog', () => {
  const log = newLog(storageWith([1, 1, 2, 2, 3]));
  const cases: { applied: number; committed: number; want: string[] }[] = [
    { applied: 0, committed: 0, want: [] },
    { applied: 0, committed: 2, want: ['1/1', '2/1'] },
    { applied: 1, committed: 4, want: ['2/1', '3/2', '4/2'] },
    { applied: 4, committed: 4, want: [] },
    { applied: 4, committed: 5, want: ['5/3'] },
  ];
  for (const c of cases) {
    log.committed = c.committed;
    log.applied = c.applied;
    expectEqual(idxTerms(log.nextEnts()), c.want, `nextEnts() with applied ${c.applied}, committed ${c.committed}: entries (applied, committed]`);
  }
});

// nextEnts() after a snapshot: the snapshot is already applied, so the entries to apply start
// after it.
test('TestNextEntsAfterSnapshot2ALog', () => {
  const log = newLog(storageWith([2, 3, 3], { index: 3, term: 2 }));
  log.committed = 5;
  expectEqual(idxTerms(log.nextEnts()), ['4/2', '5/3'], 'nextEnts() with a snapshot at 3 (applied 3) and committed 5');
  log.applied = 5;
  log.committed = 6;
  expectEqual(idxTerms(log.nextEnts()), ['6/3'], 'nextEnts() with applied 5 and committed 6');
});

// "What is the relationship between stabled and committed?" None: stabled is about this
// node's disk, committed about the cluster. Entries in storage may be uncommitted
// (stabled > committed), and a follower may learn that entries are committed before it has
// persisted them (committed > stabled).
test('TestStabledAndCommittedAreIndependent2AB', () => {
  const stored = newLog(storageWith([1, 1, 1]));
  expectEqual({ stabled: stored.stabled, committed: stored.committed }, { stabled: 3, committed: 0 },
    'a log built on 3 stored entries and no hard state: all stable, none known to be committed');

  const follower = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
  follower.step(newMessage({
    msgType: MessageType.MsgAppend, from: 2, to: 1, term: 1, index: 0, logTerm: 0,
    entries: [ent(1, 1, 'x'), ent(2, 1, 'y')], commit: 2,
  }));
  const log = follower.raftLog;
  expectEqual({ stabled: log.stabled, committed: log.committed }, { stabled: 0, committed: 2 },
    'a follower that got entries 1..2 with leader commit 2 and has not persisted them: committed 2, stabled still 0');
  expectEqual(idxTerms(log.unstableEntries()), ['1/1', '2/1'], 'unstableEntries() of that follower: both entries still need persisting, committed or not');
});

// The hard state's commit index is the node's, not the log's: newRaft loads it (newLog
// starts at the snapshot), and Config.applied says what the application already applied.
test('TestNewRaftLoadsCommitFromHardState2AA', () => {
  const s = storageWith([1, 1, 2, 2]);
  s.setHardState(newHardState({ term: 2, commit: 3 }));
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  expectEqual({ committed: r.raftLog.committed, applied: r.raftLog.applied, stabled: r.raftLog.stabled },
    { committed: 3, applied: 0, stabled: 4 },
    'a raft restarted on entries 1..4 with hard state commit 3 and nothing applied');
  expectEqual(idxTerms(r.raftLog.nextEnts()), ['1/1', '2/1', '3/2'], 'nextEnts() after that restart: entries 1..3 are committed and not applied');

  const r2 = newRaft({ id: 1, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1, storage: s, applied: 2 });
  expectEqual(idxTerms(r2.raftLog.nextEnts()), ['3/2'], 'nextEnts() after a restart with Config.applied = 2 and commit 3: only entry 3');
});

// ---- RaftLog with in-memory (unstable) entries ------------------------------------------------

// A leader's new entries (its noop and proposals) are unstable: beyond stabled, returned by
// unstableEntries(), and part of allEntries(), lastIndex() and term(i) at once.
test('TestUnstableEntriesAfterLeaderAppends2AB', () => {
  const s = storageWith([1, 1]);
  s.setHardState(newHardState({ term: 1 }));
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  r.step(proposeMsg(1, 'a', 'b'));
  drainMessages(r);
  const log = r.raftLog;
  expectEqual(log.unstableEntries(), [ent(3, 2), ent(4, 2, 'a'), ent(5, 2, 'b')],
    'unstableEntries() of a leader (term 2) on 2 stored entries after its noop and 2 proposals: entries 3..5, not yet persisted');
  expectEqual(idxTerms(log.allEntries()), ['1/1', '2/1', '3/2', '4/2', '5/2'], 'allEntries(): the stored entries, then the unstable ones');
  expectEqual({ last: log.lastIndex(), stabled: log.stabled }, { last: 5, stabled: 2 },
    'lastIndex() and stabled: appending in memory moves the last index, not stabled');
  expectEqual(termsOf(log, 3, 5), ['3/2', '4/2', '5/2'], 'term(i) of the unstable entries 3..5');
});

// Once the application persists the unstable entries and stabled catches up, nothing is
// unstable; later appends are unstable again, and only those.
test('TestUnstableEntriesAfterPersisting2AB', () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  r.step(proposeMsg(1, 'a'));
  s.append(r.raftLog.unstableEntries().map((e) => newEntry(e)));
  r.raftLog.stabled = r.raftLog.lastIndex();
  expectEqual(idxTerms(r.raftLog.unstableEntries()), [], 'unstableEntries() once entries 1..2 are persisted and stabled = 2');
  r.step(proposeMsg(1, 'b'));
  drainMessages(r);
  expectEqual(r.raftLog.unstableEntries(), [ent(3, 1, 'b')], 'unstableEntries() after one more proposal: only the new entry 3');
  expectEqual(idxTerms(r.raftLog.allEntries()), ['1/1', '2/1', '3/1'], 'allEntries(): persisted and unstable entries together');
});

// When a follower replaces stored entries that conflict with the leader's, the replacements
// are unstable: stabled must fall back, or they would never be persisted.
test('TestConflictMakesReplacedEntriesUnstable2AB', () => {
  const s = storageWith([1, 1, 1]);
  s.setHardState(newHardState({ term: 1 }));
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.step(newMessage({
    msgType: MessageType.MsgAppend, from: 2, to: 1, term: 2, index: 1, logTerm: 1, entries: [ent(2, 2)], commit: 0,
  }));
  expectEqual(idxTerms(r.raftLog.allEntries()), ['1/1', '2/2'], 'allEntries() after a term-2 append at index 2 conflicted with the stored 2/1 and 3/1');
  expectEqual(idxTerms(r.raftLog.unstableEntries()), ['2/2'],
    'unstableEntries() after the conflict: the new entry 2/2 replaced a persisted entry, so stabled must drop below 2');
  expectEqual(r.raftLog.lastIndex(), 2, 'lastIndex() after the conflict truncated entry 3');
});

// ---- RaftLog moves its own indexes --------------------------------------------------------------

// committed only grows (a committed entry stays committed), and only over entries the log
// holds: committing past the last index means the log was lost or raft is confused, and the
// crash must say which index.
test('TestCommitToNeverMovesBack2ALog', () => {
  const log = newLog(storageWith([1, 1, 2, 2, 3]));
  log.commitTo(3);
  expectEqual(log.committed, 3, 'committed after commitTo(3) on a log of entries 1..5 (committed 0)');
  log.commitTo(2);
  expectEqual(log.committed, 3, 'committed after commitTo(2) with committed 3: a lower index changes nothing (committed never moves back)');
  log.commitTo(5);
  expectEqual(log.committed, 5, 'committed after commitTo(5), the last index');
  expectThrowNamingIndex(() => log.commitTo(6), 6,
    'commitTo(6) on a log whose last index is 5: a node cannot commit an entry it does not hold');
  expectEqual(log.committed, 5, 'committed after the refused commitTo(6): unchanged');
});

// applied moves between what was applied and what is committed: only committed entries are
// applied, and an entry is never applied twice.
test('TestAppliedToStaysBetweenAppliedAndCommitted2ALog', () => {
  const log = newLog(storageWith([1, 1, 2, 2, 3]));
  log.committed = 4;
  log.appliedTo(2);
  expectEqual(log.applied, 2, 'applied after appliedTo(2) with committed 4');
  log.appliedTo(4);
  expectEqual(log.applied, 4, 'applied after appliedTo(4) = committed');
  expectThrowNamingIndex(() => log.appliedTo(5), 5,
    'appliedTo(5) with committed 4: entry 5 is not committed, so it cannot have been applied');
  expectThrowNamingIndex(() => log.appliedTo(3), 3,
    'appliedTo(3) with applied 4: applied never moves back (entry 4 would be applied twice)');
  expectEqual(log.applied, 4, 'applied after the two refused calls: unchanged');
  expectEqual(idxTerms(log.nextEnts()), [], 'nextEnts() with applied = committed = 4');
});

// stabled only grows, and only over entries the log holds. (The test lowers stabled by hand to
// stand for entries 3..5 appended in memory and not persisted yet.)
test('TestStableToNeverMovesBack2ALog', () => {
  const log = newLog(storageWith([1, 1, 2, 2, 3]));
  log.stabled = 2;
  log.stableTo(4);
  expectEqual(log.stabled, 4, 'stabled after stableTo(4) with stabled 2 and last index 5');
  expectEqual(idxTerms(log.unstableEntries()), ['5/3'], 'unstableEntries() once entries up to 4 are persisted');
  log.stableTo(3);
  expectEqual(log.stabled, 4, 'stabled after stableTo(3) with stabled 4: a lower index changes nothing');
  expectThrowNamingIndex(() => log.stableTo(6), 6,
    'stableTo(6) on a log whose last index is 5: there is no entry 6 to have persisted');
  log.stableTo(5);
  expectEqual({ stabled: log.stabled, unstable: idxTerms(log.unstableEntries()) }, { stabled: 5, unstable: [] },
    'stabled and unstableEntries() after stableTo(5), the last index');
});

// hasUnstableEntries() says whether unstableEntries() has anything, without building it
// (hasReady() asks it on every loop of the application).
test('TestHasUnstableEntriesAgreesWithUnstableEntries2ALog', () => {
  const cases: { name: string; storage: MemoryStorage; stabled?: number; want: boolean }[] = [
    { name: 'empty storage', storage: new MemoryStorage(), want: false },
    { name: 'entries 1..3, all stable', storage: storageWith([1, 1, 2]), want: false },
    { name: 'entries 1..3, stabled 2', storage: storageWith([1, 1, 2]), stabled: 2, want: true },
    { name: 'entries 1..3, stabled 0', storage: storageWith([1, 1, 2]), stabled: 0, want: true },
    { name: 'snapshot at 5 only', storage: storageWith([], { index: 5, term: 2 }), want: false },
    { name: 'snapshot at 5, entries 6..7, stabled 6', storage: storageWith([2, 3], { index: 5, term: 2 }), stabled: 6, want: true },
  ];
  for (const c of cases) {
    const log = newLog(c.storage);
    if (c.stabled !== undefined) log.stabled = c.stabled;
    expectEqual(log.unstableEntries().length > 0, c.want, `${c.name}: unstableEntries() not empty (the test's own expectation)`);
    expectEqual(log.hasUnstableEntries(), c.want,
      `${c.name}: hasUnstableEntries() must be true exactly when unstableEntries() is not empty (${idxTerms(log.unstableEntries()).join(' ') || 'empty'})`);
  }
});

// hasNextEnts() says whether nextEnts() has anything, without building it: entries in
// (applied, committed] that are not inside the snapshot.
test('TestHasNextEntsAgreesWithNextEnts2ALog', () => {
  const cases: { name: string; storage: MemoryStorage; applied: number; committed: number; want: boolean }[] = [
    { name: 'empty storage', storage: new MemoryStorage(), applied: 0, committed: 0, want: false },
    { name: 'entries 1..5, applied 0, committed 0', storage: storageWith([1, 1, 2, 2, 3]), applied: 0, committed: 0, want: false },
    { name: 'entries 1..5, applied 0, committed 1', storage: storageWith([1, 1, 2, 2, 3]), applied: 0, committed: 1, want: true },
    { name: 'entries 1..5, applied 3, committed 5', storage: storageWith([1, 1, 2, 2, 3]), applied: 3, committed: 5, want: true },
    { name: 'entries 1..5, applied 5, committed 5', storage: storageWith([1, 1, 2, 2, 3]), applied: 5, committed: 5, want: false },
    // applied below the snapshot, committed at it: what is left to apply is inside the snapshot.
    { name: 'snapshot at 3, entries 4..5, applied 0, committed 3', storage: storageWith([2, 3], { index: 3, term: 2 }), applied: 0, committed: 3, want: false },
    { name: 'snapshot at 3, entries 4..5, applied 3, committed 4', storage: storageWith([2, 3], { index: 3, term: 2 }), applied: 3, committed: 4, want: true },
  ];
  for (const c of cases) {
    const log = newLog(c.storage);
    log.committed = c.committed;
    log.applied = c.applied;
    expectEqual(log.nextEnts().length > 0, c.want, `${c.name}: nextEnts() not empty (the test's own expectation)`);
    expectEqual(log.hasNextEnts(), c.want,
      `${c.name}: hasNextEnts() must be true exactly when nextEnts() is not empty (${idxTerms(log.nextEnts()).join(' ') || 'empty'})`);
  }
});

// findConflict: the first of a leader's entries that the log does not hold as they are, a
// conflict (same index, other term) or a new entry past the end; 0 if it holds them all.
test('TestFindConflictIsFirstNewOrDifferentEntry2AB', () => {
  const cases: { entries: Entry[]; want: number; why: string }[] = [
    { entries: [], want: 0, why: 'no entries' },
    { entries: [ent(1, 1), ent(2, 2)], want: 0, why: 'the log holds both' },
    { entries: [ent(2, 2), ent(3, 3)], want: 0, why: 'the log holds both' },
    { entries: [ent(3, 3), ent(4, 4), ent(5, 4)], want: 4, why: 'entry 3 is held, 4 is the first new one' },
    { entries: [ent(4, 4)], want: 4, why: 'entry 4 is new' },
    { entries: [ent(1, 4), ent(2, 4)], want: 1, why: 'the log has 1/1, not 1/4' },
    { entries: [ent(2, 1), ent(3, 4), ent(4, 4)], want: 2, why: 'the log has 2/2, not 2/1' },
    { entries: [ent(2, 2), ent(3, 1)], want: 3, why: 'entry 2 matches, the log has 3/3, not 3/1' },
  ];
  for (const c of cases) {
    const log = newLog(storageWith([1, 2, 3]));
    expectEqual(log.findConflict(c.entries), c.want,
      `findConflict([${idxTerms(c.entries).join(', ')}]) on a log 1/1 2/2 3/3 (${c.why})`);
    expectEqual(idxTerms(log.allEntries()), ['1/1', '2/2', '3/3'], 'findConflict changes nothing in the log');
  }
});

// maybeAppend is the follower's half of a MsgAppend: the log matching check, truncation at the
// first real conflict only, and the commit index min(leader commit, last new entry).
test('TestMaybeAppendMatchesTruncatesAndCommits2AB', () => {
  const cases: {
    name: string; prevIndex: number; prevTerm: number; commit: number; entries: Entry[];
    want: number | null; log: string[]; committed: number;
  }[] = [
    { name: 'prev 3/2, the log has 3/3', prevIndex: 3, prevTerm: 2, commit: 3, entries: [ent(4, 2)], want: null, log: ['1/1', '2/2', '3/3'], committed: 1 },
    { name: 'prev 4/3, past the last index 3', prevIndex: 4, prevTerm: 3, commit: 4, entries: [ent(5, 3)], want: null, log: ['1/1', '2/2', '3/3'], committed: 1 },
    { name: 'prev 3/3, no entries, commit 3', prevIndex: 3, prevTerm: 3, commit: 3, entries: [], want: 3, log: ['1/1', '2/2', '3/3'], committed: 3 },
    { name: 'prev 3/3, entry 4/4, commit 5', prevIndex: 3, prevTerm: 3, commit: 5, entries: [ent(4, 4)], want: 4, log: ['1/1', '2/2', '3/3', '4/4'], committed: 4 },
    { name: 'prev 1/1, entry 2/2 (held), commit 3', prevIndex: 1, prevTerm: 1, commit: 3, entries: [ent(2, 2)], want: 2, log: ['1/1', '2/2', '3/3'], committed: 2 },
    { name: 'prev 1/1, entries 2/4 3/4, commit 2', prevIndex: 1, prevTerm: 1, commit: 2, entries: [ent(2, 4), ent(3, 4)], want: 3, log: ['1/1', '2/4', '3/4'], committed: 2 },
    { name: 'prev 2/2, no entries, commit 0', prevIndex: 2, prevTerm: 2, commit: 0, entries: [], want: 2, log: ['1/1', '2/2', '3/3'], committed: 1 },
  ];
  for (const c of cases) {
    const log = newLog(storageWith([1, 2, 3]));
    log.committed = 1;
    const what = `maybeAppend(${c.prevIndex}, ${c.prevTerm}, ${c.commit}, [${idxTerms(c.entries).join(', ')}]) on a log 1/1 2/2 3/3 committed 1 (${c.name})`;
    expectEqual(log.maybeAppend(c.prevIndex, c.prevTerm, c.commit, c.entries), c.want,
      `${what}: the result (null when the log has no entry at prevIndex with prevTerm, else the index of the last new entry)`);
    expectEqual(idxTerms(log.allEntries()), c.log,
      `${what}: the log (${c.want === null ? 'a mismatch changes nothing' : 'truncated only at the first conflict, never for entries it already holds'})`);
    expectEqual(log.committed, c.committed,
      `${what}: committed (${c.want === null ? 'a mismatch changes nothing' : 'min(commit, index of the last new entry), and never lower than before'})`);
  }
  for (const committed of [3, 2]) {
    const log = newLog(storageWith([1, 2, 3]));
    log.committed = committed;
    expectThrowNamingIndex(() => log.maybeAppend(0, 0, 0, [ent(1, 1), ent(2, 5)]), 2,
      `maybeAppend(0, 0, 0, [1/1, 2/5]) on a log 1/1 2/2 3/3 committed ${committed}: entry 2 conflicts with a committed entry, which never changes`);
  }
});
