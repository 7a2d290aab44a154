/**
 * Project 2A, parts 2AA and 2AB: the classic Raft bugs that TinyKV's own 2A tests let through
 * (the common-bugs list of the Students' Guide to Raft). These tests are ours, not TinyKV's.
 *
 * Each test checks behaviour that every correct Raft shows under TinyKV's message
 * conventions (a MsgAppend carries index/logTerm of the entry before its entries, the entries
 * and the leader's commit; a successful MsgAppendResponse carries the last index the follower
 * now matches; heartbeats carry a commit index but no log position). They assert outcomes
 * (log contents, committed, state, term, match/next bounds), not exact message lists, so
 * implementations that differ in details (reject hints, extra fields in heartbeats, whether
 * a new leader broadcasts at once) all pass.
 */
import { Entry, Message, MessageType, None, Raft, StateType, newEntry, newHardState, newMessage, MemoryStorage } from '@target/raft';
import { newNetwork } from '../../../harness/raft/network';
import { drainMessages, expectEqual, newTestRaft, stateName } from '../../../harness/raft/helpers';

// ---- local helpers -------------------------------------------------------------------------

/** An entry with the given index and term. */
function ent(index: number, term: number): Entry {
  return newEntry({ index, term });
}

/** Entries as "index/term" strings, so a failure shows at a glance which entries differ. */
function idxTerms(es: Entry[]): string[] {
  return es.map((e) => `${e.index}/${e.term}`);
}

/** The log of `r` as "index/term" strings. */
function logOf(r: Raft): string[] {
  return idxTerms(r.raftLog.allEntries());
}

/**
 * A MemoryStorage holding entries 1..n with the given terms and the given hard state: what a
 * node restarts from.
 */
function storageOf(terms: number[], hs: { term: number; vote?: number; commit?: number }): MemoryStorage {
  const s = new MemoryStorage();
  s.append(terms.map((t, i) => ent(i + 1, t)));
  s.setHardState(newHardState(hs));
  return s;
}

/** A MsgAppend from `from` to `to`. */
function appendMsg(from: number, to: number, term: number, index: number, logTerm: number, entries: Entry[], commit: number): Message {
  return newMessage({ msgType: MessageType.MsgAppend, from, to, term, index, logTerm, entries, commit });
}

/** A successful MsgAppendResponse: `from` matches the leader's log up to `index`. */
function ackMsg(from: number, to: number, term: number, index: number): Message {
  return newMessage({ msgType: MessageType.MsgAppendResponse, from, to, term, index });
}

/** A MsgRequestVote from candidate `from` whose log ends at (index, logTerm). */
function voteReq(from: number, to: number, term: number, index: number, logTerm: number): Message {
  return newMessage({ msgType: MessageType.MsgRequestVote, from, to, term, index, logTerm });
}

/** A local MsgHup that makes node `id` campaign. */
function hup(id: number): Message {
  return newMessage({ msgType: MessageType.MsgHup, from: id, to: id });
}

/** A local MsgBeat that makes leader `id` send heartbeats. */
function beat(id: number): Message {
  return newMessage({ msgType: MessageType.MsgBeat, from: id, to: id });
}

/** A local MsgPropose of `n` entries (data "0", "1", ...). */
function proposeN(id: number, n: number): Message {
  const enc = new TextEncoder();
  return newMessage({ msgType: MessageType.MsgPropose, from: id, to: id, entries: Array.from({ length: n }, (_, i) => ({ data: enc.encode(String(i)) })) });
}

/** Takes what `r` sent and keeps the messages of type `t`. */
function sentOfType(r: Raft, t: MessageType): Message[] {
  return drainMessages(r).filter((m) => m.msgType === t);
}

/** The single answer of type `t` that `r` sent; fails with `what` if there is not exactly one. */
function onlyAnswer(r: Raft, t: MessageType, what: string): Message {
  const ms = sentOfType(r, t);
  expectEqual(ms.length, 1, `${what}: number of ${MessageType[t]} sent (a message must be answered, once)`);
  return ms[0];
}

/** The progress leader `r` keeps for `id`. */
function progressOf(r: Raft, id: number): { match: number; next: number } {
  const pr = r.prs.get(id);
  if (pr === undefined) throw new Error(`node ${r.id} has no progress for node ${id}`);
  return { match: pr.match, next: pr.next };
}

