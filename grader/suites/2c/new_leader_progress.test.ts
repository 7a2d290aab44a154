/**
 * Project 2C: a new leader forgets the snapshot flow control of an earlier leadership. Ours, not
 * TinyKV's.
 *
 * A Progress in state Snapshot says "a snapshot I sent this follower is on its way: send it
 * nothing until the transfer ends". That is about a transfer of this leadership. A node that
 * loses the lead and wins it back must start every follower afresh (state Probe, match 0, next
 * lastIndex + 1, as etcd's becomeLeader does): otherwise it still believes the follower paused,
 * sends it nothing, and the follower hears only heartbeats until the old pause times out.
 */
import { MemoryStorage, Message, MessageType, StateType, newMessage } from '@target/raft';
import { drainMessages, expectEqual, newTestRaft, stateName } from '../../../harness/raft/helpers';
import { flowStateName, heartbeatResponse, makeCompactedLeader, progressOf } from '../../../harness/raft/snapshot';

/** What the messages to node `to` are, as "MsgAppend(index 8, 1 entries)" or "MsgHeartbeat". */
function describeTo(msgs: Message[], to: number): string[] {
  return msgs.filter((m) => m.to === to)
    .map((m) => (m.msgType === MessageType.MsgAppend ? `MsgAppend(index ${m.index}, ${m.entries.length} entries)` : MessageType[m.msgType]));
}

/** True if `msgs` holds a message that can bring node `to` entries: a MsgAppend or a MsgSnapshot. */
function carriesLogTo(msgs: Message[], to: number): boolean {
  return msgs.some((m) => m.to === to && (m.msgType === MessageType.MsgAppend || m.msgType === MessageType.MsgSnapshot));
}

const CAUSE = 'Most likely becomeLeader kept node 2\'s Progress from the earlier leadership, still in state Snapshot (paused). '
  + 'A new leader must give every follower a fresh Progress (state Probe, match 0, next = lastIndex + 1): the snapshot pause belonged '
  + 'to the old leadership\'s transfer, which this leader knows nothing about';

// A node that paused a follower for a snapshot, lost the lead and won it back must send that
// follower its entries again: the pause of the earlier leadership is over.
test('TestNewLeaderForgetsSnapshotPause2C', () => {
  const mem = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, mem);
  const { snapIndex } = makeCompactedLeader(r, mem);
  r.step(heartbeatResponse(r, 2));
  expectEqual(describeTo(drainMessages(r), 2), ['MsgSnapshot'], `setup: leader 1 of term 1 sends node 2 a snapshot at ${snapIndex} (node 2 needs compacted entries)`);
  expectEqual(flowStateName(progressOf(r, 2)), 'Snapshot', 'setup: leader 1 pauses node 2 while the snapshot is on its way');

  // Node 3 campaigns for term 2 and loses (node 1's log is longer); node 1 then wins term 3.
  const last = r.raftLog.lastIndex();
  r.step(newMessage({ msgType: MessageType.MsgRequestVote, from: 3, to: 1, term: 2, index: snapIndex, logTerm: 1 }));
  expectEqual({ state: stateName(r.state), term: r.term }, { state: stateName(StateType.Follower), term: 2 }, 'setup: node 1 steps down on a vote request of term 2');
  r.step(newMessage({ msgType: MessageType.MsgHup, from: 1, to: 1 }));
  drainMessages(r);
  r.step(newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 3, to: 1, term: 3 }));
  expectEqual({ state: stateName(r.state), term: r.term }, { state: stateName(StateType.Leader), term: 3 }, 'setup: node 1 wins term 3 with node 3\'s vote');

  const sent = drainMessages(r);
  if (!carriesLogTo(sent, 2)) {
    throw new Error(`node 1 became leader of term 3 (log ending at ${last} before its noop) and sent node 2 no MsgAppend and no MsgSnapshot `
      + `(messages to node 2: ${describeTo(sent, 2).join(', ') || 'none'}; node 2's progress: state ${flowStateName(progressOf(r, 2))}). `
      + `A new leader sends every follower an append with its noop. ${CAUSE}.`);
  }
  expectEqual(carriesLogTo(sent, 3), true, 'node 1, new leader of term 3, sends node 3 an append or snapshot');

  // Node 2 answers a heartbeat: the leader must also try to catch it up then.
  r.step(heartbeatResponse(r, 2));
  const later = drainMessages(r);
  if (!carriesLogTo(later, 2) && progressOf(r, 2).match < r.raftLog.lastIndex()) {
    throw new Error(`node 2 (match ${progressOf(r, 2).match}, leader's last index ${r.raftLog.lastIndex()}) answered a heartbeat of leader 1 in term 3, `
      + `and the leader sent it nothing to catch up (messages to node 2: ${describeTo(later, 2).join(', ') || 'none'}; progress state `
      + `${flowStateName(progressOf(r, 2))}). ${CAUSE}.`);
  }
});
