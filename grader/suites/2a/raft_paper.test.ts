/**
 * The raft paper (https://raft.github.io/raft.pdf), sentence by sentence: a port of TinyKV's
 * raft/raft_paper_test.go (the project-2 version: 14 tests of 2AA, 11 of 2AB).
 *
 * Each test builds a raft in a known state, steps or ticks it, and checks the messages it
 * sends and the state it ends in. Where Go compares with reflect.DeepEqual, we compare
 * messages and entries built with newMessage / newEntry, so every default field matches.
 * Go's checks go on after a failed case (t.Errorf); ours stop at the first failure, whose
 * message names the case (#i) and what was checked.
 */
import { Entry, Message, MessageType, newEntry, newMessage } from '@target/proto/eraftpb';
import { MemoryStorage, None, Raft, StateType } from '@target/raft';
import {
  acceptAndReply,
  commitNoopEntry,
  drainMessages,
  expectEqual,
  expectLog,
  idsBySize,
  newTestRaft,
  sortMessages,
  stateName,
  stepIgnoringRaftError as step,
} from '../../../harness/raft/helpers';
import { newNetwork, nopStepper } from '../../../harness/raft/network';

/** UTF-8 bytes of a string, for entry data. */
function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Fresh copies of entries, so that no two storages or rafts share an entry object. */
function copyEntries(ents: Entry[]): Entry[] {
  return ents.map((e) => newEntry(e));
}

/** Puts a fresh 3-node raft with id 1 into `state` the way the Go tests do. */
function raftInState(state: StateType, followerTerm: number, followerLead: number, electionTick = 10): Raft {
  const r = newTestRaft(1, [1, 2, 3], electionTick, 1, new MemoryStorage());
  switch (state) {
    case StateType.Follower:
      r.becomeFollower(followerTerm, followerLead);
      break;
    case StateType.Candidate:
      r.becomeCandidate();
      break;
    case StateType.Leader:
      r.becomeCandidate();
      r.becomeLeader();
      break;
  }
  return r;
}

/**
 * Ticks `r` until it has something to send and returns how many ticks that took. Go loops
 * forever if nothing comes; we give up after `limit` ticks with a clear failure.
 */
function ticksUntilMessages(r: Raft, limit: number, what: string): number {
  let time = 0;
  while (drainMessages(r).length === 0) {
    if (time >= limit) throw new Error(`${what}: node ${r.id} sent nothing in ${limit} ticks`);
    r.tick();
    time++;
  }
  return time;
}

/** A MsgPropose of one entry with `data` (empty data: a noop-like entry), from node 1 to itself. */
function propose(data: Uint8Array = new Uint8Array(0)): Message {
  return newMessage({ from: 1, to: 1, msgType: MessageType.MsgPropose, entries: [newEntry({ data })] });
}

// §5.1: a node that sees a higher term adopts it, and a candidate or leader falls back to follower.
function testUpdateTermFromMessage(state: StateType): void {
  const r = raftInState(state, 1, 2);
  step(r, newMessage({ msgType: MessageType.MsgAppend, term: 2 }));
  expectEqual(r.term, 2, `term of a ${stateName(state)} at term 1 after a MsgAppend of term 2`);
  expectEqual(stateName(r.state), 'Follower', `state of a ${stateName(state)} after a MsgAppend of a higher term`);
}

// §5.1: a follower adopts a higher term seen in a message.
test('TestFollowerUpdateTermFromMessage2AA', () => {
  testUpdateTermFromMessage(StateType.Follower);
});

// §5.1: a candidate adopts a higher term and reverts to follower.
test('TestCandidateUpdateTermFromMessage2AA', () => {
  testUpdateTermFromMessage(StateType.Candidate);
});

// §5.1: a leader adopts a higher term and reverts to follower.
test('TestLeaderUpdateTermFromMessage2AA', () => {
  testUpdateTermFromMessage(StateType.Leader);
});

// §5.2: a server starts up as a follower.
test('TestStartAsFollower2AA', () => {
  const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
  expectEqual(stateName(r.state), 'Follower', 'state of a freshly created raft');
});