/** Fails with `what` unless `cond` holds; `detail` says what was seen. */
function expectTrue(cond: boolean, what: string, detail: string): void {
  if (cond) return;
  const err = new Error(`${what}\n\n${detail}`);
  Error.captureStackTrace(err, expectTrue);
  throw err;
}

/**
 * Steps `m` into `r`. If that throws, fails with `what` (which explains the bug a crash there
 * points to) and the error, instead of a bare stack trace.
 */
function stepOrFail(r: Raft, m: Message, what: string): void {
  try {
    r.step(m);
  } catch (e) {
    const err = new Error(`${what}\n\nstep(${MessageType[m.msgType]}) threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    Error.captureStackTrace(err, stepOrFail);
    throw err;
  }
}

/** A follower (node 2 of 1..3) restarted from `terms` and hard state `hs`, its outbox empty. */
function follower(terms: number[], hs: { term: number; vote?: number; commit?: number }): Raft {
  const r = newTestRaft(2, [1, 2, 3], 10, 1, storageOf(terms, hs));
  drainMessages(r);
  return r;
}

/** A leader (node 1 of `peers`) on empty storage, in term 1, with a noop and `n` proposals (log 1..n+1). */
function leaderWithEntries(peers: number[], n: number): Raft {
  const r = newTestRaft(1, peers, 10, 1, new MemoryStorage());
  r.becomeCandidate();
  r.becomeLeader();
  r.step(proposeN(1, n));
  drainMessages(r);
  return r;
}

// ---- follower side: MsgAppend ------------------------------------------------------------------

// Bug 2: truncating the log after prevLogIndex on every append. A stale, duplicated or
// reordered append whose entries all match must leave the entries after them alone;
// otherwise the follower takes back entries it already acknowledged (which the leader may
// have counted to commit them).
test('TestStaleAppendDoesNotTruncateLog2AB', () => {
  const r = follower([], { term: 1 });
  r.step(appendMsg(1, 2, 1, 0, 0, [ent(1, 1), ent(2, 1), ent(3, 1), ent(4, 1)], 0));
  drainMessages(r);
  expectEqual(logOf(r), ['1/1', '2/1', '3/1', '4/1'], 'setup: follower log after an append of entries 1..4');

  // An earlier append (entries 1..2) that the network delivered late.
  r.step(appendMsg(1, 2, 1, 0, 0, [ent(1, 1), ent(2, 1)], 0));
  expectEqual(logOf(r), ['1/1', '2/1', '3/1', '4/1'],
    'follower log after a late, reordered append of entries 1..2: the follower dropped entries 3..4 although nothing conflicted. '
    + 'Truncate only at the first entry that conflicts (same index, different term) (Students\' Guide, bug 2)');
  const resp1 = onlyAnswer(r, MessageType.MsgAppendResponse, 'late append of entries 1..2');
  expectEqual(resp1.reject, false, 'the late append matches the follower\'s log: it must be accepted, not rejected');

  // A duplicated append that carries only entry 2.
  r.step(appendMsg(1, 2, 1, 1, 1, [ent(2, 1)], 0));
  expectEqual(logOf(r), ['1/1', '2/1', '3/1', '4/1'],
    'follower log after a duplicated append of entry 2 alone: entries 3..4 must stay (truncate only on a conflict, Students\' Guide, bug 2)');
});

// Bug 2 again, with the entries already persisted: a stale append into the stored part of the
// log must not cut off the stored entries after it.
test('TestStaleAppendKeepsStoredEntries2AB', () => {
  const r = follower([1, 1, 2, 2, 2], { term: 2 });
  r.step(appendMsg(1, 2, 2, 2, 1, [ent(3, 2)], 0));
  expectEqual(logOf(r), ['1/1', '2/1', '3/2', '4/2', '5/2'],
    'follower with stored entries 1..5 got a stale append of entry 3/2 (which it has): entries 4..5 must stay. '
    + 'Truncate only on a conflict (Students\' Guide, bug 2)');
  expectEqual(r.raftLog.lastIndex(), 5, 'lastIndex() after the stale append');
});

// Bug 7: a prevLogIndex past the end of the follower's log is a mismatch: reject, and change
// nothing (the follower cannot check the leader's entries against anything).
test('TestAppendPastLastIndexIsRejected2AB', () => {
  const r = follower([1, 1], { term: 1 });
  stepOrFail(r, appendMsg(1, 2, 1, 4, 1, [ent(5, 1)], 5),
    'the follower (log ending at 2) crashed on an append whose prev index is 4: an append past the end of the log is a mismatch '
    + 'and must be rejected, not appended after a hole (Students\' Guide, bug 7)');
  const resp = onlyAnswer(r, MessageType.MsgAppendResponse, 'append with prev index 4 to a follower whose log ends at 2');
  expectEqual(resp.reject, true,
    'an append whose prev index (4) is past the follower\'s last index (2) must be rejected: the follower does not have entry 4 to compare '
    + '(Students\' Guide, bug 7)');
  expectEqual(logOf(r), ['1/1', '2/1'], 'follower log after rejecting the append: unchanged (no entry 5 after a hole)');
  expectEqual(r.raftLog.committed, 0, 'follower committed after rejecting the append: unchanged (the commit in a rejected append means nothing)');
});

// Bug 8: the prevLog check applies to appends without entries too (a leader sends those to
// probe or to carry its commit index). Skipping it lets a follower commit entries it never
// verified.
test('TestEmptyAppendChecksPrevLog2AB', () => {
  const cases: { name: string; index: number; logTerm: number; commit: number; reject: boolean; committed: number }[] = [
    { name: 'prev index 5 past the follower\'s last index 3', index: 5, logTerm: 2, commit: 5, reject: true, committed: 0 },
    { name: 'prev 3/2, but the follower has 3/1', index: 3, logTerm: 2, commit: 3, reject: true, committed: 0 },
    { name: 'prev 2/1, which the follower has', index: 2, logTerm: 1, commit: 3, reject: false, committed: 2 },
  ];
  for (const c of cases) {
    const r = follower([1, 1, 1], { term: 1 });
    stepOrFail(r, appendMsg(1, 2, 2, c.index, c.logTerm, [], c.commit),
      `the follower crashed on an empty append with ${c.name}: it must answer it (reject if the prev entry does not match, Students' Guide, bugs 7 and 8)`);
    const resp = onlyAnswer(r, MessageType.MsgAppendResponse, `empty append (${c.name})`);
    expectEqual(resp.reject, c.reject,
      `empty append with ${c.name}: ${c.reject ? 'must be rejected; an append without entries still has to pass the prevLog check (Students\' Guide, bugs 7 and 8)' : 'must be accepted'}`);
    expectEqual(r.raftLog.committed, c.committed,
      `follower committed after an empty append with ${c.name} and leader commit ${c.commit}: `
      + (c.reject ? 'a rejected append must not move commit' : 'min(leader commit, index of the last entry the append verified)'));
    expectEqual(logOf(r), ['1/1', '2/1', '3/1'], `follower log after an empty append with ${c.name}: unchanged`);
  }
});

// Bug 6: "reply false" means reply at once and skip the rest: a rejected append must not
// append its entries nor apply its commit index, and it is answered exactly once.
test('TestRejectedAppendChangesNothing2AB', () => {
  const cases: { name: string; index: number; logTerm: number; entries: Entry[]; commit: number }[] = [
    { name: 'prev 3/2 where the follower has 3/1', index: 3, logTerm: 2, entries: [ent(4, 2), ent(5, 2)], commit: 5 },
    { name: 'prev 2/2 where the follower has 2/1', index: 2, logTerm: 2, entries: [ent(3, 2)], commit: 3 },
  ];
  for (const c of cases) {
    const r = follower([1, 1, 1], { term: 1 });
    r.step(appendMsg(1, 2, 2, c.index, c.logTerm, c.entries, c.commit));
    const resp = onlyAnswer(r, MessageType.MsgAppendResponse, `mismatching append (${c.name})`);
    expectEqual({ reject: resp.reject, to: resp.to }, { reject: true, to: 1 }, `answer to the mismatching append (${c.name}): a rejection sent to the leader`);
    expectEqual(logOf(r), ['1/1', '2/1', '3/1'],
      `follower log after rejecting an append (${c.name}): a rejected append must not append or truncate anything (Students' Guide, bug 6)`);
    expectEqual(r.raftLog.committed, 0,
      `follower committed after rejecting an append (${c.name}) with leader commit ${c.commit}: reply false and stop; the commit of a rejected append must not be applied (Students' Guide, bug 6)`);
    expectEqual(r.term, 2, `follower term after the term-2 append (${c.name}): a rejection still adopts the newer term`);
  }
});

// Bug 9: commitIndex = min(leaderCommit, index of the last NEW entry), not min(leaderCommit,
// lastIndex). Entries after the ones the append carried were not verified against the
// leader's log, and may be stale entries of an older term.
test('TestFollowerCommitStopsAtLastNewEntry2AB', () => {
  // The term-2 leader's log is 1/1 2/1 3/2 4/2, committed 4; it probes the follower with entry 2.
  const r = follower([1, 1, 1, 1], { term: 1 });
  r.step(appendMsg(1, 2, 2, 1, 1, [ent(2, 1)], 4));
  const resp = onlyAnswer(r, MessageType.MsgAppendResponse, 'append of entry 2 with leader commit 4');
  expectEqual(resp.reject, false, 'append of entry 2/1 after 1/1: it matches, so it must be accepted');
  expectEqual(r.raftLog.committed, 2,
    'follower committed after an append that verified entries up to 2, with leader commit 4: the follower committed its own entries 3..4 (term 1), '
    + 'which the leader never sent and which differ from the leader\'s. commit = min(leaderCommit, index of last new entry) (Students\' Guide, bug 9)');
  expectEqual(logOf(r), ['1/1', '2/1', '3/1', '4/1'], 'follower log after the append: nothing conflicted, so nothing is truncated');
});

// Bug 1 / TinyKV #191: a heartbeat carries no log position, so it cannot verify the
// follower's log. A leader whose log differs from the follower's must not make the follower
// commit its own stale entries through a heartbeat, however the commit index is split
// between what the leader sends and what the follower accepts.
test('TestHeartbeatDoesNotCommitUnverifiedEntries2AB', () => {
  // Node 3 led term 2 and wrote 3..5 alone; nodes 1 and 2 committed 3/3 4/3 in term 3.
  const r1 = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([1, 1, 3, 3], { term: 3, vote: 1, commit: 4 }));
  const r2 = newTestRaft(2, [1, 2, 3], 10, 1, storageOf([1, 1, 3, 3], { term: 3, vote: 1, commit: 4 }));
  const r3 = newTestRaft(3, [1, 2, 3], 10, 1, storageOf([1, 1, 2, 2, 2], { term: 3, commit: 2 }));
  const nt = newNetwork(r1, r2, r3);
  // Appends to node 3 are lost: it only hears heartbeats.
  nt.msgHook = (m) => !(m.msgType === MessageType.MsgAppend && m.to === 3);
  nt.send(hup(1));
  expectEqual(stateName(r1.state), stateName(StateType.Leader), 'setup: node 1 wins term 4 with node 2\'s vote');
  nt.send(proposeN(1, 1));
  expectEqual(r1.raftLog.committed, 6, 'setup: node 1 commits its noop 5/4 and a proposal 6/4 once node 2 has them');
  nt.send(beat(1));
  nt.send(beat(1));

  const c3 = r3.raftLog.committed;
  for (let i = 1; i <= c3; i++) {
    expectEqual(`${i}/${r3.raftLog.term(i)}`, `${i}/${r1.raftLog.term(i)}`,
      `node 3 committed index ${i} (committed = ${c3}) after heartbeats only, but its entry ${i} differs from the leader's: `
      + 'a heartbeat does not verify the log, so it must never make a follower commit past what an append has verified '
      + '(Students\' Guide, bug 1; TinyKV issue #191)');
  }

  // Once appends get through, node 3 catches up and commits the leader's entries.
  nt.msgHook = null;
  nt.send(beat(1));
  expectEqual(logOf(r3), logOf(r1), 'node 3\'s log once appends reach it again: the leader\'s log');
  expectEqual(r3.raftLog.committed, 6, 'node 3\'s committed once appends reach it again');
});

