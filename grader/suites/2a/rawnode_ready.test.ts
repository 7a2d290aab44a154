/**
 * Project 2A, part 2AC: the Ready contract between three RawNodes, through the full Ready loop
 * (persist, send, apply, advance; harness/raft/rawnode-group.ts). Ours, not TinyKV's: TinyKV's
 * two 2AC tests use a single node, which sends no messages at all.
 *
 * - A Ready carries the hard state whenever any of term, vote or commit changed, so that what a
 *   message promises (a vote above all) is on disk before the message leaves.
 * - Each message is handed out by exactly one Ready: ready() takes the messages out of raft.
 */
import { MessageType, StateType } from '@target/raft';
import { expectEqual, stateName } from '../../../harness/raft/helpers';
import { describeMessage, RawNodeGroup, SentMessage } from '../../../harness/raft/rawnode-group';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Role and term of node `id`, for one readable comparison. */
function roleOf(g: RawNodeGroup, id: number): { state: string; term: number } {
  const r = g.node(id).rn.raft;
  return { state: stateName(r.state), term: r.term };
}

/** Where a recorded message left: "node 1's Ready #3 (persisted term 2, vote 0, commit 2)". */
function whence(s: SentMessage): string {
  return `node ${s.node}'s Ready #${s.ready} (persisted by then: term ${s.persisted.term}, vote ${s.persisted.vote}, commit ${s.persisted.commit})`;
}

// A vote is a promise for a whole term: a node that grants it, crashes and restarts must still
// remember it, or it can vote twice in one term and elect two leaders. So the Ready that carries
// a grant must also carry the new vote, to be persisted first, even when the vote is the only
// thing in the hard state that changed (a vote in the node's current term). Here node 1, deposed
// by a stale candidate, moves to term 2 without a vote; then it votes for node 2 in term 2.
test('TestVoteIsPersistedBeforeGrantIsSent2AC', () => {
  const g = new RawNodeGroup(3);
  g.node(1).rn.campaign();
  g.settle();
  expectEqual(roleOf(g, 1), { state: stateName(StateType.Leader), term: 1 }, 'setup: node 1 is elected in term 1');

  // Node 3 is cut off while node 1 commits a proposal with node 2: node 3's log is behind.
  g.msgHook = (m) => m.from !== 3 && m.to !== 3;
  g.node(1).rn.propose(enc.encode('x'));
  g.settle();
  expectEqual(g.node(1).rn.raft.raftLog.committed, 2, 'setup: node 1 commits its noop and the proposal with node 2');

  // Node 3 campaigns for term 2; only node 1 hears it and, as node 3's log is behind, rejects it.
  g.msgHook = (m) => !(m.from === 3 && m.to === 2) && !(m.from === 2 && m.to === 3);
  g.node(3).rn.campaign();
  g.settle();
  expectEqual(roleOf(g, 1), { state: stateName(StateType.Follower), term: 2 }, 'setup: node 1 steps down to term 2 on node 3\'s vote request');
  const hs1 = g.node(1).storage.initialState().hardState;
  expectEqual({ term: hs1.term, vote: hs1.vote }, { term: 2, vote: 0 },
    'setup: node 1\'s persisted hard state after rejecting node 3: term 2 with no vote (the Ready must carry a new term)');
  expectEqual(roleOf(g, 2).term, 1, 'setup: node 2 has not heard of term 2');

  // Node 2 campaigns for term 2 too: node 1 is in term 2 already and grants its vote. Only the
  // vote changes in node 1's hard state.
  g.msgHook = null;
  const before = g.sent.length;
  g.node(2).rn.campaign();
  g.settle();
  expectEqual(roleOf(g, 2), { state: stateName(StateType.Leader), term: 2 }, 'setup: node 2 wins term 2 with node 1\'s vote');
  const grants = g.sent.slice(before).filter((s) => s.msg.msgType === MessageType.MsgRequestVoteResponse && !s.msg.reject && s.node === 1);
  expectEqual(grants.map((s) => ({ to: s.msg.to, term: s.msg.term })), [{ to: 2, term: 2 }], 'setup: node 1 grants its vote to node 2 in term 2, once');

  // Every grant in the whole exchange left after its vote and term were persisted.
  for (const s of g.sent) {
    const m = s.msg;
    if (m.msgType !== MessageType.MsgRequestVoteResponse || m.reject) continue;
    if (s.persisted.term !== m.term || s.persisted.vote !== m.to) {
      throw new Error(`node ${s.node} granted its vote to node ${m.to} in term ${m.term} (${describeMessage(m)}), handed out by ${whence(s)}: `
        + `the hard state on disk when the grant left must have term ${m.term} and vote ${m.to}. `
        + (s.persisted.term === m.term
          ? 'Only the vote changed, and that Ready did not carry the new hard state: ready() and hasReady() must compare the vote too, '
            + 'not only term and commit (use isHardStateEqual). A node that crashes then has forgotten its vote and can vote twice in the term.'
          : 'The Ready that carries a message must carry the hard state it depends on: compare term, vote and commit with the last Ready\'s.'));
    }
  }
  // And no message left before the term it carries was persisted.
  for (const s of g.sent) {
    if (s.msg.term > s.persisted.term) {
      throw new Error(`${describeMessage(s.msg)} was handed out by ${whence(s)}: term ${s.msg.term} was not on disk yet. `
        + 'A Ready must carry the hard state whenever the term changed, so that it is persisted before the messages are sent.');
    }
  }
});

