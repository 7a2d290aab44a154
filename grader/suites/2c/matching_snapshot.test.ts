/**
 * Project 2C: a snapshot whose last entry the follower already holds. Ours, not TinyKV's.
 *
 * Raft's InstallSnapshot rule 6 (and etcd's `restore()`): when the follower's log already has an
 * entry at the snapshot's last index with the snapshot's last term, the follower keeps its log
 * and only learns that everything up to that index is committed. Throwing the log away instead
 * loses entries the follower has acknowledged: the leader counted that acknowledgement towards a
 * commit, so a committed entry can then exist on a minority only, and a later leader overwrites
 * it. A snapshot the network delayed (or duplicated) reaches a follower in exactly this state.
 */
import { Message, MessageType, newMessage } from '@target/proto/eraftpb';
import { Raft } from '@target/raft';
import { Network, newNetwork } from '../../../harness/raft/network';
import { drainMessages, expectEqual, newTestRaft } from '../../../harness/raft/helpers';
import { idxTerms, snap, storageWith } from '../../../harness/raft/fixtures';

const HINT = 'A snapshot whose last index and term match an entry of the follower\'s log must not replace the log: '
  + 'keep the entries after it and only move committed to the snapshot\'s index (Raft\'s InstallSnapshot rule 6, '
  + 'etcd\'s restore()).';

/** A MsgSnapshot from leader 1 in term 1 carrying a snapshot at (index, term) of members 1, 2, 3. */
function snapshotMsg(index: number, term: number, to: number): Message {
  return newMessage({ msgType: MessageType.MsgSnapshot, from: 1, to, term: 1, snapshot: snap(index, term, [1, 2, 3]) });
}

/** Node 2 of 1..3, a follower of 1 in term 1, whose log holds entries 1..5 of term 1 with committed = 2. */
function followerWithLog(): Raft {
  const r = newTestRaft(2, [1, 2, 3], 10, 1, storageWith([1, 1, 1, 1, 1]));
  r.becomeFollower(1, 1);
  r.raftLog.committed = 2;
  return r;
}

// A follower whose log holds the snapshot's last entry keeps its whole log; only committed moves.
test('TestSnapshotMatchingLogKeepsEntries2C', () => {
  const r = followerWithLog();
  r.step(snapshotMsg(3, 1, 2));

  const what = 'node 2 (log 1..5 of term 1, committed 2) got a snapshot at index 3, term 1';
  expectEqual(idxTerms(r.raftLog.allEntries()), ['1/1', '2/1', '3/1', '4/1', '5/1'], `${what}: its log afterwards. ${HINT}`);
  expectEqual(r.raftLog.lastIndex(), 5, `${what}: lastIndex() afterwards. ${HINT}`);
  expectEqual(r.raftLog.committed, 3, `${what}: committed afterwards (the snapshot proves 1..3 committed)`);
  expectEqual(r.raftLog.pendingSnapshot, null,
    `${what}: pendingSnapshot afterwards (nothing to install: the application already has these entries). ${HINT}`);
  const resp = drainMessages(r).filter((m) => m.msgType === MessageType.MsgAppendResponse && m.to === 1);
  expectEqual(resp.length, 1, `${what}: MsgAppendResponse messages sent to the leader`);
  expectEqual(resp[0].reject, false, `${what}: reject of its answer`);
  expect(resp[0].index).toBeGreaterThanOrEqual(3);
  expect(resp[0].index).toBeLessThanOrEqual(5);
});

// The rule needs the term to match too: a snapshot whose last entry differs from the log's entry at
// that index replaces the log, as any snapshot past the log does.
test('TestSnapshotConflictingLogReplacesIt2C', () => {
  const r = followerWithLog();
  r.step(snapshotMsg(3, 2, 2));

  const what = 'node 2 (log 1..5 of term 1, committed 2) got a snapshot at index 3, term 2 (its own entry 3 has term 1)';
  expectEqual(r.raftLog.lastIndex(), 3, `${what}: lastIndex() afterwards (the log must restart at the snapshot: the entries after a conflict cannot be trusted)`);
  expectEqual(r.raftLog.term(3), 2, `${what}: term(3) afterwards`);
  expectEqual(r.raftLog.committed, 3, `${what}: committed afterwards`);
  expectEqual(r.raftLog.pendingSnapshot?.metadata.index, 3, `${what}: pendingSnapshot's index afterwards (the application must install it)`);
});

