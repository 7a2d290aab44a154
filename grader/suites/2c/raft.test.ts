/**
 * Project 2C, the raft side of snapshots: the 2C tests of TinyKV's raft/raft_test.go, ported
 * one for one (same scenarios, same expectations).
 */
import { MemoryStorage } from '@target/raft';
import { Message, MessageType, Snapshot, newConfState, newEntry, newMessage, newSnapshot } from '@target/proto/eraftpb';
import { newNetwork } from '../../../harness/raft/network';
import { drainMessages, expectEqual, mustTerm, newTestRaft, nextEnts, nodes } from '../../../harness/raft/helpers';

// ---- local helpers -------------------------------------------------------------------------

/** A snapshot covering 1..index, whose last entry has `term`, for the members `nodes`. */
function snapshotAt(index: number, term: number, nodes: number[]): Snapshot {
  return newSnapshot({ metadata: { index, term, confState: { nodes } } });
}

/** A bare message carrying snapshot `s`, as the Go tests hand it to handleSnapshot (no type, sender or term). */
function carrying(s: Snapshot): Message {
  return newMessage({ snapshot: s });
}

/** A local MsgHup that makes node `id` campaign. */
function hup(id: number): Message {
  return newMessage({ from: id, to: id, msgType: MessageType.MsgHup });
}

/** A local MsgBeat that makes leader `id` send heartbeats. */
function beat(id: number): Message {
  return newMessage({ from: id, to: id, msgType: MessageType.MsgBeat });
}

/** A local MsgPropose to `id` of one empty entry. */
function proposeEmpty(id: number): Message {
  return newMessage({ from: id, to: id, msgType: MessageType.MsgPropose, entries: [{}] });
}

// ---- tests ---------------------------------------------------------------------------------

// A snapshot newer than the log replaces it: the log ends at the snapshot, with its term, and the members are the snapshot's.
test('TestRestoreSnapshot2C', () => {
  const s = snapshotAt(11, 11, [1, 2, 3]);
  const sm = newTestRaft(1, [1, 2], 10, 1, new MemoryStorage());
  sm.handleSnapshot(carrying(s));

  expectEqual(sm.raftLog.lastIndex(), s.metadata.index, 'lastIndex() after restoring a snapshot at index 11 (the log now ends at the snapshot)');
  expectEqual(mustTerm(sm.raftLog, s.metadata.index), s.metadata.term, 'term(11) after restoring a snapshot at index 11, term 11');
  expectEqual(nodes(sm), s.metadata.confState.nodes, 'members (ids in prs) after restoring a snapshot of members 1, 2, 3');
});

// A snapshot older than the commit index is ignored: committed stays where it was.
test('TestRestoreIgnoreSnapshot2C', () => {
  const storage = new MemoryStorage();
  storage.append([newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2 }), newEntry({ term: 1, index: 3 })]);
  const sm = newTestRaft(1, [1, 2], 10, 1, storage);
  sm.raftLog.committed = 3;

  sm.handleSnapshot(carrying(snapshotAt(1, 1, [1, 2])));
  expectEqual(sm.raftLog.committed, 3, 'committed after a snapshot at index 1 arrives with committed = 3 (an older snapshot must be ignored)');
});

// A leader whose log was compacted past a follower's next sends that follower a snapshot, and nothing else.
test('TestProvideSnap2C', () => {
  // Restore node 1 from a snapshot, so that its log starts after index 11.
  const sm = newTestRaft(1, [1], 10, 1, new MemoryStorage());
  sm.handleSnapshot(carrying(snapshotAt(11, 11, [1, 2])));

  sm.becomeCandidate();
  sm.becomeLeader();
  drainMessages(sm);

  // Node 2's next is before the first index the leader has: it needs a snapshot.
  const pr = sm.prs.get(2);
  if (pr === undefined) throw new Error('after restoring a snapshot of members 1, 2, node 1 has no progress for node 2');
  pr.next = 10;
  sm.step(newMessage({ from: 2, to: 1, msgType: MessageType.MsgPropose, entries: [{ data: new TextEncoder().encode('somedata') }] }));

  const msgs = drainMessages(sm);
  expectEqual(msgs.length, 1, 'number of messages the leader sends after a proposal, when node 2 (the only other member) needs entries before its first index');
  expectEqual(MessageType[msgs[0].msgType], MessageType[MessageType.MsgSnapshot], 'type of the message to node 2, whose next (10) is before the leader\'s first index (12)');
});

// A follower that receives a MsgSnapshot takes its sender as leader.
test('TestRestoreFromSnapMsg2C', () => {
  const s = snapshotAt(11, 11, [1, 2]);
  const sm = newTestRaft(2, [1, 2], 10, 1, new MemoryStorage());
  sm.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, term: 2, snapshot: s }));

  expectEqual(sm.lead, 1, 'lead of node 2 after a MsgSnapshot from node 1 in term 2');
});

// A snapshot whose members overlap the node's own (2, 3, 4 against 1, 2, 3) replaces them exactly: 1 is gone, 4 is added.
test('TestRestoreFromSnapWithOverlapingPeersMsg2C', () => {
  const s = snapshotAt(11, 11, [2, 3, 4]);
  const sm = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  sm.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, term: 2, snapshot: s }));

  expectEqual(sm.lead, 1, 'lead of node 2 after a MsgSnapshot from node 1 in term 2');
  expectEqual(nodes(sm), [2, 3, 4],
    'members (ids in prs) of node 2, a member of 1, 2, 3, after restoring a snapshot of members 2, 3, 4 (the snapshot\'s membership replaces the old one: node 1 must be dropped)');
});

// A follower that missed entries the leader has since compacted catches up through a snapshot and then commits with the others.
test('TestSlowNodeRestore2C', () => {
  const nt = newNetwork(null, null, null);
  nt.send(hup(1));

  nt.isolate(3);
  for (let j = 0; j <= 100; j++) nt.send(proposeEmpty(1));
  const lead = nt.raft(1);
  const leadStorage = nt.storage.get(1);
  if (leadStorage === undefined) throw new Error('the network has no storage for node 1');
  nextEnts(lead, leadStorage);
  leadStorage.createSnapshot(lead.raftLog.applied, newConfState({ nodes: nodes(lead) }), new Uint8Array(0));
  leadStorage.compact(lead.raftLog.applied);

  nt.recover();

  // Heartbeats let the leader learn that node 3 is back (it answers them).
  nt.send(beat(1));

  // This proposal makes the leader send node 3 what it misses: a snapshot.
  nt.send(proposeEmpty(1));

  const follower = nt.raft(3);

  // And this one gets committed everywhere.
  nt.send(proposeEmpty(1));
  expectEqual(follower.raftLog.committed, lead.raftLog.committed,
    `committed of node 3 (isolated while the leader appended 101 entries and compacted its log up to ${leadStorage.firstIndex() - 1}) against the leader's, after it came back and two more proposals`);
});

