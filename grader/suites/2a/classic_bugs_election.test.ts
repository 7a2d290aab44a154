/**
 * Project 2A, parts 2AA and 2AB: more classic Raft bugs that TinyKV's own 2A tests let through,
 * about what a node must forget or reset when an election starts or ends. Ours, not TinyKV's.
 *
 * - A candidate counts only the votes of its current election (votes are per term).
 * - Granting a vote resets the election timer, as hearing from the leader does.
 * - A new leader knows nothing about its followers' logs: what it learnt while it led an earlier
 *   term (match) may have been overwritten since.
 *
 * Each test drives one node directly with hand-made messages, under TinyKV's conventions (see
 * classic_bugs.test.ts), and asserts outcomes: state, term, who was asked, what is committed.
 */
import { Entry, MemoryStorage, Message, MessageType, Raft, StateType, newEntry, newHardState, newMessage } from '@target/raft';
import { drainMessages, expectEqual, newTestRaft, stateName } from '../../../harness/raft/helpers';

// ---- local helpers -------------------------------------------------------------------------

/** A local MsgHup that makes node `id` campaign. */
function hup(id: number): Message {
  return newMessage({ msgType: MessageType.MsgHup, from: id, to: id });
}

/** A vote response from `from` to candidate `to` in `term`. */
function voteResp(from: number, to: number, term: number, granted: boolean): Message {
  return newMessage({ msgType: MessageType.MsgRequestVoteResponse, from, to, term, reject: !granted });
}

/** A MsgRequestVote from candidate `from` whose log ends at (index, logTerm). */
function voteReq(from: number, to: number, term: number, index: number, logTerm: number): Message {
  return newMessage({ msgType: MessageType.MsgRequestVote, from, to, term, index, logTerm });
}

/** A heartbeat from leader `from` in `term`. */
function heartbeat(from: number, to: number, term: number): Message {
  return newMessage({ msgType: MessageType.MsgHeartbeat, from, to, term });
}

/** An entry with the given index and term. */
function ent(index: number, term: number): Entry {
  return newEntry({ index, term });
}

/** A MsgAppend from `from` to `to`. */
function appendMsg(from: number, to: number, term: number, index: number, logTerm: number, entries: Entry[], commit: number): Message {
  return newMessage({ msgType: MessageType.MsgAppend, from, to, term, index, logTerm, entries, commit });
}

/** A successful MsgAppendResponse: `from` matches the leader's log up to `index`. */
function ackMsg(from: number, to: number, term: number, index: number): Message {
  return newMessage({ msgType: MessageType.MsgAppendResponse, from, to, term, index });
}

/** A local MsgPropose of `n` empty entries. */
function proposeN(id: number, n: number): Message {
  return newMessage({ msgType: MessageType.MsgPropose, from: id, to: id, entries: Array.from({ length: n }, () => ({})) });
}

/** State and term of `r`, for one readable comparison. */
function roleOf(r: Raft): { state: string; term: number } {
  return { state: stateName(r.state), term: r.term };
}

/** The nodes a batch of messages asks for a vote, sorted. */
function askedForVotes(msgs: Message[]): number[] {
  return msgs.filter((m) => m.msgType === MessageType.MsgRequestVote).map((m) => m.to).sort((a, b) => a - b);
}

/** The log of `r` as "index/term" strings. */
function logOf(r: Raft): string[] {
  return r.raftLog.allEntries().map((e) => `${e.index}/${e.term}`);
}

const FORGET_VOTES = 'becomeCandidate must start a new, empty tally (only its own vote): votes granted in an earlier term are not votes '
  + 'for this election. Replace the votes map, do not just add your own vote to it';

// ---- elections ---------------------------------------------------------------------------------