/**
 * The term of node `id`'s entry at `index`: undefined past its last entry, 'compacted' inside
 * its snapshot (a snapshot holds only committed entries, so those are not in question).
 */
function termAt(net: Network, id: number, index: number): number | undefined | 'compacted' {
  const log = net.raft(id).raftLog;
  if (index < log.firstIndex() - 1) return 'compacted';
  return index <= log.lastIndex() ? log.term(index) : undefined;
}

// Seven steps that lose a committed entry when the follower replaces its log with a delayed snapshot.
test('TestDelayedSnapshotDoesNotLoseCommittedEntry2C', () => {
  const net = newNetwork(null, null, null);
  // 1. Node 1 becomes leader of term 1 (its noop is entry 1).
  net.send(newMessage({ from: 1, to: 1, msgType: MessageType.MsgHup }));
  // 2. Node 1 takes four proposals (entries 2..5) while nobody hears it.
  net.isolate(1);
  for (let i = 0; i < 4; i++) net.send(newMessage({ from: 1, to: 1, msgType: MessageType.MsgPropose, entries: [{ data: new Uint8Array([i]) }] }));
  // 3. Node 3 goes down; node 1 reaches node 2 again. Node 2 gets 2..5 and acknowledges them, so
  //    node 1 commits 5 with nodes 1 and 2; the append that would tell node 2 so is lost.
  net.recover();
  net.isolate(3);
  net.msgHook = (m) => !(m.from === 1 && m.to === 2 && m.commit > 1 && (m.msgType === MessageType.MsgAppend || m.msgType === MessageType.MsgHeartbeat));
  net.send(newMessage({ from: 1, to: 1, msgType: MessageType.MsgBeat }));
  expectEqual(net.raft(1).raftLog.committed, 5, 'setup: committed on leader 1 once node 2 acknowledged entries 2..5');
  expectEqual(net.raft(2).raftLog.lastIndex(), 5, 'setup: lastIndex() of node 2 after it acknowledged entries 2..5');
  // 4. A snapshot at index 3 that node 1 sent node 2 earlier, delayed by the network, arrives now.
  net.send(snapshotMsg(3, 1, 2));
  //    If raft hands node 2 the snapshot to install, the application installs it (as its Ready loop would).
  const pending = net.raft(2).raftLog.pendingSnapshot;
  if (pending !== null) net.storage.get(2)?.applySnapshot(pending);
  // 5. Node 1 crashes (it never comes back here); nodes 2 and 3 can talk again.
  net.msgHook = null;
  net.recover();
  net.isolate(1);
  // 6. Node 2 (the most up-to-date log) is elected in term 2 with node 3's vote; its noop commits.
  net.send(newMessage({ from: 2, to: 2, msgType: MessageType.MsgHup }));
  expectEqual(net.raft(2).term, 2, 'node 2\'s term after it campaigned');
  // 7. Entries 1..5 of term 1 were committed by node 1: every node that holds an index must hold them.
  for (const id of [2, 3]) {
    for (let i = 1; i <= 5; i++) {
      const t = termAt(net, id, i);
      if (t !== 1 && t !== 'compacted') {
        throw new Error(`entry ${i} (term 1) was committed by leader 1, which counted node 2's acknowledgement; `
          + `after a delayed snapshot at index 3 reached node 2 and node 2 became leader of term 2, node ${id} holds `
          + `${t === undefined ? 'no entry' : `term ${t}`} at index ${i}: a committed entry was lost.\n`
          + `node 2's log: ${idxTerms(net.raft(2).raftLog.allEntries()).join(' ')}\n${HINT}`);
      }
    }
  }
});