// ---- elections ---------------------------------------------------------------------------------

// Bug 10: "up to date" compares the last entries' terms first, and the lengths only when the
// terms are equal. A longer log whose last term is older is less up to date.
test('TestVoteComparesLastTermFirst2AB', () => {
  const cases: { name: string; index: number; logTerm: number; grant: boolean }[] = [
    { name: 'longer log (10) with an older last term (2)', index: 10, logTerm: 2, grant: false },
    { name: 'same last term (3), shorter log (2)', index: 2, logTerm: 3, grant: false },
    { name: 'same last term (3), same length (3)', index: 3, logTerm: 3, grant: true },
    { name: 'shorter log (1) with a newer last term (4)', index: 1, logTerm: 4, grant: true },
  ];
  for (const c of cases) {
    // The voter's log is 1/1 2/1 3/3.
    const r = follower([1, 1, 3], { term: 3 });
    r.step(voteReq(1, 2, 4, c.index, c.logTerm));
    const resp = onlyAnswer(r, MessageType.MsgRequestVoteResponse, `vote request (${c.name})`);
    expectEqual(resp.reject, !c.grant,
      `vote for a candidate with a ${c.name}, voter's log ending at 3/3: ${c.grant ? 'must be granted' : 'must be rejected'}. `
      + 'Compare the last terms first and the lengths only if the terms are equal (Raft §5.4.1; Students\' Guide, bug 10)');
    expectEqual(r.vote, c.grant ? 1 : None, `voter's vote after the request (${c.name})`);
  }
});