// Votes are per term. A node that campaigns again must not count the votes of its earlier
// elections: a former leader would otherwise win the next term without asking anyone (the votes
// it won before already make a majority), and a candidate that timed out would add the votes of
// its last attempt to this one's.
test('TestCandidateForgetsEarlierVotes2AA', () => {
  // Case 1: node 1 of 3 led term 1 with node 2's vote, then node 3 led term 2.
  const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
  r.step(hup(1));
  r.step(voteResp(2, 1, 1, true));
  expectEqual(roleOf(r), { state: stateName(StateType.Leader), term: 1 }, 'setup: node 1 wins term 1 with node 2\'s vote');
  r.step(heartbeat(3, 1, 2));
  expectEqual(roleOf(r), { state: stateName(StateType.Follower), term: 2 }, 'setup: node 1 follows node 3, leader of term 2');
  drainMessages(r);

  r.step(hup(1));
  const sent = drainMessages(r);
  expectEqual(roleOf(r), { state: stateName(StateType.Candidate), term: 3 },
    'node 1 (of 3) campaigns for term 3 after leading term 1 with node 2\'s vote: it must be a candidate that waits for votes. '
    + `Becoming leader at once means it counted node 2's term-1 vote for term 3. ${FORGET_VOTES}`);
  expectEqual(askedForVotes(sent), [2, 3], 'nodes that node 1 asks for a vote in term 3 (every other node)');
  r.step(voteResp(2, 1, 3, true));
  expectEqual(roleOf(r), { state: stateName(StateType.Leader), term: 3 }, 'node 1 once node 2 grants its vote in term 3 (a majority of 3 with its own)');

  // Case 2: node 1 of 5 got node 2's vote in term 1, timed out, and campaigns again in term 2.
  const c = newTestRaft(1, [1, 2, 3, 4, 5], 10, 1, new MemoryStorage());
  c.step(hup(1));
  c.step(voteResp(2, 1, 1, true));
  expectEqual(roleOf(c), { state: stateName(StateType.Candidate), term: 1 }, 'setup: node 1 of 5 has 2 votes of 3 needed in term 1');
  c.step(hup(1));
  expectEqual(roleOf(c), { state: stateName(StateType.Candidate), term: 2 }, 'setup: node 1 campaigns again, for term 2');
  c.step(voteResp(3, 1, 2, true));
  expectEqual(roleOf(c), { state: stateName(StateType.Candidate), term: 2 },
    'node 1 of 5 in term 2 with votes from itself and node 3 (2 of 3 needed): it must still be a candidate. A leader here counted node 2\'s vote '
    + `from term 1. ${FORGET_VOTES}`);
  c.step(voteResp(4, 1, 2, true));
  expectEqual(roleOf(c), { state: stateName(StateType.Leader), term: 2 }, 'node 1 of 5 once node 4 also grants its vote in term 2 (3 of 5)');
});

// Figure 2: a follower becomes a candidate if an election timeout elapses without hearing from
// the leader OR GRANTING ITS VOTE to a candidate. A node that does not reset its timer on a grant
// times out early and starts an election of its own, which deposes the candidate it just voted
// for (the opposite bug of TestRejectedVoteDoesNotResetElectionTimer2AA).
test('TestGrantedVoteResetsElectionTimer2AA', () => {
  const electionTick = 10;
  // Node 1 of 3 restarted in term 2: no vote, no leader known. A grant in term 2 changes
  // neither its term nor its state, so only the grant itself can reset the timer.
  const s = new MemoryStorage();
  s.setHardState(newHardState({ term: 2 }));
  const r = newTestRaft(1, [1, 2, 3], electionTick, 1, s);
  drainMessages(r);

  // Fewer ticks than any election timeout (electionTick at the least) since the last reset.
  const quiet = electionTick - 1;
  for (let i = 0; i < quiet; i++) r.tick();
  expectEqual(roleOf(r), { state: stateName(StateType.Follower), term: 2 }, `setup: node 1 after ${quiet} ticks (fewer than electionTick = ${electionTick})`);

  // Candidate 2's request of term 2 reaches node 1, then reaches it again (the network duplicated
  // it): node 1 grants each time, and each grant starts a new election timeout.
  for (let grant = 1; grant <= 3; grant++) {
    r.step(voteReq(2, 1, 2, 0, 0));
    const resp = drainMessages(r).filter((m) => m.msgType === MessageType.MsgRequestVoteResponse);
    expectEqual(resp.map((m) => ({ to: m.to, reject: m.reject })), [{ to: 2, reject: false }],
      `setup: node 1's answer to candidate 2's vote request of term 2 (copy ${grant}): a grant (node 1 has not voted in term 2, or voted for node 2)`);
    for (let i = 1; i <= quiet; i++) {
      r.tick();
      if (r.state !== StateType.Follower) {
        throw new Error(`node 1 granted its vote to candidate 2 in term 2 and became ${stateName(r.state)} (term ${r.term}) only ${i} ticks later `
          + `(${grant * quiet + i} ticks since it restarted), fewer than electionTick = ${electionTick}. `
          + 'Granting a vote must reset the election timer (electionElapsed = 0), as an append or heartbeat from the leader does; '
          + 'otherwise the voter times out early and deposes the candidate it voted for (Students\' Guide, bug 3).');
      }
    }
  }
  expectEqual(r.vote, 2, 'node 1\'s vote in term 2 after granting it to node 2');
});

