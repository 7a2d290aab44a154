/**
 * Unit tests of MemoryStorage, the Storage that the raft tests use. It is given code (not a
 * lab region), so these tests guard the harness rather than grade students; they run in
 * `npm test` against whichever tree RAFTKV_TARGET names (solution/ there).
 */
import { ConfState, ErrCompacted, ErrSnapOutOfDate, ErrUnavailable, MemoryStorage, newConfState, newHardState, Entry } from '@target/raft';
import { expectEqual } from '../raft/helpers';
import { bytes, ent, expectAnyThrow, expectThrows, idxTerms, snap, storageWith } from '../raft/fixtures';

// MemoryStorage.append: entries already compacted are skipped, stored entries at the same or
// later indexes are replaced (they conflicted), and a gap after the last index is an error.
test('MemoryStorage.append skips compacted entries, replaces conflicting ones, throws on a gap', () => {
  const cases: { name: string; append: Entry[]; want: string[] | 'throws' }[] = [
    { name: 'the same entries again', append: [ent(3, 3), ent(4, 4), ent(5, 5)], want: ['4/4', '5/5'] },
    { name: 'new terms from index 4', append: [ent(3, 3), ent(4, 6), ent(5, 6)], want: ['4/6', '5/6'] },
    { name: 'one more entry', append: [ent(3, 3), ent(4, 4), ent(5, 5), ent(6, 5)], want: ['4/4', '5/5', '6/5'] },
    { name: 'starting inside the snapshot', append: [ent(2, 3), ent(3, 3), ent(4, 5)], want: ['4/5'] },
    { name: 'replacing from index 4', append: [ent(4, 5)], want: ['4/5'] },
    { name: 'right after the last entry', append: [ent(6, 5)], want: ['4/4', '5/5', '6/5'] },
    { name: 'after a gap', append: [ent(7, 5)], want: 'throws' },
  ];
  for (const c of cases) {
    const s = new MemoryStorage();
    s.applySnapshot(snap(3, 3));
    s.append([ent(4, 4), ent(5, 5)]);
    if (c.want === 'throws') {
      expectAnyThrow(() => s.append(c.append), `append ${idxTerms(c.append).join(' ')} (${c.name}) to snapshot 3 + entries 4/4 5/5: a gap must throw`);
      continue;
    }
    s.append(c.append);
    expectEqual(idxTerms(s.entries(s.firstIndex(), s.lastIndex() + 1)), c.want,
      `entries after appending ${idxTerms(c.append).join(' ')} (${c.name}) to snapshot 3 + entries 4/4 5/5`);
    expectEqual(s.firstIndex(), 4, `firstIndex() after appending (${c.name}): appending never changes the snapshot`);
  }
});

// MemoryStorage.entries(lo, hi) returns [lo, hi); lo at or before the snapshot is ErrCompacted,
// hi past lastIndex()+1 is an error, and an empty storage is ErrUnavailable.
test('MemoryStorage.entries(lo, hi) returns [lo, hi) and its errors', () => {
  const s = new MemoryStorage();
  s.applySnapshot(snap(3, 3));
  s.append([ent(4, 4), ent(5, 5), ent(6, 6)]);
  expectEqual(idxTerms(s.entries(4, 5)), ['4/4'], 'entries(4, 5)');
  expectEqual(idxTerms(s.entries(4, 7)), ['4/4', '5/5', '6/6'], 'entries(4, 7): all of them');
  expectEqual(idxTerms(s.entries(5, 7)), ['5/5', '6/6'], 'entries(5, 7)');
  expectThrows(() => s.entries(3, 5), ErrCompacted, 'entries(3, 5) with a snapshot at 3: ErrCompacted');
  expectThrows(() => s.entries(2, 5), ErrCompacted, 'entries(2, 5) with a snapshot at 3: ErrCompacted');
  expectAnyThrow(() => s.entries(4, 8), 'entries(4, 8) when the last index is 6: out of bound');
  expectThrows(() => new MemoryStorage().entries(1, 1), ErrUnavailable, 'entries(1, 1) of an empty storage: ErrUnavailable');
});

// MemoryStorage.term(i): the snapshot's term at its index, ErrCompacted before, ErrUnavailable after.
test('MemoryStorage.term(i) at, before and after the snapshot', () => {
  const s = new MemoryStorage();
  s.applySnapshot(snap(3, 3));
  s.append([ent(4, 4), ent(5, 5)]);
  expectEqual([s.term(3), s.term(4), s.term(5)], [3, 4, 5], 'term(3), term(4), term(5) with a snapshot at 3/3 and entries 4/4 5/5');
  expectThrows(() => s.term(2), ErrCompacted, 'term(2), before the snapshot: ErrCompacted');
  expectThrows(() => s.term(6), ErrUnavailable, 'term(6), past the last index: ErrUnavailable');
});

