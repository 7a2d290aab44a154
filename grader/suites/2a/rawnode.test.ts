/**
 * Project 2A, part 2AC (the RawNode interface): the 2AC tests of TinyKV's raft/rawnode_test.go,
 * ported one for one. A failure's first line says what the RawNode had been through, what was
 * expected and what it gave; the next line names a common cause where one is known.
 */
import { MemoryStorage, Ready, newRawNode } from '@target/raft';
import { newEntry, newHardState, newSnapshot } from '@target/proto/eraftpb';
import { newTestConfig } from '../../../harness/raft/helpers';
import { expectValue } from '../../../harness/raft/describe';
import { formatReady } from '../../../harness/raft/format';

/** How a Ready that should not be there prints: `none`, or the Ready's parts. */
function readyOrNone(rd: Ready | null): string {
  return rd === null ? 'none' : formatReady(rd);
}

/** The hint of a Ready left over after advance(). */
const LEFTOVER = 'advance(rd) not recording what rd held (stabled = last of rd.entries, applied = last of '
  + 'rd.committedEntries, the hard state), or ready() not clearing msgs';

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
  const who = `a single-node RawNode that campaigned, persisted and advanced its first Ready, then proposed "foo": its Ready ${formatReady(rd)}`;
  const hint = (entries: number, committed: number): string => {
    if (committed === 0) return 'a single-node leader not committing a proposal at once (its own match is a majority)';
    if (entries === 0) return 'ready().entries not holding the unstable entries';
    return 'entries handed out again: advance() not moving stabled and applied past what the last Ready held';
  };
  expectValue(
    { entries: rd.entries.length, committedEntries: rd.committedEntries.length },
    { entries: 1, committedEntries: 1 },
    who,
    'numbers of entries and committed entries',
    { hint: (got) => hint(got.entries, got.committedEntries) },
  );
  expectValue(
    { entries: rd.entries.map((e) => e.data), committedEntries: rd.committedEntries.map((e) => e.data) },
    { entries: [enc.encode('foo')], committedEntries: [enc.encode('foo')] },
    who,
    'data of entries and committed entries',
    { hint: (got) => hint(got.entries.length, got.committedEntries.length) },
  );
  storage.append(rd.entries);
  rawNode.advance(rd);

  expectValue(rawNode.hasReady() ? rawNode.ready() : null, null,
    'a single-node RawNode after it persisted and advanced the Ready of its proposal', 'Ready from hasReady()/ready()',
    { show: readyOrNone, hint: LEFTOVER });
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
  const who = 'a RawNode restarted on a storage with entries [1@1, 2@1 "foo"] and hard state term 1 commit 1';
  expectValue(rd, want, who, 'first Ready', {
    show: formatReady,
    hint: (got) => (got.committedEntries.length < want.committedEntries.length
      ? 'newRaft() not loading committed from the hard state of Storage.initialState()'
      : got.committedEntries.length > want.committedEntries.length
        ? 'entries handed out to apply past the saved commit index'
        : got.softState !== null || got.hardState.term !== 0 || got.hardState.commit !== 0
          ? 'the RawNode not starting its previous soft and hard states from the restarted raft (nothing changed yet)'
          : undefined),
  });
  rawNode.advance(rd);
  expectValue(rawNode.hasReady() ? rawNode.ready() : null, null, `${who}, after it advanced its first Ready`,
    'Ready from hasReady()/ready()', { show: readyOrNone, hint: LEFTOVER });
});