// §5.2: on a heartbeat tick the leader sends every follower a heartbeat with no entries, index or log term.
test('TestLeaderBcastBeat2AA', () => {
  const hi = 1; // heartbeat interval
  const r = newTestRaft(1, [1, 2, 3], 10, hi, new MemoryStorage());
  r.becomeCandidate();
  r.becomeLeader();
  step(r, newMessage({ msgType: MessageType.MsgPropose, entries: [newEntry()] }));
  drainMessages(r);

  for (let i = 0; i < hi; i++) r.tick();

  const msgs = sortMessages(drainMessages(r));
  const wmsgs = [
    newMessage({ from: 1, to: 2, term: 1, msgType: MessageType.MsgHeartbeat }),
    newMessage({ from: 1, to: 3, term: 1, msgType: MessageType.MsgHeartbeat }),
  ];
  expectEqual(msgs, wmsgs, `messages the leader sends after ${hi} heartbeat tick(s), sorted by recipient`);
});

// §5.2: a follower or candidate that hears nothing for an election timeout starts a new election.
function testNonleaderStartElection(state: StateType): void {
  const et = 10; // election timeout
  const r = raftInState(state, 1, 2, et);

  for (let i = 1; i < 2 * et; i++) r.tick();

  const who = `a ${stateName(state)} at term 1 after ${2 * et - 1} ticks`;
  expectEqual(r.term, 2, `term of ${who}`);
  expectEqual(stateName(r.state), 'Candidate', `state of ${who}`);
  expectEqual(r.votes.get(r.id) === true, true, `whether ${who} voted for itself`);
  const msgs = sortMessages(drainMessages(r));
  const wmsgs = [
    newMessage({ from: 1, to: 2, term: 2, msgType: MessageType.MsgRequestVote }),
    newMessage({ from: 1, to: 3, term: 2, msgType: MessageType.MsgRequestVote }),
  ];
  expectEqual(msgs, wmsgs, `messages sent by ${who}, sorted by recipient`);
}

// §5.2: a follower that times out becomes a candidate, votes for itself and asks every peer for a vote.
test('TestFollowerStartElection2AA', () => {
  testNonleaderStartElection(StateType.Follower);
});

// §5.2: a candidate that times out without a majority starts another election in a new term.
test('TestCandidateStartNewElection2AA', () => {
  testNonleaderStartElection(StateType.Candidate);
});

// §5.2: one round of votes either wins the election (majority), or leaves the node a candidate.
test('TestLeaderElectionInOneRoundRPC2AA', () => {
  const tests: { size: number; votes: [number, boolean][]; state: StateType }[] = [
    // a majority of votes wins the election
    { size: 1, votes: [], state: StateType.Leader },
    { size: 3, votes: [[2, true], [3, true]], state: StateType.Leader },
    { size: 3, votes: [[2, true]], state: StateType.Leader },
    { size: 5, votes: [[2, true], [3, true], [4, true], [5, true]], state: StateType.Leader },
    { size: 5, votes: [[2, true], [3, true], [4, true]], state: StateType.Leader },
    { size: 5, votes: [[2, true], [3, true]], state: StateType.Leader },

    // no majority: still a candidate
    { size: 3, votes: [], state: StateType.Candidate },
    { size: 5, votes: [[2, true]], state: StateType.Candidate },
    { size: 5, votes: [[2, false], [3, false]], state: StateType.Candidate },
    { size: 5, votes: [], state: StateType.Candidate },
  ];
  tests.forEach((tt, i) => {
    const r = newTestRaft(1, idsBySize(tt.size), 10, 1, new MemoryStorage());

    step(r, newMessage({ from: 1, to: 1, msgType: MessageType.MsgHup }));
    for (const [id, vote] of tt.votes) {
      step(r, newMessage({ from: id, to: 1, term: r.term, msgType: MessageType.MsgRequestVoteResponse, reject: !vote }));
    }

    const votes = tt.votes.map(([id, v]) => `${id}:${v ? 'yes' : 'no'}`).join(' ') || 'none';
    const what = `#${i}: node 1 of ${tt.size} campaigned and got votes [${votes}]`;
    expectEqual(stateName(r.state), stateName(tt.state), `${what}: its state`);
    expectEqual(r.term, 1, `${what}: its term`);
  });
});