/**
 * Fails if a vote request (or answer) between the same two nodes in one term was handed out
 * twice in the exchange so far: the same message from a second Ready, even as a copy. (The
 * group itself fails at once if the same message object comes out of a second Ready.)
 */
function checkEachMessageOnce(g: RawNodeGroup, round: number): void {
  const cause = 'ready() must take the messages out of raft (reset raft.msgs once it hands them out): otherwise every Ready sends all '
    + 'earlier messages again';
  const votes = new Map<string, SentMessage>();
  for (const s of g.sent) {
    const m = s.msg;
    if (m.msgType !== MessageType.MsgRequestVote && m.msgType !== MessageType.MsgRequestVoteResponse) continue;
    const key = `${m.msgType} ${m.from} ${m.to} ${m.term}`;
    const first = votes.get(key);
    if (first !== undefined) {
      throw new Error(`round ${round}: node ${m.from} sent ${MessageType[m.msgType]} to node ${m.to} in term ${m.term} twice, in ${whence(first)} `
        + `and in ${whence(s)}. With no ticks and no lost messages, each node asks each other node for its vote (and answers) once per term. ${cause}.`);
    }
    votes.set(key, s);
  }
}

// Three nodes elect a leader and replicate two proposals through the Ready loop: every message
// comes out of exactly one Ready, every committed entry is applied once on every node, and the
// group goes quiet.
test('TestReadyHandsOutEachMessageOnce2AC', () => {
  const g = new RawNodeGroup(3);
  g.node(1).rn.campaign();
  g.settle((round) => checkEachMessageOnce(g, round));
  expectEqual(roleOf(g, 1), { state: stateName(StateType.Leader), term: 1 }, 'node 1 after it campaigned in a group of 3');
  const asked = g.sent.filter((s) => s.msg.msgType === MessageType.MsgRequestVote).map((s) => `${s.msg.from}->${s.msg.to}`).sort();
  expectEqual(asked, ['1->2', '1->3'], 'vote requests sent in term 1 (node 1 asks nodes 2 and 3, once each)');

  g.node(1).rn.propose(enc.encode('a'));
  g.node(1).rn.propose(enc.encode('b'));
  g.settle((round) => checkEachMessageOnce(g, round));

  for (const n of g.nodes.values()) {
    expectEqual(n.applied.map((e) => `${e.index}:${dec.decode(e.data)}`), ['1:', '2:a', '3:b'],
      `entries node ${n.id} was handed to apply (index:data), over all its Readies: the noop and the two proposals, each once`);
    expectEqual(n.rn.hasReady(), false, `hasReady() of node ${n.id} once the group is quiet`);
  }
  const handedOut = g.sent.filter((s) => s.msg.msgType !== MessageType.MsgPropose).length;
  expectEqual(handedOut > 0, true, 'the exchange sent messages (a sanity check of the test itself)');
});
