/**
 * Project 2A, part 2AC (the RawNode interface): the 2AC tests of TinyKV's raft/rawnode_test.go,
 * ported one for one.
 */
import { MemoryStorage, Ready, newRawNode } from '@target/raft';
import { newEntry, newHardState, newSnapshot } from '@target/proto/eraftpb';
import { expectEqual, newTestConfig } from '../../../harness/raft/helpers';

const enc = new TextEncoder();

// A single-node RawNode campaigns, then a proposal comes out of one Ready both to persist and to apply, and nothing is left after it.
test('TestRawNodeStart2AC', () => {
  const storage = new MemoryStorage();
  const rawNode = newRawNode(newTestConfig(1, [1], 10, 1, storage));
  rawNode.campaign();
  let rd = rawNode.ready();
  storage.append(rd.entries);
  rawNode.advance(rd);

  rawNode.propose(enc.encode('foo'));
  rd = rawNode.ready();
  expectEqual(
    { entries: rd.entries.length, committedEntries: rd.committedEntries.length },
    { entries: 1, committedEntries: 1 },
    'Ready after the proposal: number of entries and committed entries',
  );
  expectEqual(
    { entries: rd.entries.map((e) => e.data), committedEntries: rd.committedEntries.map((e) => e.data) },
    { entries: [enc.encode('foo')], committedEntries: [enc.encode('foo')] },
    'Ready after the proposal: data of entries and committed entries',
  );
  storage.append(rd.entries);
  rawNode.advance(rd);

  expectEqual(rawNode.hasReady() ? rawNode.ready() : null, null, 'hasReady() after the last advance (shows the unexpected Ready)');
});

// A RawNode restarted on a storage with a hard state and entries first hands out exactly the committed, unapplied entries.
test('TestRawNodeRestart2AC', () => {
  const entries = [
    newEntry({ term: 1, index: 1 }),
    newEntry({ term: 1, index: 2, data: enc.encode('foo') }),
  ];
  const st = newHardState({ term: 1, commit: 1 });

  // Nothing changed but the committed entries (up to the saved commit index) to apply.
  const want: Ready = {
    softState: null,
    hardState: newHardState(),
    entries: [],
    snapshot: newSnapshot(),
    committedEntries: entries.slice(0, st.commit),
    messages: [],
  };

  const storage = new MemoryStorage();
  storage.setHardState(st);
  storage.append(entries);
  const rawNode = newRawNode(newTestConfig(1, [], 10, 1, storage));
  const rd = rawNode.ready();
  expectEqual(rd, want, 'first Ready after the restart');
  rawNode.advance(rd);
  expectEqual(rawNode.hasReady() ? rawNode.ready() : null, null, 'hasReady() after advance (shows the unexpected Ready)');
});
