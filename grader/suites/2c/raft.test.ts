/**
 * Project 2C, the raft side of snapshots: the 2C tests of TinyKV's raft/raft_test.go, ported
 * one for one (same scenarios, same expectations). A failure's first line names the situation,
 * what was expected and what happened; the next line names a common cause where one is known.
 */
import { MemoryStorage } from '@target/raft';
import { Message, MessageType, Snapshot, newConfState, newEntry, newMessage, newSnapshot } from '@target/proto/eraftpb';
import { newNetwork } from '../../../harness/raft/network';
import { drainMessages, mustTerm, newTestRaft, nextEnts, nodes } from '../../../harness/raft/helpers';
import { expectValue } from '../../../harness/raft/describe';
import { formatMessage, formatMessages } from '../../../harness/raft/format';

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

/** The hint of a snapshot whose membership did not replace the node's. */
const MEMBERS = "handleSnapshot() not rebuilding prs from the snapshot's confState.nodes (the old members must go)";

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

  const who = 'node 1 of 1, 2 with an empty log after handleSnapshot of snapshot 11@11 (members 1, 2, 3)';
  expectValue(sm.raftLog.lastIndex(), s.metadata.index, who, 'lastIndex()', {
    hint: 'the log not restored from the snapshot (with no entries after it, the log ends at the snapshot\'s index)',
  });
  expectValue(mustTerm(sm.raftLog, s.metadata.index), s.metadata.term, who, 'term(11)', {
    hint: "term(i) not answering the snapshot's term at the snapshot's index",
  });
  expectValue(nodes(sm), s.metadata.confState.nodes, who, 'members (ids in prs)', { hint: MEMBERS });
});

// A snapshot older than the commit index is ignored: committed stays where it was.
test('TestRestoreIgnoreSnapshot2C', () => {
  const storage = new MemoryStorage();
  storage.append([newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2 }), newEntry({ term: 1, index: 3 })]);
  const sm = newTestRaft(1, [1, 2], 10, 1, storage);
  sm.raftLog.committed = 3;

  sm.handleSnapshot(carrying(snapshotAt(1, 1, [1, 2])));
  expectValue(sm.raftLog.committed, 3, 'node 1 with log [1@1, 2@1, 3@1] committed 3 after handleSnapshot of snapshot 1@1',
    'committed', { hint: 'a snapshot at or below committed applied instead of ignored' });
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
  if (pr === undefined) {
    throw new Error(`node 1 after handleSnapshot of snapshot 11@11 (members 1, 2): expected a progress for node 2, got prs for `
      + `[${nodes(sm).join(', ')}]\na common cause: ${MEMBERS}`);
  }
  pr.next = 10;
  const m = newMessage({ from: 2, to: 1, msgType: MessageType.MsgPropose, entries: [{ data: new TextEncoder().encode('somedata') }] });
  sm.step(m);

  const msgs = drainMessages(sm);
  const who = `leader 1 of 1, 2 (log compacted up to 11 by a snapshot) receiving ${formatMessage(m)} while node 2's next is 10`
    + ` (it sent ${formatMessages(msgs)})`;
  const hint = 'sendAppend() not falling back to a snapshot when term(next - 1) or the entries from next are compacted';
  expectValue(msgs.length, 1, who, 'number of messages', { hint });
  expectValue(MessageType[msgs[0].msgType], MessageType[MessageType.MsgSnapshot], who, 'type of the message to node 2', { hint });
});

// A follower that receives a MsgSnapshot takes its sender as leader.
test('TestRestoreFromSnapMsg2C', () => {
  const s = snapshotAt(11, 11, [1, 2]);
  const sm = newTestRaft(2, [1, 2], 10, 1, new MemoryStorage());
  const m = newMessage({ msgType: MessageType.MsgSnapshot, from: 1, term: 2, snapshot: s });
  sm.step(m);

  expectValue(sm.lead, 1, `node 2 of 1, 2, a follower at term 0, receiving ${formatMessage(m)}`, 'lead', {
    hint: 'a MsgSnapshot not treated like an append from the leader (the sender of a higher term becomes lead)',
  });
});

// A snapshot whose members overlap the node's own (2, 3, 4 against 1, 2, 3) replaces them exactly: 1 is gone, 4 is added.
test('TestRestoreFromSnapWithOverlapingPeersMsg2C', () => {
  const s = snapshotAt(11, 11, [2, 3, 4]);
  const sm = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  const m = newMessage({ msgType: MessageType.MsgSnapshot, from: 1, term: 2, snapshot: s });
  sm.step(m);

  const who = `node 2 of 1, 2, 3, a follower at term 0, receiving ${formatMessage(m)} of members 2, 3, 4`;
  expectValue(sm.lead, 1, who, 'lead', {
    hint: 'a MsgSnapshot not treated like an append from the leader (the sender of a higher term becomes lead)',
  });
  expectValue(nodes(sm), [2, 3, 4], who, 'members (ids in prs)', {
    hint: `${MEMBERS}; or members only added, never removed`,
  });
});

// A follower that missed entries the leader has since compacted catches up through a snapshot and then commits with the others.
test('TestSlowNodeRestore2C', () => {
  const nt = newNetwork(null, null, null);
  nt.send(hup(1));

  nt.isolate(3);
  for (let j = 0; j <= 100; j++) nt.send(proposeEmpty(1));
  const lead = nt.raft(1);
  const leadStorage = nt.storage.get(1);
  if (leadStorage === undefined) throw new Error('expected the network to hold a storage for node 1, got none');
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
  expectValue(follower.raftLog.committed, lead.raftLog.committed,
    `node 3, cut off while leader 1 committed 101 proposals and compacted its log up to ${leadStorage.firstIndex() - 1}, `
    + "after it came back, a heartbeat round and two more proposals (expected: the leader's committed)", 'committed', {
      hint: 'the leader not sending node 3 a snapshot once its next is compacted, or node 3 not answering the snapshot with '
        + 'an append response at its index so that the leader resumes appends',
    });
});