// §5.2: a follower votes for at most one candidate per term, first come first served.
test('TestFollowerVote2AA', () => {
  const tests: { vote: number; nvote: number; wreject: boolean }[] = [
    { vote: None, nvote: 1, wreject: false },
    { vote: None, nvote: 2, wreject: false },
    { vote: 1, nvote: 1, wreject: false },
    { vote: 2, nvote: 2, wreject: false },
    { vote: 1, nvote: 2, wreject: true },
    { vote: 2, nvote: 1, wreject: true },
  ];
  tests.forEach((tt, i) => {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    r.term = 1;
    r.vote = tt.vote;

    step(r, newMessage({ from: tt.nvote, to: 1, term: 1, msgType: MessageType.MsgRequestVote }));

    const msgs = drainMessages(r);
    const wmsgs = [newMessage({ from: 1, to: tt.nvote, term: 1, msgType: MessageType.MsgRequestVoteResponse, reject: tt.wreject })];
    expectEqual(msgs, wmsgs, `#${i}: reply of a follower that voted for ${tt.vote} in term 1 to a vote request from ${tt.nvote}`);
  });
});

// §5.2: a candidate that hears from a leader of at least its own term recognises it and becomes a follower.
test('TestCandidateFallback2AA', () => {
  const tests = [
    newMessage({ from: 2, to: 1, term: 1, msgType: MessageType.MsgAppend }),
    newMessage({ from: 2, to: 1, term: 2, msgType: MessageType.MsgAppend }),
  ];
  tests.forEach((tt, i) => {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    step(r, newMessage({ from: 1, to: 1, msgType: MessageType.MsgHup }));
    expectEqual(stateName(r.state), 'Candidate', `#${i}: state after MsgHup (the test needs a candidate)`);

    step(r, tt);

    const what = `#${i}: a candidate at term 1 after a MsgAppend of term ${tt.term} from node 2`;
    expectEqual(stateName(r.state), 'Follower', `${what}: its state`);
    expectEqual(r.term, tt.term, `${what}: its term`);
  });
});

// §5.2: election timeouts are randomised: over 500 rounds every timeout in (et, 2et) shows up.
function testNonleaderElectionTimeoutRandomized(state: StateType): void {
  const et = 10;
  const r = newTestRaft(1, [1, 2, 3], et, 1, new MemoryStorage());
  const timeouts = new Set<number>();
  for (let round = 0; round < 50 * et; round++) {
    if (state === StateType.Follower) r.becomeFollower(r.term + 1, 2);
    else r.becomeCandidate();
    timeouts.add(ticksUntilMessages(r, 100 * et, `round ${round}`));
  }

  const missing: number[] = [];
  for (let d = et + 1; d < 2 * et; d++) {
    if (!timeouts.has(d)) missing.push(d);
  }
  const seen = [...timeouts].sort((a, b) => a - b).join(', ');
  expectEqual(missing, [], `election timeouts (in ticks, 11..19 should all occur) that never occurred in ${50 * et} rounds as a ${stateName(state)}; seen: ${seen}`);
}

// §5.2: a follower's election timeout is randomised.
test('TestFollowerElectionTimeoutRandomized2AA', () => {
  testNonleaderElectionTimeoutRandomized(StateType.Follower);
});

// §5.2: a candidate's election timeout is randomised.
test('TestCandidateElectionTimeoutRandomized2AA', () => {
  testNonleaderElectionTimeoutRandomized(StateType.Candidate);
});

// §5.2: randomised timeouts mean that usually only one of several nodes times out first (few split votes).
function testNonleadersElectionTimeoutNonconflict(state: StateType): void {
  const et = 10;
  const size = 5;
  const ids = idsBySize(size);
  const rs = ids.map((id) => newTestRaft(id, ids, et, 1, new MemoryStorage()));
  const rounds = 1000;
  let conflicts = 0;
  for (let round = 0; round < rounds; round++) {
    for (const r of rs) {
      if (state === StateType.Follower) r.becomeFollower(r.term + 1, None);
      else r.becomeCandidate();
    }

    let timeoutNum = 0;
    for (let tick = 0; timeoutNum === 0; tick++) {
      if (tick >= 100 * et) throw new Error(`round ${round}: no node sent anything in ${100 * et} ticks`);
      for (const r of rs) {
        r.tick();
        if (drainMessages(r).length > 0) timeoutNum++;
      }
    }
    // more than one node timed out on the same tick
    if (timeoutNum > 1) conflicts++;
  }

  const g = conflicts / rounds;
  expectEqual(g <= 0.3, true, `share of ${rounds} rounds in which several ${stateName(state)}s timed out on the same tick is ${g}, want <= 0.3`);
}

