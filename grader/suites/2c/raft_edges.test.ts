/**
 * Project 2C, raft level: edge cases of log compaction and snapshots that mutation testing of
 * the reference (`npm run mutation -- raft`, docs/maintainers.md) found no graded test for.
 * Ours, not TinyKV's. Each checks an outcome every correct Raft shows (what the log holds, that
 * a follower answers instead of crashing), not how the reference gets there.
 */
import { MemoryStorage, MessageType, newConfState, newEntry, newMessage, newRawNode, newSnapshot, RawNode, StateType } from '@target/raft';
import { drainMessages, expectEqual, newTestConfig, newTestRaft } from '../../../harness/raft/helpers';
import { appendResponse, heartbeatResponse, makeCompactedLeader } from '../../../harness/raft/snapshot';

const enc = new TextEncoder();

/** The Ready loop once: persist entries and hard state into `s`, then advance. */
function cycle(rn: RawNode, s: MemoryStorage): void {
  const rd = rn.ready();
  s.append(rd.entries);
  if (rd.hardState.term !== 0 || rd.hardState.vote !== 0 || rd.hardState.commit !== 0) s.setHardState(rd.hardState);
  rn.advance(rd);
}

/** The terms of entries lo..hi of `rn`'s log, or the error reading them gave. */
function termsOf(rn: RawNode, lo: number, hi: number): (number | string)[] {
  const out: (number | string)[] = [];
  for (let i = lo; i <= hi; i++) {
    try {
      out.push(rn.raft.raftLog.term(i));
    } catch (e) {
      out.push(e instanceof Error ? e.name : String(e));
    }
  }
  return out;
}

// Compacting the stored log (once, then again further on) drops only what the snapshots cover:
// the entries after them stay readable, and new proposals go on after the last index.
test('TestLogSurvivesRepeatedCompaction2C', () => {
  const s = new MemoryStorage();
  const rn = newRawNode(newTestConfig(1, [1], 10, 1, s));
  rn.campaign();
  cycle(rn, s);
  expectEqual(rn.raft.state, StateType.Leader, 'setup: a lone node elects itself');
  for (let i = 0; i < 9; i++) rn.propose(enc.encode(`p${i}`));
  cycle(rn, s);
  expectEqual(rn.raft.raftLog.committed, 10, 'setup: noop and 9 proposals committed (log 1..10)');

  for (const [k, at] of [[1, 4], [2, 7]]) {
    s.createSnapshot(at, newConfState({ nodes: [1] }), enc.encode(`state at ${at}`));
    s.compact(at);
    rn.propose(enc.encode(`after compaction ${k}`));
    cycle(rn, s);
    const last = 10 + k;
    expectEqual({ lastIndex: rn.raft.raftLog.lastIndex(), terms: termsOf(rn, at + 1, last) }, { lastIndex: last, terms: Array(last - at).fill(1) },
      `leader after compaction ${k} of storage at ${at} and one more proposal: log must still end at ${last} with entries ${at + 1}..${last} readable `
      + '(when dropping compacted entries from memory, drop only those up to the new snapshot index, counting from the old one)');
  }
});

// A follower that installed a snapshot can still get a delayed append from before it, whose
// entries the snapshot covers. It must answer it without crashing (asking for a compacted term
// throws ErrCompacted) and keep its log: everything up to its commit index is settled.
test('TestStaleAppendBelowSnapshotIsAnswered2C', () => {
  const r = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  const snap = newSnapshot({ data: enc.encode('s'), metadata: { index: 10, term: 1, confState: newConfState({ nodes: [1, 2, 3] }) } });
  r.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, to: 2, term: 1, snapshot: snap }));
  drainMessages(r);
  expectEqual({ last: r.raftLog.lastIndex(), committed: r.raftLog.committed }, { last: 10, committed: 10 }, 'setup: follower 2 installed a snapshot at 10');

  const stale = [6, 7, 8].map((index) => newEntry({ index, term: 1 }));
  try {
    r.step(newMessage({ msgType: MessageType.MsgAppend, from: 1, to: 2, term: 1, index: 5, logTerm: 1, entries: stale, commit: 5 }));
  } catch (e) {
    throw new Error(`follower 2 (snapshot at 10) crashed on a delayed append with prev index 5: ${String(e)}. `
      + 'An append whose prev index is below the commit index only carries entries the follower already holds as committed: answer it '
      + '(it matches up to the commit index), do not look up terms the snapshot compacted', { cause: e });
  }
  expectEqual(drainMessages(r).filter((m) => m.msgType === MessageType.MsgAppendResponse).length, 1, 'answers follower 2 sent to the delayed append');
  expectEqual({ last: r.raftLog.lastIndex(), committed: r.raftLog.committed, term10: r.raftLog.term(10) }, { last: 10, committed: 10, term10: 1 },
    'follower 2 after the delayed append: log and commit unchanged (a stale append never takes back what the snapshot holds)');
});