// Bug 10 in a cluster: a node with a longer log of an old term must lose the election, and a
// node with a shorter log of a newer term must win it and overwrite the old entries.
test('TestLongerLogWithOlderTermLosesElection2AB', () => {
  const r1 = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([1, 1, 1, 1, 1], { term: 1 }));
  const r2 = newTestRaft(2, [1, 2, 3], 10, 1, storageOf([1, 2], { term: 2 }));
  const r3 = newTestRaft(3, [1, 2, 3], 10, 1, storageOf([1, 2], { term: 2 }));
  const nt = newNetwork(r1, r2, r3);

  nt.send(hup(1));
  expectTrue(r1.state !== StateType.Leader,
    'node 1 (log 1/1 .. 5/1) became leader with votes from nodes whose logs end at 2/2: a longer log with an older last term is LESS up to date. '
    + 'Compare last terms first, lengths only on a tie (Students\' Guide, bug 10)',
    `node 1 is ${stateName(r1.state)} in term ${r1.term}`);

  nt.send(hup(2));
  expectEqual(stateName(r2.state), stateName(StateType.Leader), 'node 2 (log ends at 2/2) campaigns after that: it is the most up to date and must win');
  nt.send(proposeN(2, 1));
  expectEqual(logOf(r1), logOf(r2), 'node 1\'s log after node 2 leads: its uncommitted term-1 entries 2..5 are replaced by the leader\'s');
});