// §5.2: followers seldom time out on the same tick.
test('TestFollowersElectionTimeoutNonconflict2AA', () => {
  testNonleadersElectionTimeoutNonconflict(StateType.Follower);
});

// §5.2: candidates seldom time out on the same tick.
test('TestCandidatesElectionTimeoutNonconflict2AA', () => {
  testNonleadersElectionTimeoutNonconflict(StateType.Candidate);
});

// §5.3: a leader appends a proposal to its log (unstable) and sends it to every follower with the preceding index and term.
test('TestLeaderStartReplication2AB', () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  commitNoopEntry(r, s);
  const li = r.raftLog.lastIndex();

  step(r, propose(bytes('some data')));

  expectEqual(r.raftLog.lastIndex(), li + 1, 'last index of the leader after one proposal');
  expectEqual(r.raftLog.committed, li, 'committed index of the leader before any follower acknowledged');
  const msgs = sortMessages(drainMessages(r));
  const ent = newEntry({ index: li + 1, term: 1, data: bytes('some data') });
  const wmsgs = [
    newMessage({ from: 1, to: 2, term: 1, msgType: MessageType.MsgAppend, index: li, logTerm: 1, entries: [ent], commit: li }),
    newMessage({ from: 1, to: 3, term: 1, msgType: MessageType.MsgAppend, index: li, logTerm: 1, entries: [ent], commit: li }),
  ];
  expectEqual(msgs, wmsgs, 'appends the leader sends for the proposal, sorted by recipient');
  expectEqual(r.raftLog.unstableEntries(), [ent], 'unstable entries of the leader after the proposal');
});

// §5.3: once an entry is replicated, the leader commits it, hands it out to apply, and tells followers the new commit index.
test('TestLeaderCommitEntry2AB', () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  commitNoopEntry(r, s);
  const li = r.raftLog.lastIndex();
  step(r, propose(bytes('some data')));

  for (const m of drainMessages(r)) step(r, acceptAndReply(m));

  expectEqual(r.raftLog.committed, li + 1, 'committed index of the leader after both followers accepted the entry');
  const wents = [newEntry({ index: li + 1, term: 1, data: bytes('some data') })];
  expectEqual(r.raftLog.nextEnts(), wents, 'entries the leader hands out to apply');
  const msgs = sortMessages(drainMessages(r));
  msgs.forEach((m, i) => {
    const what = `message #${i} the leader sends after the commit (sorted by recipient)`;
    expectEqual(m.to, i + 2, `${what}: its recipient`);
    expectEqual(MessageType[m.msgType], MessageType[MessageType.MsgAppend], `${what}: its type`);
    expectEqual(m.commit, li + 1, `${what}: its commit index`);
  });
});

