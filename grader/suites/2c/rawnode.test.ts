/**
 * Project 2C, the RawNode side of snapshots: the 2C test of TinyKV's raft/rawnode_test.go,
 * ported one for one.
 */
import { MemoryStorage, Ready, newRawNode } from '@target/raft';
import { newEntry, newHardState, newSnapshot } from '@target/proto/eraftpb';
import { expectEqual, newTestConfig } from '../../../harness/raft/helpers';

const enc = new TextEncoder();

// A RawNode restarted on a storage that starts with a snapshot hands out only the committed entries after it, and nothing after advance.
test('TestRawNodeRestartFromSnapshot2C', () => {
  const snap = newSnapshot({ metadata: { confState: { nodes: [1, 2] }, index: 2, term: 1 } });
  const entries = [newEntry({ term: 1, index: 3, data: enc.encode('foo') })];
  const st = newHardState({ term: 1, commit: 3 });

  // Nothing changed but the committed entry after the snapshot, to apply.
  const want: Ready = {
    softState: null,
    hardState: newHardState(),
    entries: [],
    snapshot: newSnapshot(),
    committedEntries: entries,
    messages: [],
  };

  const s = new MemoryStorage();
  s.setHardState(st);
  s.applySnapshot(snap);
  s.append(entries);
  const rawNode = newRawNode(newTestConfig(1, [], 10, 1, s));
  const rd = rawNode.ready();
  expectEqual(rd, want, 'first Ready after a restart from a snapshot at index 2 plus entry 3, with commit 3 saved');
  rawNode.advance(rd);
  expectEqual(rawNode.hasReady() ? rawNode.ready() : null, null, 'hasReady() after advance (shows the unexpected Ready)');
});