// A vote is persisted (HardState.vote) and reloaded by newRaft: a node that voted in a term
// and restarts must not vote for another candidate in that term (two leaders otherwise).
test('TestVoteSurvivesRestart2AA', () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.step(voteReq(3, 1, 2, 0, 0));
  expectEqual(onlyAnswer(r, MessageType.MsgRequestVoteResponse, 'setup: vote request from 3 in term 2').reject, false,
    'setup: node 1 grants its vote to node 3 in term 2');
  s.setHardState(r.hardState());

  const restarted = newTestRaft(1, [1, 2, 3], 10, 1, s);
  expectEqual({ term: restarted.term, vote: restarted.vote }, { term: 2, vote: 3 },
    'term and vote of node 1 restarted from its hard state {term 2, vote 3}: newRaft must load them from storage.initialState()');
  restarted.step(voteReq(2, 1, 2, 0, 0));
  expectEqual(onlyAnswer(restarted, MessageType.MsgRequestVoteResponse, 'vote request from 2 in term 2 after the restart').reject, true,
    'node 1 voted for 3 in term 2, restarted, and then granted node 2 a vote in the same term: one vote per term, even across restarts');
  restarted.step(voteReq(3, 1, 2, 0, 0));
  expectEqual(onlyAnswer(restarted, MessageType.MsgRequestVoteResponse, 'repeated vote request from 3 in term 2').reject, false,
    'node 1 restarted after voting for 3 in term 2 and got 3\'s request again (say, a retry): the same candidate gets the same answer');
});

