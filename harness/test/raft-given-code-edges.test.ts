/**
 * Unit tests of raft's given (non-lab) code for edge cases that mutation testing
 * (`npm run mutation -- raft`, docs/maintainers.md) found untested: MemoryStorage.append of
 * entries that are all compacted, and RawNode.step refusing every kind of response from a node
 * that is not a member. Given code is the same in labs/ and solution/, so these guard the
 * harness rather than grade students; they run in `npm test` against solution/.
 */
import { ErrStepPeerNotFound, MemoryStorage, MessageType, newMessage, newRawNode } from '@target/raft';
import { expectEqual } from '../raft/helpers';
import { ent, idxTerms, snap } from '../raft/fixtures';

// Entries that end before the first stored index are all covered by the snapshot: appending
// them changes nothing (they are committed, so they are the ones already compacted).
test('MemoryStorage.append of entries that are all compacted is a no-op', () => {
  for (const append of [[ent(1, 1), ent(2, 2)], [ent(2, 2), ent(3, 3)], [ent(3, 3)]]) {
    const s = new MemoryStorage();
    s.applySnapshot(snap(3, 3));
    s.append([ent(4, 4), ent(5, 5)]);
    s.append(append);
    expectEqual({ first: s.firstIndex(), entries: idxTerms(s.entries(s.firstIndex(), s.lastIndex() + 1)) }, { first: 4, entries: ['4/4', '5/5'] },
      `snapshot 3 + entries 4/4 5/5 after appending ${idxTerms(append).join(' ')} (all at or before the snapshot): nothing changes`);
  }
});

// A response can only answer something this node sent, so one from a node outside the group is
// refused before raft sees it (a vote from a stranger must never count towards a majority).
test('RawNode.step refuses every response type from a node that is not a member', () => {
  for (const t of [MessageType.MsgAppendResponse, MessageType.MsgRequestVoteResponse, MessageType.MsgHeartbeatResponse]) {
    const rn = newRawNode({ id: 1, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1, storage: new MemoryStorage() });
    let thrown: unknown = null;
    try {
      rn.step(newMessage({ msgType: t, from: 9, to: 1, term: 1 }));
    } catch (e) {
      thrown = e;
    }
    expectEqual(thrown instanceof ErrStepPeerNotFound, true, `RawNode.step(${MessageType[t]} from node 9, not a member of 1..3) must throw ErrStepPeerNotFound`);
  }
});