// §5.3: an entry is committed once the leader has replicated it on a majority of the servers.
test('TestLeaderAcknowledgeCommit2AB', () => {
  const tests: { size: number; acceptors: number[]; wack: boolean }[] = [
    { size: 1, acceptors: [], wack: true },
    { size: 3, acceptors: [], wack: false },
    { size: 3, acceptors: [2], wack: true },
    { size: 3, acceptors: [2, 3], wack: true },
    { size: 5, acceptors: [], wack: false },
    { size: 5, acceptors: [2], wack: false },
    { size: 5, acceptors: [2, 3], wack: true },
    { size: 5, acceptors: [2, 3, 4], wack: true },
    { size: 5, acceptors: [2, 3, 4, 5], wack: true },
  ];
  tests.forEach((tt, i) => {
    const s = new MemoryStorage();
    const r = newTestRaft(1, idsBySize(tt.size), 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    commitNoopEntry(r, s);
    const li = r.raftLog.lastIndex();
    step(r, propose(bytes('some data')));

    for (const m of drainMessages(r)) {
      if (tt.acceptors.includes(m.to)) step(r, acceptAndReply(m));
    }

    expectEqual(r.raftLog.committed > li, tt.wack,
      `#${i}: whether a leader of ${tt.size} commits a new entry accepted by [${tt.acceptors.join(', ')}]`);
  });
});

// §5.3: committing an entry commits every entry before it, older terms included, and they are applied in order.
test('TestLeaderCommitPrecedingEntries2AB', () => {
  const tests: Entry[][] = [
    [],
    [newEntry({ term: 2, index: 1 })],
    [newEntry({ term: 1, index: 1 }), newEntry({ term: 2, index: 2 })],
    [newEntry({ term: 1, index: 1 })],
  ];
  tests.forEach((tt, i) => {
    const storage = new MemoryStorage();
    storage.append(copyEntries(tt));
    const r = newTestRaft(1, [1, 2, 3], 10, 1, storage);
    r.term = 2;
    r.becomeCandidate();
    r.becomeLeader();
    step(r, propose(bytes('some data')));

    for (const m of drainMessages(r)) step(r, acceptAndReply(m));

    const li = tt.length;
    const wents = [...tt, newEntry({ term: 3, index: li + 1 }), newEntry({ term: 3, index: li + 2, data: bytes('some data') })];
    expectEqual(r.raftLog.nextEnts(), wents,
      `#${i}: entries to apply once followers accepted the noop and a proposal, on top of ${li} older entries`);
  });
});

// §5.3: a follower that learns an entry is committed applies it, and those before it, in log order.
test('TestFollowerCommitEntry2AB', () => {
  const tests: { ents: Entry[]; commit: number }[] = [
    {
      ents: [newEntry({ term: 1, index: 1, data: bytes('some data') })],
      commit: 1,
    },
    {
      ents: [
        newEntry({ term: 1, index: 1, data: bytes('some data') }),
        newEntry({ term: 1, index: 2, data: bytes('some data2') }),
      ],
      commit: 2,
    },
    {
      ents: [
        newEntry({ term: 1, index: 1, data: bytes('some data2') }),
        newEntry({ term: 1, index: 2, data: bytes('some data') }),
      ],
      commit: 2,
    },
    {
      ents: [
        newEntry({ term: 1, index: 1, data: bytes('some data') }),
        newEntry({ term: 1, index: 2, data: bytes('some data2') }),
      ],
      commit: 1,
    },
  ];
  tests.forEach((tt, i) => {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    r.becomeFollower(1, 2);

    step(r, newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppend, term: 1, entries: tt.ents, commit: tt.commit }));

    const what = `#${i}: a follower sent ${tt.ents.length} entries with commit ${tt.commit}`;
    expectEqual(r.raftLog.committed, tt.commit, `${what}: its committed index`);
    expectEqual(r.raftLog.nextEnts(), tt.ents.slice(0, tt.commit), `${what}: the entries it hands out to apply`);
  });
});

// §5.3: a follower rejects an append unless its log has an entry with the preceding index and term.
test('TestFollowerCheckMessageType_MsgAppend2AB', () => {
  const ents = [newEntry({ term: 1, index: 1 }), newEntry({ term: 2, index: 2 })];
  const tests: { term: number; index: number; wreject: boolean }[] = [
    // matches a committed entry
    { term: 0, index: 0, wreject: false },
    { term: ents[0].term, index: ents[0].index, wreject: false },
    // matches an uncommitted entry
    { term: ents[1].term, index: ents[1].index, wreject: false },

    // the entry at that index has another term
    { term: ents[0].term, index: ents[1].index, wreject: true },
    // there is no entry at that index
    { term: ents[1].term + 1, index: ents[1].index + 1, wreject: true },
  ];
  tests.forEach((tt, i) => {
    const storage = new MemoryStorage();
    storage.append(copyEntries(ents));
    const r = newTestRaft(1, [1, 2, 3], 10, 1, storage);
    r.raftLog.committed = 1;
    r.becomeFollower(2, 2);
    drainMessages(r);

    step(r, newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppend, term: 2, logTerm: tt.term, index: tt.index }));

    const msgs = drainMessages(r);
    const what = `#${i}: reply to an append after index ${tt.index} term ${tt.term} (log: 1@1, 2@2)`;
    expectEqual(msgs.length, 1, `${what}: number of messages`);
    expectEqual(msgs[0].term, 2, `${what}: its term`);
    expectEqual(msgs[0].reject, tt.wreject, `${what}: whether it rejects`);
  });
});