// ---- a new leader ------------------------------------------------------------------------------

// What a leader learnt about a follower's log (match) is only true for that leadership: once it
// loses the lead, another leader may overwrite those entries, on the follower and on the leader
// itself. A new leader must start every follower's match at 0; keeping the old one lets it count
// a follower for entries the follower never acknowledged, and commit them.
test('TestNewLeaderForgetsOldMatch2AB', () => {
  const r = newTestRaft(1, [1, 2, 3, 4, 5], 10, 1, new MemoryStorage());
  r.becomeCandidate();
  r.becomeLeader();
  r.step(proposeN(1, 2));
  drainMessages(r);
  expectEqual(logOf(r), ['1/1', '2/1', '3/1'], 'setup: node 1, leader of term 1, holds its noop and two proposals');
  r.step(ackMsg(2, 1, 1, 3));
  expectEqual(r.raftLog.committed, 0, 'setup: entries 1..3 are on nodes 1 and 2 only (2 of 5): nothing committed yet');

  // Node 3 leads term 2 (elected by 3, 4, 5) and overwrites node 1's entries 2..3 with its noop 2/2.
  r.step(appendMsg(3, 1, 2, 1, 1, [ent(2, 2)], 0));
  expectEqual(logOf(r), ['1/1', '2/2'], 'setup: node 1\'s log once node 3, leader of term 2, replaced its entries 2..3 with 2/2');

  // Node 1 wins term 3 with the votes of nodes 4 and 5; its noop is 3/3.
  r.step(hup(1));
  r.step(voteResp(4, 1, 3, true));
  r.step(voteResp(5, 1, 3, true));
  expectEqual(roleOf(r), { state: stateName(StateType.Leader), term: 3 }, 'setup: node 1 wins term 3 with the votes of nodes 4 and 5');
  drainMessages(r);
  expectEqual(logOf(r), ['1/1', '2/2', '3/3'], 'setup: node 1\'s log as leader of term 3, with its noop');

  r.step(ackMsg(4, 1, 3, 3));
  if (r.raftLog.committed >= 3) {
    throw new Error(`node 1, the new leader of term 3 (of 5 nodes), committed ${r.raftLog.committed} once node 4 alone acknowledged entry 3/3: `
      + 'only nodes 1 and 4 hold it, which is not a majority. Most likely it still counted node 2 with the match of 3 that node 2 '
      + 'acknowledged in term 1, for entries that node 3 has overwritten since. becomeLeader must start every follower\'s match at 0 '
      + `(and next at lastIndex + 1): a new leadership knows nothing of the followers' logs.\nnode 2's progress: match ${r.prs.get(2)?.match}, next ${r.prs.get(2)?.next}`);
  }
  r.step(ackMsg(5, 1, 3, 3));
  expectEqual(r.raftLog.committed, 3, 'node 1\'s committed once nodes 4 and 5 acknowledged entry 3/3 (with itself, 3 of 5)');
});