// MemoryStorage.compact(i) drops the entries up to i but keeps i's term (it becomes the new
// firstIndex()-1); compacting what is already gone is ErrCompacted, past the end an error.
test('MemoryStorage.compact(i) drops entries up to i and keeps term(i)', () => {
  const s = storageWith([1, 2, 3, 4, 5]);
  s.compact(3);
  expectEqual({ first: s.firstIndex(), last: s.lastIndex() }, { first: 4, last: 5 }, 'firstIndex() and lastIndex() after compact(3) of entries 1..5');
  expectEqual(s.term(3), 3, 'term(3) after compact(3): still known');
  expectEqual(idxTerms(s.entries(4, 6)), ['4/4', '5/5'], 'entries(4, 6) after compact(3)');
  expectThrows(() => s.compact(3), ErrCompacted, 'compact(3) again: already compacted, ErrCompacted');
  expectThrows(() => s.compact(2), ErrCompacted, 'compact(2) after compact(3): ErrCompacted');
  expectAnyThrow(() => s.compact(6), 'compact(6) when the last index is 5: out of bound');
});

// MemoryStorage.createSnapshot(i, cs, data) makes the snapshot the application would send
// (index i, term(i), membership, data), keeps the entries, and refuses to go backwards.
test('MemoryStorage.createSnapshot builds a snapshot and keeps the entries', () => {
  const s = storageWith([1, 2, 3, 4, 5]);
  const cs: ConfState = newConfState({ nodes: [1, 2, 3] });
  const sn = s.createSnapshot(4, cs, bytes('state'));
  expectEqual(sn, snap(4, 4, [1, 2, 3], 'state'), 'createSnapshot(4, {1,2,3}, "state") on entries 1..5');
  expectEqual(s.snapshot(), sn, 'snapshot() after createSnapshot(4): the new snapshot');
  expectEqual({ first: s.firstIndex(), last: s.lastIndex() }, { first: 1, last: 5 }, 'createSnapshot keeps the entries (compact drops them)');
  expectThrows(() => s.createSnapshot(3, cs, bytes('')), ErrSnapOutOfDate, 'createSnapshot(3) after createSnapshot(4): ErrSnapOutOfDate');
  expectThrows(() => s.createSnapshot(4, cs, bytes('')), ErrSnapOutOfDate, 'createSnapshot(4) again: ErrSnapOutOfDate');
  expectAnyThrow(() => s.createSnapshot(6, cs, bytes('')), 'createSnapshot(6) when the last index is 5: out of bound');
});

// MemoryStorage.applySnapshot replaces everything: no entries, firstIndex() = index+1,
// term(index) = the snapshot's term; an older or equal snapshot is ErrSnapOutOfDate.
test('MemoryStorage.applySnapshot replaces everything', () => {
  const s = storageWith([1, 1, 1]);
  s.applySnapshot(snap(4, 4, [1, 2, 3]));
  expectEqual({ first: s.firstIndex(), last: s.lastIndex(), term: s.term(4) }, { first: 5, last: 4, term: 4 },
    'firstIndex(), lastIndex(), term(4) after applying a snapshot at 4/4 over entries 1..3');
  expectEqual(s.snapshot(), snap(4, 4, [1, 2, 3]), 'snapshot() after applySnapshot');
  expectThrows(() => s.applySnapshot(snap(3, 3)), ErrSnapOutOfDate, 'applySnapshot of an older snapshot (3): ErrSnapOutOfDate');
  expectThrows(() => s.applySnapshot(snap(4, 4)), ErrSnapOutOfDate, 'applySnapshot of the same index again: ErrSnapOutOfDate');
  s.append([ent(5, 4)]);
  expectEqual(idxTerms(s.entries(5, 6)), ['5/4'], 'appending right after an applied snapshot');
});

// MemoryStorage.initialState() gives back the saved hard state and the snapshot's membership:
// what newRaft restarts from.
test('MemoryStorage.initialState returns the hard state and membership', () => {
  const s = new MemoryStorage();
  expectEqual(s.initialState(), { hardState: newHardState(), confState: newConfState() }, 'initialState() of a new MemoryStorage: empty');
  s.setHardState(newHardState({ term: 3, vote: 2, commit: 1 }));
  s.applySnapshot(snap(1, 1, [1, 2]));
  expectEqual(s.initialState(), { hardState: newHardState({ term: 3, vote: 2, commit: 1 }), confState: newConfState({ nodes: [1, 2] }) },
    'initialState() after setHardState({3, 2, 1}) and a snapshot with nodes {1, 2}');
});
