/**
 * Unit tests of the hooks and checks behind our tests of the raft log on disk and of snapshot
 * transfers: SimEngine.watch, a filter's alterChunk (CorruptOneSnapshotChunk), the crash point
 * entriesWithoutHardStateChange, and the raft-log checks describeLogStateMismatch and
 * describeOldEntriesAfterSnapshot (harness/cluster/raft-log-check.ts).
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { WriteBatch } from '@target/kv/engine/engine';
import { Engines } from '@target/kv/engine/engines';
import { MemEngine } from '@target/kv/engine/mem-engine';
import { applyStateKey, raftLogKey, raftStateKey } from '@target/kv/meta/keys';
import { putMeta } from '@target/kv/meta/states';
import { CorruptOneSnapshotChunk } from '../sim/corrupt-chunk';
import { SimEngine } from '../sim/sim-engine';
import { SimNetwork } from '../sim/network';
import { Simulator } from '../sim/simulator';
import { entriesWithoutHardStateChange } from '../cluster/crash-points';
import { describeLogStateMismatch, describeOldEntriesAfterSnapshot, showIndexes, storedEntries } from '../cluster/raft-log-check';

/** A batch that puts entries `indexes` (all of term `term`) and, if given, a RaftLocalState. */
function logBatch(indexes: number[], term: number, state?: { last: number; lastTerm: number; hs: { term: number; vote: number; commit: number } }): WriteBatch {
  const wb = new WriteBatch();
  for (const i of indexes) wb.put(raftLogKey(1, i), eraftpb.Entry.encode({ index: i, term, data: new Uint8Array([1]) }).finish());
  if (state !== undefined) {
    putMeta(wb, raftStateKey(1), raft_serverpb.RaftLocalState, { lastIndex: state.last, lastTerm: state.lastTerm, hardState: state.hs });
  }
  return wb;
}

/** Engines with a kv apply state truncated at `truncated` (term 5) and applied at `applied`. */
function engines(truncated = 5, applied = truncated): Engines {
  const e = new Engines(new MemEngine(), new MemEngine());
  const wb = new WriteBatch();
  putMeta(wb, applyStateKey(1), raft_serverpb.RaftApplyState, { appliedIndex: applied, truncatedState: { index: truncated, term: 5 } });
  e.kv.write(wb);
  return e;
}

const HS = { term: 6, vote: 1, commit: 7 };

describe('SimEngine.watch', () => {
  test('a watcher sees every write after it is applied, until stopped', () => {
    const eng = new SimEngine(new MemEngine());
    eng.name = 'raft';
    const seen: string[] = [];
    const stop = eng.watch((batch, name) => seen.push(`${name}:${batch.length}:${eng.get(batch.ops[0].key) === undefined ? 'absent' : 'present'}`));
    eng.write(logBatch([6], 6));
    eng.write(logBatch([7, 8], 6));
    stop();
    eng.write(logBatch([9], 6));
    expect(seen).toEqual(['raft:1:present', 'raft:2:present']);
  });
});

describe('CorruptOneSnapshotChunk', () => {
  test('flips one byte of the first chunk to its store, in a copy; the sender\'s bytes and other chunks are untouched', async () => {
    const sim = new Simulator(1);
    const net = new SimNetwork(sim);
    const got: raft_serverpb.SnapshotChunk[] = [];
    net.register(3, () => undefined, (c) => got.push(c));
    const corrupt = new CorruptOneSnapshotChunk(sim);
    corrupt.to = 3;
    net.addFilter(corrupt);
    const data = new TextEncoder().encode(`head ${'x'.repeat(100)} tail`);
    const original = data.slice();
    const message: raft_serverpb.IRaftMessage = { regionId: 1, fromPeer: { id: 1, storeId: 1 }, toPeer: { id: 3, storeId: 3 }, message: { msgType: eraftpb.MessageType.MsgSnapshot } };
    await sim.run(async () => {
      net.sendChunk(1, { message, data, offset: 0, totalSize: data.length * 2 });
      net.sendChunk(1, { message, data, offset: data.length, totalSize: data.length * 2 });
      await sim.sleep(100);
    });
    expect(data).toEqual(original);
    got.sort((a, b) => a.offset - b.offset);
    expect(got).toHaveLength(2);
    const diffs = [...got[0].data].map((b, i) => (b === original[i] ? -1 : i)).filter((i) => i >= 0);
    expect(diffs).toHaveLength(1);
    expect(String.fromCharCode(got[0].data[diffs[0]])).toBe('X');
    expect(got[1].data).toEqual(original);
    expect(corrupt.corrupted).toContain('offset 0');
  });
});