// §5.3: a valid append deletes the first conflicting entry and all after it, then adds the new entries (unstable until persisted).
test('TestFollowerAppendEntries2AB', () => {
  const e = (term: number, index: number): Entry => newEntry({ term, index });
  const tests: { index: number; term: number; lterm: number; ents: Entry[]; wents: Entry[]; wunstable: Entry[] }[] = [
    { index: 2, term: 2, lterm: 3, ents: [e(3, 3)], wents: [e(1, 1), e(2, 2), e(3, 3)], wunstable: [e(3, 3)] },
    { index: 1, term: 1, lterm: 4, ents: [e(3, 2), e(4, 3)], wents: [e(1, 1), e(3, 2), e(4, 3)], wunstable: [e(3, 2), e(4, 3)] },
    { index: 0, term: 0, lterm: 2, ents: [e(1, 1)], wents: [e(1, 1), e(2, 2)], wunstable: [] },
    { index: 0, term: 0, lterm: 3, ents: [e(3, 1)], wents: [e(3, 1)], wunstable: [e(3, 1)] },
  ];
  tests.forEach((tt, i) => {
    const storage = new MemoryStorage();
    storage.append([e(1, 1), e(2, 2)]);
    const r = newTestRaft(1, [1, 2, 3], 10, 1, storage);
    r.becomeFollower(2, 2);

    step(r, newMessage({
      from: 2, to: 1, msgType: MessageType.MsgAppend, term: tt.lterm, logTerm: tt.term, index: tt.index, entries: tt.ents,
    }));

    const what = `#${i}: a follower with log 1@1, 2@2 got an append after index ${tt.index} term ${tt.term}`;
    expectEqual(r.raftLog.allEntries(), tt.wents, `${what}: all its entries`);
    expectEqual(r.raftLog.unstableEntries(), tt.wunstable, `${what}: its unstable entries`);
  });
});

// §5.3, figure 7: a new leader brings each follower's log (missing, extra or conflicting entries) in line with its own.
test('TestLeaderSyncFollowerLog2AB', () => {
  /** Entries 0..n, the first the dummy {0,0}, with the given terms for indexes 1..n. */
  const logOf = (...terms: number[]): Entry[] => [newEntry(), ...terms.map((term, k) => newEntry({ term, index: k + 1 }))];
  const ents = logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
  const term = 8;
  const tests: Entry[][] = [
    logOf(1, 1, 1, 4, 4, 5, 5, 6, 6),
    logOf(1, 1, 1, 4),
    logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6),
    logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7),
    logOf(1, 1, 1, 4, 4, 4, 4),
    logOf(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3),
  ];
  tests.forEach((tt, i) => {
    const leadStorage = new MemoryStorage();
    leadStorage.append(copyEntries(ents));
    const lead = newTestRaft(1, [1, 2, 3], 10, 1, leadStorage);
    lead.term = term;
    lead.raftLog.committed = lead.raftLog.lastIndex();
    const followerStorage = new MemoryStorage();
    followerStorage.append(copyEntries(tt));
    const follower = newTestRaft(2, [1, 2, 3], 10, 1, followerStorage);
    follower.term = term - 1;
    // Three nodes: the follower's log may be more up to date than the leader's, so the leader
    // needs the vote of node 3 (a black hole, whose vote we send by hand) to win.
    const n = newNetwork(lead, follower, nopStepper);
    n.send(newMessage({ from: 1, to: 1, msgType: MessageType.MsgHup }));
    // The election happens in the term after the leader's loaded term.
    n.send(newMessage({ from: 3, to: 1, msgType: MessageType.MsgRequestVoteResponse, term: term + 1 }));

    n.send(propose());

    expectLog(follower.raftLog, lead.raftLog,
      `#${i}: log of the follower (${tt.length - 1} entries at the start) against the leader's, after election and one proposal`);
  });
});

