/**
 * The raft paper (https://raft.github.io/raft.pdf), sentence by sentence: a port of TinyKV's
 * raft/raft_paper_test.go (the project-2 version: 14 tests of 2AA, 11 of 2AB).
 *
 * Each test builds a raft in a known state, steps or ticks it, and checks the messages it
 * sends and the state it ends in. Where Go compares with reflect.DeepEqual, we compare
 * messages and entries built with newMessage / newEntry, so every default field matches.
 * Go's checks go on after a failed case (t.Errorf); ours stop at the first failure, whose
 * first line names the case by its inputs, what was expected and what happened, and whose
 * second line, where a common mistake is known to cause it, names that mistake.
 */
import { Entry, Message, MessageType, newEntry, newMessage } from '@target/proto/eraftpb';
import { MemoryStorage, None, Raft, StateType } from '@target/raft';
import {
  acceptAndReply,
  commitNoopEntry,
  drainMessages,
  idsBySize,
  newTestRaft,
  sortMessages,
  stateName,
  stepIgnoringRaftError as step,
} from '../../../harness/raft/helpers';
import { expectLogIs, expectValue } from '../../../harness/raft/describe';
import { formatMessage, formatMessages, shortEntries } from '../../../harness/raft/format';
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
    if (time >= limit) {
      throw new Error(`${what}: expected node ${r.id} to campaign (send MsgRequestVote) once its election timeout ran out, `
        + `got nothing in ${limit} ticks\na common cause: tick() not counting electionElapsed up to the randomised timeout `
        + 'and stepping a MsgHup, or the timeout not reset to a fresh value by becomeFollower/becomeCandidate');
    }
    r.tick();
    time++;
  }
  return time;
}

/** The hint of the election-timeout tests: the timeout is drawn once, or from the wrong range. */
const RANDOMISED_TIMEOUT = 'the election timeout drawn once (in newRaft) instead of anew at every reset (becomeFollower, '
  + 'becomeCandidate), or drawn outside [electionTimeout, 2 * electionTimeout)';

/** The hint of the commit tests: a leader must start its term with an empty entry. */
const NOOP = 'becomeLeader() not appending an empty (noop) entry of its new term; the expected logs hold one';

/** A MsgPropose of one entry with `data` (empty data: a noop-like entry), from node 1 to itself. */
function propose(data: Uint8Array = new Uint8Array(0)): Message {
  return newMessage({ from: 1, to: 1, msgType: MessageType.MsgPropose, entries: [newEntry({ data })] });
}

// §5.1: a node that sees a higher term adopts it, and a candidate or leader falls back to follower.
function testUpdateTermFromMessage(state: StateType): void {
  const r = raftInState(state, 1, 2);
  const m = newMessage({ msgType: MessageType.MsgAppend, term: 2 });
  const who = `a ${stateName(state)} at term ${r.term} after ${formatMessage(m)}`;
  step(r, m);
  const hint = 'step() not calling becomeFollower(m.term, ...) for a message of a higher term before anything else';
  expectValue(r.term, 2, who, 'term', { hint });
  expectValue(stateName(r.state), 'Follower', who, 'state', { hint });
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
  expectValue(stateName(r.state), 'Follower', 'a raft just made by newRaft', 'state',
    { hint: 'newRaft() not ending with becomeFollower(term, None)' });
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
  expectValue(msgs, wmsgs, `a leader of 1, 2, 3 at term 1 after ${hi} heartbeat tick(s)`, 'messages (sorted by recipient)', {
    show: formatMessages,
    hint: "a leader's tick() not stepping a MsgBeat every heartbeatTimeout ticks, or heartbeats carrying entries, "
      + 'an index or a log term (nothing has been acknowledged, so the commit they carry is 0)',
  });
});