// Bug 3: the election timer is reset only by the current leader, by starting an election, or
// by granting a vote. A follower that rejects vote requests (here: it already voted) and
// resets its timer on each of them never times out, and the cluster can stall.
test('TestRejectedVoteDoesNotResetElectionTimer2AA', () => {
  const r = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([], { term: 2, vote: 3 }));
  drainMessages(r);
  for (let i = 0; i < 4 * 10 && r.state === StateType.Follower; i++) {
    r.step(voteReq(2, 1, 2, 0, 0));
    r.tick();
  }
  expectEqual(stateName(r.state), stateName(StateType.Candidate),
    'state of a follower after 4 x electionTick ticks, each after a vote request it rejected: it must have started an election. '
    + 'Reset the election timer only on an append from the current leader, on starting an election, or on GRANTING a vote (Students\' Guide, bug 3)');
  expectEqual(r.term, 3, 'term of that follower once it campaigns');
});

// ---- leader side: responses, match and commit --------------------------------------------------

// Bugs 15 and 17: match is what the follower acknowledged, not next-1 nor the leader's last
// index. Guessing it lets the leader count a follower for entries it does not have.
test('TestAckDoesNotRaiseMatchBeyondAckedIndex2AB', () => {
  const r = leaderWithEntries([1, 2, 3], 4);
  expectEqual(r.raftLog.lastIndex(), 5, 'setup: leader log is the noop and 4 proposals');
  r.step(ackMsg(2, 1, 1, 3));
  const pr = progressOf(r, 2);
  expectEqual(pr.match, 3,
    'leader\'s match for node 2 after node 2 acknowledged index 3 (the leader\'s last index is 5): match must be the acknowledged index, '
    + 'not next-1 or the leader\'s last index (Students\' Guide, bugs 15 and 17)');
  expectTrue(pr.next >= pr.match + 1 && pr.next <= r.raftLog.lastIndex() + 1,
    'leader\'s next for node 2 must stay in [match+1, lastIndex+1]', `match ${pr.match}, next ${pr.next}, lastIndex ${r.raftLog.lastIndex()}`);
  expectEqual(r.raftLog.committed, 3,
    'leader committed after node 2 acknowledged 3 of 5 entries (3 nodes): only entries 1..3 are on a majority');
});

// Bugs 15 and 17: a late or duplicated MsgAppendResponse acknowledges less than is already
// known. It must not lower match (the follower still has those entries) nor move next back to
// or below match.
test('TestStaleAppendResponseDoesNotLowerMatch2AB', () => {
  const r = leaderWithEntries([1, 2, 3], 4);
  r.step(ackMsg(2, 1, 1, 4));
  expectEqual(progressOf(r, 2).match, 4, 'setup: match for node 2 after it acknowledged index 4');
  expectEqual(r.raftLog.committed, 4, 'setup: committed once node 2 has entries 1..4');

  r.step(ackMsg(2, 1, 1, 2));
  let pr = progressOf(r, 2);
  expectEqual(pr.match, 4,
    'match for node 2 after a late ack of index 2 arrived after the ack of 4: match only grows; a stale response must not lower it (Students\' Guide, bugs 15 and 17)');
  expectTrue(pr.next >= pr.match + 1,
    'next for node 2 after a late ack of index 2: next must stay above match, or the leader resends what the follower is known to have',
    `match ${pr.match}, next ${pr.next}`);

  r.step(ackMsg(2, 1, 1, 4));
  pr = progressOf(r, 2);
  expectEqual(pr.match, 4, 'match for node 2 after a duplicated ack of index 4');

  r.step(newMessage({ msgType: MessageType.MsgAppendResponse, from: 2, to: 1, term: 1, index: 1, reject: true }));
  expectEqual(progressOf(r, 2).match, 4,
    'match for node 2 after a late rejection of an old probe at index 1: node 2 acknowledged 4 since; a stale rejection must not lower match');
  expectEqual(r.raftLog.committed, 4, 'leader committed after stale responses: never moves back');

  r.step(ackMsg(3, 1, 1, 5));
  expectEqual(r.raftLog.committed, 5, 'leader committed after node 3 acknowledged everything (index 5)');
});

// Bug 1 in TinyKV's terms: a heartbeat response says the follower is alive, not what it holds.
// Counting it as an acknowledgement of the log lets the leader commit what no follower has.
test('TestHeartbeatResponseDoesNotRaiseMatch2AB', () => {
  const r = leaderWithEntries([1, 2, 3], 2);
  r.step(newMessage({ msgType: MessageType.MsgHeartbeatResponse, from: 2, to: 1, term: 1 }));
  r.step(newMessage({ msgType: MessageType.MsgHeartbeatResponse, from: 3, to: 1, term: 1 }));
  expectEqual([progressOf(r, 2).match, progressOf(r, 3).match], [0, 0],
    'leader\'s match for nodes 2 and 3 after heartbeat responses only: a heartbeat response acknowledges no entry, so match must not move');
  expectEqual(r.raftLog.committed, 0, 'leader committed after heartbeat responses only: no follower acknowledged any entry');
});