describe('entriesWithoutHardStateChange', () => {
  test('matches a raft write of entries that leaves the hard state as it was, or writes none', () => {
    const e = engines();
    e.raft.write(logBatch([6], 6, { last: 6, lastTerm: 6, hs: HS }));
    const picked: number[][] = [];
    const match = entriesWithoutHardStateChange(e, 1, (w) => picked.push(w.indexes));
    expect(match(logBatch([7], 6, { last: 7, lastTerm: 6, hs: { ...HS, commit: 8 } }), 'raft')).toBe(false);
    expect(match(logBatch([], 6, { last: 7, lastTerm: 6, hs: { ...HS, commit: 8 } }), 'raft')).toBe(false);
    expect(match(logBatch([8, 9], 6, { last: 9, lastTerm: 6, hs: { ...HS, commit: 8 } }), 'raft')).toBe(true);
    expect(match(logBatch([10], 6), 'raft')).toBe(true);
    expect(match(logBatch([11], 6), 'kv')).toBe(false);
    expect(picked).toEqual([[8, 9], [10]]);
  });
});

describe('describeLogStateMismatch', () => {
  test('null when RaftLocalState names the last entry, with its term', () => {
    const e = engines();
    e.raft.write(logBatch([6, 7, 8], 6, { last: 8, lastTerm: 6, hs: HS }));
    expect(storedEntries(e.raft).map((x) => x.index)).toEqual([6, 7, 8]);
    expect(describeLogStateMismatch(e, 2)).toBeNull();
  });

  test('entries past the persisted last index are reported', () => {
    const e = engines();
    e.raft.write(logBatch([6], 6, { last: 6, lastTerm: 6, hs: HS }));
    e.raft.write(logBatch([7, 8], 6));
    expect(describeLogStateMismatch(e, 2)).toMatch(/ends at index 6 \(term 6\), but its raft engine holds entries past it, at 7\.\.8/);
  });

  test('a last index whose entry is missing, or has another term, is reported', () => {
    const missing = engines();
    missing.raft.write(logBatch([6], 6, { last: 7, lastTerm: 6, hs: HS }));
    expect(describeLogStateMismatch(missing, 2)).toMatch(/has no entry 7/);
    const term = engines();
    term.raft.write(logBatch([6, 7], 6, { last: 7, lastTerm: 5, hs: HS }));
    expect(describeLogStateMismatch(term, 2)).toMatch(/entry 7 has term 6/);
  });

  test('an empty log at the truncated index agrees', () => {
    const e = engines(20, 20);
    const wb = new WriteBatch();
    putMeta(wb, raftStateKey(1), raft_serverpb.RaftLocalState, { lastIndex: 20, lastTerm: 5, hardState: HS });
    e.raft.write(wb);
    expect(describeLogStateMismatch(e, 2)).toBeNull();
  });
});

describe('describeOldEntriesAfterSnapshot', () => {
  test('null once the old log is gone; entries at or below the snapshot, or past its last index, are reported', () => {
    const clean = engines(30, 30);
    clean.raft.write(logBatch([], 7, { last: 30, lastTerm: 7, hs: HS }));
    expect(describeOldEntriesAfterSnapshot(clean, 3, 30)).toBeNull();
    const below = engines(30, 30);
    below.raft.write(logBatch([6, 7, 8], 6, { last: 30, lastTerm: 7, hs: HS }));
    expect(describeOldEntriesAfterSnapshot(below, 3, 30)).toMatch(/3 entries at or below that index, at 6\.\.8 \(term 6\)/);
    const past = engines(30, 30);
    past.raft.write(logBatch([31, 32, 40], 6, { last: 30, lastTerm: 7, hs: HS }));
    expect(describeOldEntriesAfterSnapshot(past, 3, 30)).toMatch(/entries past it, at 31\.\.32, 40 \(term 6\)/);
  });

  test('showIndexes joins runs', () => {
    expect(showIndexes([1, 2, 3, 5, 7, 8])).toBe('1..3, 5, 7..8');
    expect(showIndexes([])).toBe('');
  });
});
