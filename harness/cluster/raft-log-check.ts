/**
 * What a store's raft engine holds, read directly (bypassing the store), and two checks on it:
 *
 * - `describeLogStateMismatch`: the persisted RaftLocalState (last index and term) must
 *   describe the log the raft engine holds: the entry at the last index is there with the last
 *   term (or the last index is the truncated index, the log being empty after a snapshot or a
 *   compaction), and no entry lies past the last index. A store restarts from RaftLocalState:
 *   if it says the log ends before entries the store wrote (and acknowledged), a restarted
 *   store forgets them; if it names an entry that is not there, it cannot even read its log.
 * - `describeOldEntriesAfterSnapshot`: once a snapshot at index S is installed, the raft
 *   engine holds no entry at or below S (the old log is gone: the snapshot replaces it), and
 *   none past S that is not part of the log (left over from the old log, which the leader's
 *   replaced).
 *
 * Both return null when all is well, else what is wrong, as a sentence for a student.
 */
import { eraftpb } from '@target/proto/codec';
import type { Engine } from '@target/kv/engine/engine';
import type { Engines } from '@target/kv/engine/engines';
import { raftLogIndex, raftLogKey, raftStateKey } from '@target/kv/meta/keys';
import { getApplyState, getRaftLocalState } from '@target/kv/meta/states';

/** One raft-log entry as the raft engine stores it: its index and term. */
export interface StoredEntry {
  index: number;
  term: number;
}

/** Every log entry of the region in the raft engine, in index order. */
export function storedEntries(raft: Engine, regionId = 1): StoredEntry[] {
  const out: StoredEntry[] = [];
  const snap = raft.snapshot();
  try {
    // Log keys sort below the region's RaftLocalState key (meta/keys.ts).
    for (const [k, v] of snap.scan(raftLogKey(regionId, 0), raftStateKey(regionId))) {
      out.push({ index: raftLogIndex(k), term: eraftpb.Entry.decode(v).term });
    }
  } finally {
    snap.release();
  }
  return out;
}

/** Indexes as short text: "6..9, 12" (consecutive runs joined). */
export function showIndexes(indexes: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indexes.length;) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    parts.push(i === j ? `${indexes[i]}` : `${indexes[i]}..${indexes[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** The terms of some entries as text: "term 7" or "terms 6..8". */
function showTerms(entries: readonly StoredEntry[]): string {
  const terms = [...new Set(entries.map((e) => e.term))].sort((a, b) => a - b);
  return terms.length === 1 ? `term ${terms[0]}` : `terms ${terms[0]}..${terms[terms.length - 1]}`;
}

/**
 * Compares store `storeId`'s persisted RaftLocalState with the entries its raft engine holds
 * (see the file comment); null if they agree.
 */
export function describeLogStateMismatch(engines: Engines, storeId: number, regionId = 1): string | null {
  const st = getRaftLocalState(engines.raft, regionId);
  if (st === undefined) return `store ${storeId}: its raft engine holds no RaftLocalState of region ${regionId}`;
  const truncated = getApplyState(engines.kv, regionId)?.truncatedState ?? {};
  const tIndex = truncated.index ?? 0;
  const entries = storedEntries(engines.raft, regionId);
  const says = `its persisted RaftLocalState says the log ends at index ${st.lastIndex} (term ${st.lastTerm})`;
  const past = entries.filter((e) => e.index > st.lastIndex);
  if (past.length > 0) {
    return `store ${storeId}: ${says}, but its raft engine holds entries past it, at ${showIndexes(past.map((e) => e.index))} `
      + `(${showTerms(past)}). A store restarts from RaftLocalState: this one would forget those entries, which it may already `
      + 'have acknowledged to the leader. Write RaftLocalState (last index and term) in the same raft batch as the entries, on '
      + 'every Ready that has entries, not only when the hard state changes; and delete the old entries past a new last index.';
  }
  if (st.lastIndex > tIndex) {
    const last = entries.find((e) => e.index === st.lastIndex);
    if (last === undefined) {
      return `store ${storeId}: ${says}, but its raft engine has no entry ${st.lastIndex} (it holds ${showIndexes(entries.map((e) => e.index))}): `
        + 'after a restart, the store could not read its own log. Update RaftLocalState in the same batch as the entries it describes.';
    }
    if (last.term !== st.lastTerm) {
      return `store ${storeId}: ${says}, but its raft engine's entry ${st.lastIndex} has term ${last.term}: RaftLocalState.lastTerm `
        + 'must be the term of the last entry written, in the same batch.';
    }
  } else if (st.lastIndex === tIndex && st.lastTerm !== (truncated.term ?? 0)) {
    return `store ${storeId}: ${says}, which is its truncated index, but the truncated term is ${truncated.term ?? 0}`;
  }
  return null;
}

/**
 * Checks store `storeId`'s raft engine right after it installed a snapshot at `snapIndex`
 * (see the file comment); null if no old entry is left.
 */
export function describeOldEntriesAfterSnapshot(engines: Engines, storeId: number, snapIndex: number, regionId = 1): string | null {
  const entries = storedEntries(engines.raft, regionId);
  const below = entries.filter((e) => e.index <= snapIndex);
  if (below.length > 0) {
    return `store ${storeId} installed a snapshot at index ${snapIndex}, but its raft engine still holds ${below.length} entries at or `
      + `below that index, at ${showIndexes(below.map((e) => e.index))} (${showTerms(below)}): the old log. The snapshot replaces `
      + 'the whole log: applySnapshot must delete the old entries (from the first index to the last index of the log before the '
      + 'snapshot) in the raft write batch it is given, with the new RaftLocalState.';
  }
  const last = getRaftLocalState(engines.raft, regionId)?.lastIndex ?? 0;
  const past = entries.filter((e) => e.index > Math.max(last, snapIndex));
  if (past.length > 0) {
    return `store ${storeId} installed a snapshot at index ${snapIndex} (its RaftLocalState's last index is ${last}), but its raft `
      + `engine still holds entries past it, at ${showIndexes(past.map((e) => e.index))} (${showTerms(past)}): the tail of its old log, `
      + 'which is not part of the log after the snapshot. applySnapshot must delete every entry of the old log, up to its old last '
      + 'index, not only those up to the snapshot\'s index.';
  }
  return null;
}