// §5.2: a follower or candidate that hears nothing for an election timeout starts a new election.
function testNonleaderStartElection(state: StateType): void {
  const et = 10; // election timeout
  const r = raftInState(state, 1, 2, et);

  for (let i = 1; i < 2 * et; i++) r.tick();

  const who = `a ${stateName(state)} of 1, 2, 3 at term 1 with an empty log, after ${2 * et - 1} ticks (election timeout ${et})`;
  const timeout = 'tick() not stepping a MsgHup once electionElapsed reaches the randomised timeout, '
    + `which must be below ${2 * et}`;
  expectValue(r.term, 2, who, 'term', { hint: timeout });
  expectValue(stateName(r.state), 'Candidate', who, 'state', { hint: timeout });
  expectValue(r.votes.get(r.id) === true, true, who, 'votes[1]', {
    hint: 'becomeCandidate() not recording the vote for itself in votes',
  });
  const msgs = sortMessages(drainMessages(r));
  const wmsgs = [
    newMessage({ from: 1, to: 2, term: 2, msgType: MessageType.MsgRequestVote }),
    newMessage({ from: 1, to: 3, term: 2, msgType: MessageType.MsgRequestVote }),
  ];
  expectValue(msgs, wmsgs, who, 'messages (sorted by recipient)', {
    show: formatMessages,
    hint: 'vote requests not sent to every other node, or not carrying the last index and its term (0 and 0 here)',
  });
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
    const what = `case ${i}: node 1 of ${tt.size} after it campaigned and got the answers [${votes}] (its own vote counts)`;
    expectValue(stateName(r.state), stateName(tt.state), what, 'state', {
      hint: (got) => got === stateName(StateType.Candidate)
        ? `the candidate not counting its own vote, or a majority taken as more than ${Math.floor(tt.size / 2) + 1} of ${tt.size}`
        : got === stateName(StateType.Leader)
          ? 'rejections counted as votes, or a majority taken as half of the nodes or less'
          : 'a candidate that steps down before a majority rejected it',
    });
    expectValue(r.term, 1, what, 'term', { hint: 'a campaign that raises the term more than once' });
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

    const req = newMessage({ from: tt.nvote, to: 1, term: 1, msgType: MessageType.MsgRequestVote });
    step(r, req);

    const msgs = drainMessages(r);
    const wmsgs = [newMessage({ from: 1, to: tt.nvote, term: 1, msgType: MessageType.MsgRequestVoteResponse, reject: tt.wreject })];
    const voted = tt.vote === None ? 'has not voted' : `voted for ${tt.vote}`;
    expectValue(msgs, wmsgs, `case ${i}: a follower at term 1 that ${voted} receiving ${formatMessage(req)}`, 'reply', {
      show: formatMessages,
      hint: tt.wreject
        ? 'a second vote granted in the same term (a node votes at most once per term; only a new term clears vote)'
        : 'a vote refused to the candidate it already voted for, or to anyone while vote is None',
    });
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
    expectValue(stateName(r.state), 'Candidate', `case ${i}: node 1 of 1, 2, 3 after a MsgHup (the test needs a candidate)`, 'state');

    step(r, tt);

    const what = `case ${i}: a candidate at term 1 receiving ${formatMessage(tt)}`;
    expectValue(stateName(r.state), 'Follower', what, 'state', {
      hint: 'a candidate ignoring an append of its own term (a leader of that term exists: become its follower)',
    });
    expectValue(r.term, tt.term, what, 'term');
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
    timeouts.add(ticksUntilMessages(r, 100 * et, `a ${stateName(state)} of 1, 2, 3 in round ${round}`));
  }

  const missing: number[] = [];
  for (let d = et + 1; d < 2 * et; d++) {
    if (!timeouts.has(d)) missing.push(d);
  }
  const seen = [...timeouts].sort((a, b) => a - b).join(', ');
  expectValue(missing, [],
    `a ${stateName(state)} reset ${50 * et} times with election timeout ${et} (it campaigned after these numbers of ticks: ${seen})`,
    `timeouts among ${et + 1}..${2 * et - 1} that never occurred`, { hint: RANDOMISED_TIMEOUT });
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
      if (tick >= 100 * et) {
        throw new Error(`round ${round}: expected one of ${size} ${stateName(state)}s to campaign once its election timeout `
          + `ran out, got nothing from any in ${100 * et} ticks\na common cause: ${RANDOMISED_TIMEOUT}`);
      }
      for (const r of rs) {
        r.tick();
        if (drainMessages(r).length > 0) timeoutNum++;
      }
    }
    // more than one node timed out on the same tick
    if (timeoutNum > 1) conflicts++;
  }

  const g = conflicts / rounds;
  expectValue(g <= 0.3, true, `${size} ${stateName(state)}s reset together ${rounds} times (election timeout ${et})`,
    'share of rounds in which several timed out on the same tick', {
      show: (ok) => (ok ? 'at most 0.3' : String(g)),
      hint: RANDOMISED_TIMEOUT,
    });
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

  const who = `a leader of 1, 2, 3 at term 1 whose noop (index ${li}) is committed, after proposing "some data"`;
  expectValue(r.raftLog.lastIndex(), li + 1, who, 'lastIndex', { hint: li === 1 ? undefined : NOOP });
  expectValue(r.raftLog.committed, li, `${who}, before any follower answered`, 'committed', {
    hint: 'the leader committing before a majority (itself and one follower) holds the entry',
  });
  const msgs = sortMessages(drainMessages(r));
  const ent = newEntry({ index: li + 1, term: 1, data: bytes('some data') });
  const wmsgs = [
    newMessage({ from: 1, to: 2, term: 1, msgType: MessageType.MsgAppend, index: li, logTerm: 1, entries: [ent], commit: li }),
    newMessage({ from: 1, to: 3, term: 1, msgType: MessageType.MsgAppend, index: li, logTerm: 1, entries: [ent], commit: li }),
  ];
  expectValue(msgs, wmsgs, who, 'appends (sorted by recipient)', {
    show: formatMessages,
    hint: li === 1
      ? 'appends not carrying the index and term of the entry before the new one, or the commit index'
      : NOOP,
  });
  expectValue(r.raftLog.unstableEntries(), [ent], who, 'unstable entries', {
    show: shortEntries,
    hint: 'stabled not following what the application persisted, or the proposal stamped with a wrong index or term',
  });
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

  const who = `a leader of 1, 2, 3 at term 1 after both followers accepted entry ${li + 1} ("some data")`;
  expectValue(r.raftLog.committed, li + 1, who, 'committed', {
    hint: "the leader not raising match from a follower's MsgAppendResponse (match = m.index), or not recounting the quorum then",
  });
  const wents = [newEntry({ index: li + 1, term: 1, data: bytes('some data') })];
  expectValue(r.raftLog.nextEnts(), wents, who, 'entries to apply (nextEnts)', {
    show: shortEntries,
    hint: 'nextEnts() not returning the entries after applied up to committed',
  });
  const msgs = sortMessages(drainMessages(r));
  msgs.forEach((m, i) => {
    const what = `${who}: message ${i} of ${formatMessages(msgs)}`;
    expectValue(m.to, i + 2, what, 'to');
    expectValue(MessageType[m.msgType], MessageType[MessageType.MsgAppend], what, 'type');
    expectValue(m.commit, li + 1, what, 'commit', {
      hint: 'the leader not telling followers of its new commit index as soon as it moves',
    });
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

    const quorum = Math.floor(tt.size / 2) + 1;
    expectValue(r.raftLog.committed > li, tt.wack,
      `case ${i}: a leader of ${tt.size} (a majority is ${quorum}, itself included) whose entry ${li + 1} was accepted by `
      + `[${tt.acceptors.join(', ')}]`, '', {
        show: (acked) => (acked ? `entry ${li + 1} committed` : `entry ${li + 1} not committed (committed ${r.raftLog.committed})`),
        hint: tt.wack
          ? "the quorum not counting the leader's own match, or taken as more than half of the nodes plus one"
          : 'a commit on fewer acknowledgements than a majority of all nodes, the leader included',
      });
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
    expectValue(r.raftLog.nextEnts(), wents,
      `case ${i}: a leader at term 3 with older entries ${shortEntries(tt)}, after both followers accepted its noop and a proposal`,
      'entries to apply', {
        show: shortEntries,
        hint: (got) => (got.some((e) => e.term === 3 && e.data.length === 0)
          ? 'committing an entry without committing every entry before it (committed moves to an index, all below it are committed)'
          : NOOP),
      });
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

    const m = newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppend, term: 1, entries: tt.ents, commit: tt.commit });
    const what = `case ${i}: a follower at term 1 with an empty log receiving ${formatMessage(m)}`;
    step(r, m);

    expectValue(r.raftLog.committed, tt.commit, what, 'committed', {
      hint: (got) => (got > tt.commit
        ? "committed raised past the leader's commit (it moves to min(m.commit, index of the last new entry))"
        : 'committed not raised from the append\'s commit field'),
    });
    expectValue(r.raftLog.nextEnts(), tt.ents.slice(0, tt.commit), what, 'entries to apply (nextEnts)', {
      show: shortEntries,
      hint: 'nextEnts() not returning the entries after applied up to committed, in log order',
    });
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

    const m = newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppend, term: 2, logTerm: tt.term, index: tt.index });
    step(r, m);

    const msgs = drainMessages(r);
    const what = `case ${i}: a follower at term 2 with log [1@1, 2@2] committed 1 receiving ${formatMessage(m)}`;
    expectValue(msgs.length, 1, `${what} (it sent ${formatMessages(msgs)})`, 'number of replies');
    expectValue(msgs[0].term, 2, `${what}: its reply ${formatMessage(msgs[0])}`, 'term');
    expectValue(msgs[0].reject, tt.wreject, `${what}: its reply ${formatMessage(msgs[0])}`, 'reject', {
      hint: tt.wreject
        ? 'accepting without checking that the log has an entry at m.index whose term is m.logTerm'
        : 'rejecting an append whose previous entry matches (index 0 with logTerm 0 always matches)',
    });
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

    const m = newMessage({
      from: 2, to: 1, msgType: MessageType.MsgAppend, term: tt.lterm, logTerm: tt.term, index: tt.index, entries: tt.ents,
    });
    step(r, m);

    const what = `case ${i}: a follower at term 2 with stable log [1@1, 2@2] receiving ${formatMessage(m)}`;
    expectValue(r.raftLog.allEntries(), tt.wents, what, 'entries', {
      show: shortEntries,
      hint: 'truncating at the first new entry even when the log already has it with the same term (truncate only '
        + 'at the first conflict), or keeping a conflicting entry and those after it',
    });
    expectValue(r.raftLog.unstableEntries(), tt.wunstable, what, 'unstable entries', {
      show: shortEntries,
      hint: 'stabled not moved back to just before a conflicting entry that was cut, or matching entries rewritten as unstable',
    });
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

    const terms = (es: Entry[]): string => es.slice(1).map((e) => e.term).join(' ');
    expectLogIs(follower.raftLog, lead.raftLog,
      `case ${i}: follower 2 (terms ${terms(tt)}, term ${term - 1}) against leader 1 (terms ${terms(ents)}, all committed, `
      + `term ${term}) after 1's election and one proposal`,
      (got) => (shortEntries(got.allEntries()) === shortEntries(lead.raftLog.allEntries())
        ? 'the leader not telling followers of its new commit index as soon as it moves (send appends when committed changes)'
        : 'the leader not lowering next after a rejection until the logs match, or the follower not deleting a conflicting '
          + 'entry and all after it'));
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
      if (ticks >= 1000) {
        throw new Error(`case ${j}: expected a follower at term ${tt.wterm - 1} to become a candidate once its election timeout ran `
          + `out, got state ${stateName(r.state)} after ${ticks} ticks\na common cause: ${RANDOMISED_TIMEOUT}`);
      }
      r.tick();
    }

    const msgs = sortMessages(drainMessages(r));
    const last = tt.ents[tt.ents.length - 1];
    const who = `case ${j}: node 1 of 1, 2, 3 with log ${shortEntries(tt.ents)} at term ${tt.wterm - 1}, after its election timeout`;
    expectValue(msgs.length, 2, `${who} (it sent ${formatMessages(msgs)})`, 'number of vote requests', {
      hint: 'vote requests not sent to every other node, or sent twice',
    });
    msgs.forEach((m, i) => {
      const what = `${who}: message ${i} ${formatMessage(m)} (sorted by recipient)`;
      const lastEntry = 'a vote request not carrying the index of the last entry and the term of that entry';
      expectValue(MessageType[m.msgType], MessageType[MessageType.MsgRequestVote], what, 'type');
      expectValue(m.to, i + 2, what, 'to');
      expectValue(m.term, tt.wterm, what, 'term', { hint: 'the candidate not moving to a new term (term + 1) when it campaigns' });
      expectValue(m.index, last.index, what, 'index', { hint: lastEntry });
      expectValue(m.logTerm, last.term, what, 'logTerm', { hint: lastEntry });
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

    const m = newMessage({ from: 2, to: 1, msgType: MessageType.MsgRequestVote, term: 3, logTerm: tt.logterm, index: tt.index });
    step(r, m);

    const msgs = drainMessages(r);
    const last = tt.ents[tt.ents.length - 1];
    const what = `case ${i}: a voter with log ${shortEntries(tt.ents)} (last entry ${last.index}@${last.term}) receiving ${formatMessage(m)}`;
    expectValue(msgs.length, 1, `${what} (it sent ${formatMessages(msgs)})`, 'number of replies');
    expectValue(MessageType[msgs[0].msgType], MessageType[MessageType.MsgRequestVoteResponse], what, 'reply type');
    expectValue(msgs[0].reject, tt.wreject, what, 'reject', {
      hint: tt.logterm !== last.term
        ? 'the up-to-date check not deciding on the last terms first (a higher last term wins whatever the lengths, §5.4.1)'
        : 'the up-to-date check at equal last terms: the candidate needs index >= the voter\'s last index',
    });
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

    const ack = newMessage({ from: 2, to: 1, msgType: MessageType.MsgAppendResponse, term: r.term, index: tt.index });
    step(r, ack);
    expectValue(r.raftLog.committed, tt.wcommit,
      `case ${i}: a leader of 1, 2 at term 3 (log 1@1, 2@2, its noop 3@3, a proposal 4@3) receiving ${formatMessage(ack)}`,
      'committed', {
        hint: (got) => (got > tt.wcommit
          ? "committing an entry of an earlier term by counting replicas (§5.4.2: only the leader's own term's entries count)"
          : "the leader not committing its own term's entry once a majority (itself and node 2) holds it"),
      });
  });
});
