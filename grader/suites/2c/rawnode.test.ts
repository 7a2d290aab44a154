/**
 * Project 2C, the RawNode side of snapshots: the 2C test of TinyKV's raft/rawnode_test.go,
 * ported one for one. A failure's first line says what the RawNode had been through, what was
 * expected and what it gave; the next line names a common cause where one is known.
 */
import { MemoryStorage, Ready, newRawNode } from '@target/raft';
import { newEntry, newHardState, newSnapshot } from '@target/proto/eraftpb';
import { newTestConfig } from '../../../harness/raft/helpers';
import { expectValue } from '../../../harness/raft/describe';
import { formatReady } from '../../../harness/raft/format';

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
  const who = 'a RawNode restarted on a storage with snapshot 2@1 (members 1, 2), entry [3@1 "foo"] and hard state term 1 commit 3';
  expectValue(rd, want, who, 'first Ready', {
    show: formatReady,
    hint: (got) => (got.committedEntries.some((e) => e.index <= snap.metadata.index)
      ? 'applied not starting at the snapshot index: entries inside the snapshot handed out to apply'
      : got.committedEntries.length === 0
        ? 'committed not loaded from the hard state, or the log not starting after the snapshot (firstIndex = 3)'
        : got.snapshot.metadata.index !== 0
          ? 'the snapshot already in storage handed out again as a pending snapshot'
          : undefined),
  });
  rawNode.advance(rd);
  expectValue(rawNode.hasReady() ? rawNode.ready() : null, null, `${who}, after it advanced its first Ready`,
    'Ready from hasReady()/ready()', {
      show: (v) => (v === null ? 'none' : formatReady(v)),
      hint: 'advance(rd) not recording what rd held (applied = last of rd.committedEntries, the hard state)',
    });
});