// While a snapshot is on its way to a follower, the leader sends it nothing but heartbeats until
// the follower acknowledges the snapshot (an append response at or past its index) or the
// transfer is reported. A late acknowledgement of an older append, below the snapshot's index,
// is not that: it must not end the pause (appends would need entries the follower lacks, and the
// rejections they bring would start a second snapshot).
test('TestLateAckBelowSnapshotKeepsPause2C', () => {
  const mem = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, mem);
  const { snapIndex } = makeCompactedLeader(r, mem);
  r.step(heartbeatResponse(r, 2));
  expectEqual(drainMessages(r).filter((m) => m.to === 2).map((m) => MessageType[m.msgType]), ['MsgSnapshot'],
    `setup: node 2 (nothing of the log) answers a heartbeat and the leader, compacted up to ${snapIndex}, sends it a snapshot`);
  r.step(appendResponse(r, 2, snapIndex - 3));
  const to2 = drainMessages(r).filter((m) => m.to === 2 && (m.msgType === MessageType.MsgAppend || m.msgType === MessageType.MsgSnapshot));
  expectEqual(to2.map((m) => `${MessageType[m.msgType]} at ${m.index}`), [],
    `appends and snapshots the leader sent node 2 after a late acknowledgement of index ${snapIndex - 3}, below the pending snapshot (${snapIndex}): `
    + 'only an answer at or past the snapshot\'s index ends the pause');
});

// A snapshot older than the one a follower already restored (delayed on the network, or sent
// twice) covers nothing new: it is ignored and answered with what the follower holds. The
// follower's log no longer has the old snapshot's index, so checking it against the log would
// throw ErrCompacted; the check "not newer than committed" must come first.
test('TestSnapshotOlderThanRestoredOneIgnored2C', () => {
  const r = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  r.becomeFollower(2, 1);
  const snap = (index: number): ReturnType<typeof newSnapshot> =>
    newSnapshot({ metadata: { index, term: 2, confState: newConfState({ nodes: [1, 2, 3] }) } });
  r.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, to: 2, term: 2, snapshot: snap(11) }));
  drainMessages(r);
  expectEqual({ first: r.raftLog.firstIndex(), committed: r.raftLog.committed }, { first: 12, committed: 11 },
    'setup: follower 2 restored a snapshot at 11 (term 2)');
  try {
    r.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, to: 2, term: 2, snapshot: snap(5) }));
  } catch (e) {
    throw new Error('follower 2, restored from a snapshot at 11, crashed on a late snapshot at 5: a snapshot not newer than committed '
      + `must be ignored before anything else looks at its index (which is compacted here)\n\n${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  const answers = drainMessages(r).filter((m) => m.msgType === MessageType.MsgAppendResponse);
  expectEqual(answers.map((m) => ({ to: m.to, reject: m.reject, index: m.index })), [{ to: 1, reject: false, index: 11 }],
    'follower 2\'s answer to the late snapshot at 5: an acceptance at what it holds for sure, its commit index 11');
  expectEqual({ first: r.raftLog.firstIndex(), committed: r.raftLog.committed }, { first: 12, committed: 11 },
    'follower 2 after the late snapshot at 5: its log and commit index are unchanged');
});
