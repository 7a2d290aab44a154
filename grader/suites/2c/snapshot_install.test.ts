/**
 * Project 2C: a follower installs a snapshot through the Ready loop. Ours, not TinyKV's: TinyKV's
 * 2C raft tests look at the raft log right after handleSnapshot, and at a RawNode restarted from
 * a snapshot, but not at the Ready a live follower hands out when a MsgSnapshot arrives.
 *
 * The contract: after the follower restores a snapshot at index S (its log did not hold entry S
 * with the snapshot's term, so the snapshot replaces the log),
 * - its next Ready carries the snapshot, a hard state with commit = S (everything in a snapshot
 *   is committed), no entries and no committed entries at or below S (the snapshot holds them),
 *   and the answer to the leader;
 * - once the application has installed the snapshot and called advance(), raft counts
 *   everything up to S as persisted and applied (stabled, applied >= S): there is nothing left to
 *   do, and entries the leader sends later are persisted and applied from S + 1 on.
 */
import { MemoryStorage, Message, MessageType, RawNode, Ready, newEntry, newHardState, newMessage, newRawNode } from '@target/raft';
import { expectEqual, newTestConfig } from '../../../harness/raft/helpers';
import { bytes, idxTerms, snap } from '../../../harness/raft/fixtures';
import { describeMessage, persistReady } from '../../../harness/raft/rawnode-group';

/** The snapshot leader 1 sends: index 10, term 2, members 1..3. */
const SNAP_INDEX = 10;
const SNAP_TERM = 2;

/** A follower's starting point: its stored log (one term per entry) and its hard state's commit. */
interface Start {
  name: string;
  terms: number[];
  commit: number;
}

const STARTS: Start[] = [
  { name: 'log 1..3 of term 1, committed 2: it ends before the snapshot', terms: [1, 1, 1], commit: 2 },
  { name: 'log 1..12 of term 1, committed 2: its entry 10 has term 1, the snapshot\'s last term is 2', terms: Array(12).fill(1), commit: 2 },
];

/** Node 2 of 1..3 restarted on `start`'s log and hard state (term 1), with everything committed applied. */
function follower(start: Start): { rn: RawNode; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  storage.append(start.terms.map((term, i) => newEntry({ index: i + 1, term })));
  storage.setHardState(newHardState({ term: 1, commit: start.commit }));
  const cfg = newTestConfig(2, [1, 2, 3], 10, 1, storage);
  cfg.applied = start.commit;
  return { rn: newRawNode(cfg), storage };
}

/** The Ready of `rn` (failing with `what` if there is none). */
function mustReady(rn: RawNode, what: string): Ready {
  expectEqual(rn.hasReady(), true, `${what}: hasReady()`);
  return rn.ready();
}

/** The answers to leader 1 in a Ready, as text. */
function answers(rd: Ready): string[] {
  return rd.messages.filter((m: Message) => m.to === 1).map(describeMessage);
}

// A follower that gets a MsgSnapshot hands it out in one Ready with commit = its index, skips
// everything it covers, and continues from the entry after it.
test('TestSnapshotInstallThroughReady2C', () => {
  for (const start of STARTS) {
    const { rn, storage } = follower(start);
    const what = `node 2 (${start.name}) got a snapshot at ${SNAP_INDEX}, term ${SNAP_TERM}, from leader 1 of term 2`;
    expectEqual(rn.hasReady(), false, `setup: node 2 (${start.name}) has nothing to do after its restart`);

    const s = snap(SNAP_INDEX, SNAP_TERM, [1, 2, 3], 'state at 10');
    rn.step(newMessage({ msgType: MessageType.MsgSnapshot, from: 1, to: 2, term: 2, snapshot: s }));
    const rd = mustReady(rn, what);
    expectEqual({ index: rd.snapshot.metadata.index, term: rd.snapshot.metadata.term, nodes: rd.snapshot.metadata.confState.nodes, data: rd.snapshot.data },
      { index: SNAP_INDEX, term: SNAP_TERM, nodes: [1, 2, 3], data: bytes('state at 10') },
      `${what}: the snapshot in its next Ready (the application must install it: the raft log keeps a pending snapshot until a Ready hands it out)`);
    expectEqual({ term: rd.hardState.term, commit: rd.hardState.commit }, { term: 2, commit: SNAP_INDEX },
      `${what}: term and commit of the hard state in that Ready. Everything a snapshot covers is committed: restoring it must set `
      + `committed to ${SNAP_INDEX} (RaftLog.restore), and the Ready carries the new commit so that it is persisted with the snapshot`);
    expectEqual(idxTerms(rd.entries), [],
      `${what}: entries to persist in that Ready (the snapshot replaced the log; the old entries are not the leader's and the snapshot holds the rest)`);
    expectEqual(idxTerms(rd.committedEntries), [],
      `${what}: committed entries to apply in that Ready. The snapshot is the state after entries 1..${SNAP_INDEX}; applying any of them again `
      + '(or an old entry of the replaced log) corrupts the state machine');
    expectEqual(answers(rd), [`MsgAppendResponse 2->1 term 2 (accepted up to ${SNAP_INDEX})`],
      `${what}: its answer to the leader in that Ready (it now holds everything up to the snapshot)`);

    persistReady(storage, rd);
    rn.advance(rd);
    const log = rn.raft.raftLog;
    expectEqual({ stabled: log.stabled >= SNAP_INDEX, applied: log.applied }, { stabled: true, applied: SNAP_INDEX },
      `${what}: after the application installed the snapshot and called advance(): stabled must be at least ${SNAP_INDEX} and applied ${SNAP_INDEX} `
      + `(was stabled ${log.stabled}, applied ${log.applied}). advance() of a Ready with a snapshot must move stabled and applied to its index: `
      + 'the snapshot is now on disk and in the state machine');
    expectEqual(rn.hasReady() ? rn.ready() : null, null, `${what}: hasReady() after advance (shows the unexpected Ready)`);

    // Leader 1 then sends entries 11 and 12 of term 2, committed.
    const more = [newEntry({ index: 11, term: 2, data: bytes('a') }), newEntry({ index: 12, term: 2, data: bytes('b') })];
    rn.step(newMessage({ msgType: MessageType.MsgAppend, from: 1, to: 2, term: 2, index: SNAP_INDEX, logTerm: SNAP_TERM, entries: more, commit: 12 }));
    const rd2 = mustReady(rn, `${what}, then entries 11..12 with commit 12`);
    expectEqual({ entries: idxTerms(rd2.entries), committed: idxTerms(rd2.committedEntries), commit: rd2.hardState.commit },
      { entries: ['11/2', '12/2'], committed: ['11/2', '12/2'], commit: 12 },
      `${what}, then an append of entries 11..12 with commit 12: the Ready's entries, committed entries and hard state commit (both lists start right after the snapshot)`);
    expectEqual(answers(rd2), ['MsgAppendResponse 2->1 term 2 (accepted up to 12)'], `${what}, then entries 11..12: its answer to the leader`);
    persistReady(storage, rd2);
    rn.advance(rd2);
    expectEqual(rn.raft.raftLog.applied, 12, `${what}, then entries 11..12: applied after advance`);
    expectEqual(rn.hasReady() ? rn.ready() : null, null, `${what}, then entries 11..12: hasReady() after advance (shows the unexpected Ready)`);
  }
});