// Bug 16: a response from an older term answers a request of that older term, about a log that
// may have changed since. It must be dropped, not counted.
test('TestOldTermAppendResponseIgnored2AB', () => {
  // Node 1 once led term 1 with entries 1..3 of term 1; term 2 overwrote its 2..3; now it leads term 3.
  const r = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([1, 2], { term: 2, commit: 1 }));
  r.becomeCandidate();
  r.becomeLeader();
  drainMessages(r);
  expectEqual(logOf(r), ['1/1', '2/2', '3/3'], 'setup: leader log in term 3');

  // Node 2's answer to node 1's term-1 append of entries 1..3 arrives only now.
  r.step(ackMsg(2, 1, 1, 3));
  expectEqual(progressOf(r, 2).match, 0,
    'match for node 2 after a term-1 ack of index 3 reached the term-3 leader: node 2\'s entries 2..3 are of term 1, not the leader\'s. '
    + 'Drop responses whose term is not the current term (Students\' Guide, bug 16)');
  expectEqual(r.raftLog.committed, 1,
    'leader committed after a stale term-1 ack of index 3: counting it commits entry 3/3, which only the leader has (Students\' Guide, bug 16)');
});

// Bug 16 for votes: a vote granted in an older term is not a vote for this term's candidacy.
test('TestOldTermVoteResponseIgnored2AA', () => {
  const r = newTestRaft(1, [1, 2, 3], 10, 1, storageOf([], { term: 2 }));
  r.step(hup(1));
  drainMessages(r);
  expectEqual({ state: stateName(r.state), term: r.term }, { state: stateName(StateType.Candidate), term: 3 }, 'setup: node 1 campaigns in term 3');

  r.step(newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 2, to: 1, term: 2, reject: false }));
  r.step(newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 3, to: 1, term: 2, reject: false }));
  expectEqual(stateName(r.state), stateName(StateType.Candidate),
    'state of a term-3 candidate after two vote grants from term 2: old votes must not count, or two leaders can share a term (Students\' Guide, bug 16)');

  r.step(newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 2, to: 1, term: 3, reject: false }));
  expectEqual(stateName(r.state), stateName(StateType.Leader), 'state after a term-3 vote from node 2: with its own, a majority of 3');
});

// Bug 14 (Figure 8): a leader commits by counting replicas only entries of its own term; an
// older entry on a majority can still be overwritten. Here, in a 5-node cluster, entry 2/2
// reaches a majority while node 5 (log ending at 2/3, not shown) could still win an election.
test('TestLeaderCommitsOnlyCurrentTermByCounting2AB', () => {
  const r = newTestRaft(1, [1, 2, 3, 4, 5], 10, 1, storageOf([1, 2], { term: 3, commit: 1 }));
  r.becomeCandidate();
  r.becomeLeader();
  drainMessages(r);
  expectEqual(logOf(r), ['1/1', '2/2', '3/4'], 'setup: leader log in term 4 (with its noop at 3)');

  r.step(ackMsg(2, 1, 4, 2));
  r.step(ackMsg(3, 1, 4, 2));
  expectEqual(r.raftLog.committed, 1,
    'leader (term 4) committed after nodes 1, 2, 3 of 5 hold entry 2 of term 2: an entry of an older term must not be committed by counting replicas; '
    + 'a node whose log ends in term 3 could still be elected and overwrite it (Raft Figure 8; Students\' Guide, bug 14)');

  r.step(ackMsg(2, 1, 4, 3));
  expectEqual(r.raftLog.committed, 1, 'leader committed when only nodes 1 and 2 of 5 hold the term-4 entry 3: not a majority');

  r.step(ackMsg(4, 1, 4, 3));
  expectEqual(r.raftLog.committed, 3,
    'leader committed once nodes 1, 2 and 4 of 5 hold the term-4 entry 3: it is committed, and entry 2 with it');
});