// §5.4.1: a vote request carries the index and term of the candidate's last entry and goes to every other node.
test('TestVoteRequest2AB', () => {
  const tests: { ents: Entry[]; wterm: number }[] = [
    { ents: [newEntry({ term: 1, index: 1 })], wterm: 2 },
    { ents: [newEntry({ term: 1, index: 1 }), newEntry({ term: 2, index: 2 })], wterm: 3 },
  ];
  tests.forEach((tt, j) => {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    step(r, newMessage({
      from: 2, to: 1, msgType: MessageType.MsgAppend, term: tt.wterm - 1, logTerm: 0, index: 0, entries: tt.ents,
    }));
    drainMessages(r);

    for (let ticks = 0; r.state !== StateType.Candidate; ticks++) {
      if (ticks >= 1000) throw new Error(`#${j}: node 1 did not become a candidate in ${ticks} ticks`);
      r.tick();
    }

    const msgs = sortMessages(drainMessages(r));
    expectEqual(msgs.length, 2, `#${j}: number of messages a new candidate sends`);
    const last = tt.ents[tt.ents.length - 1];
    msgs.forEach((m, i) => {
      const what = `#${j}: vote request #${i} (sorted by recipient) of a candidate whose last entry is ${last.index}@${last.term}`;
      expectEqual(MessageType[m.msgType], MessageType[MessageType.MsgRequestVote], `${what}: its type`);
      expectEqual(m.to, i + 2, `${what}: its recipient`);
      expectEqual(m.term, tt.wterm, `${what}: its term`);
      expectEqual(m.index, last.index, `${what}: its index`);
      expectEqual(m.logTerm, last.term, `${what}: its log term`);
    });
  });
});

// §5.4.1: a voter denies its vote to a candidate whose log is less up to date than its own.
test('TestVoter2AB', () => {
  const tests: { ents: Entry[]; logterm: number; index: number; wreject: boolean }[] = [
    // same last term
    { ents: [newEntry({ term: 1, index: 1 })], logterm: 1, index: 1, wreject: false },
    { ents: [newEntry({ term: 1, index: 1 })], logterm: 1, index: 2, wreject: false },
    { ents: [newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2 })], logterm: 1, index: 1, wreject: true },
    // the candidate's last term is higher
    { ents: [newEntry({ term: 1, index: 1 })], logterm: 2, index: 1, wreject: false },
    { ents: [newEntry({ term: 1, index: 1 })], logterm: 2, index: 2, wreject: false },
    { ents: [newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2 })], logterm: 2, index: 1, wreject: false },
    // the voter's last term is higher
    { ents: [newEntry({ term: 2, index: 1 })], logterm: 1, index: 1, wreject: true },
    { ents: [newEntry({ term: 2, index: 1 })], logterm: 1, index: 2, wreject: true },
    { ents: [newEntry({ term: 2, index: 1 }), newEntry({ term: 1, index: 2 })], logterm: 1, index: 1, wreject: true },
  ];
  tests.forEach((tt, i) => {
    const storage = new MemoryStorage();
    storage.append(copyEntries(tt.ents));
    const r = newTestRaft(1, [1, 2], 10, 1, storage);

    step(r, newMessage({ from: 2, to: 1, msgType: MessageType.MsgRequestVote, term: 3, logTerm: tt.logterm, index: tt.index }));

    const msgs = drainMessages(r);
    const log = tt.ents.map((e) => `${e.index}@${e.term}`).join(', ');
    const what = `#${i}: reply of a voter with log [${log}] to a candidate whose last entry is ${tt.index}@${tt.logterm}`;
    expectEqual(msgs.length, 1, `${what}: number of messages`);
    expectEqual(MessageType[msgs[0].msgType], MessageType[MessageType.MsgRequestVoteResponse], `${what}: its type`);
    expectEqual(msgs[0].reject, tt.wreject, `${what}: whether it rejects`);
  });
});

// §5.4.2: a leader commits by counting replicas only entries of its current term.
test('TestLeaderOnlyCommitsLogFromCurrentTerm2AB', () => {
  const ents = [newEntry({ term: 1, index: 1 }), newEntry({ term: 2, index: 2 })];
  const tests: { index: number; wcommit: number }[] = [
    // entries of earlier terms are not committed by counting
    { index: 1, wcommit: 0 },
    { index: 2, wcommit: 0 },
    // an entry of the current term is
    { index: 3, wcommit: 3 },
  ];
  tests.forEach((tt, i) => {
    const storage = new MemoryStorage();
    storage.append(copyEntries(ents));
    const r = newTestRaft(1, [1, 2], 10, 1, storage);
    r.term = 2;
    // leader in term 3
    r.becomeCandidate();
    r.becomeLeader();
    drainMessages(r);
    // an entry of the current term
    step(r, propose());

    step(r, newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppendResponse, term: r.term, index: tt.index }));
    expectEqual(r.raftLog.committed, tt.wcommit,
      `#${i}: committed index of a term-3 leader (log 1@1, 2@2, noop, proposal) after node 2 acknowledged up to ${tt.index}`);
  });
});
