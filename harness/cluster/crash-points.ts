/**
 * Crash points that know the store's keys (meta/keys.ts): matchers for Cluster.armCrash that
 * pick a write by what it does, whichever engine an implementation writes it to first.
 *
 * - `hardStateChange`: the raft write that persists a new term or vote (an election step);
 * - `snapshotApplyWrite`: the first write of a snapshot apply: the kv batch that puts the
 *   region's RegionLocalState, or the raft batch that moves the log to the snapshot (it puts a
 *   RaftLocalState whose last index changed, without the entry at that index);
 * - `appliedIndexOfData`: the kv write of an applied index that moves past a Put or a Delete;
 * - `entriesWithoutHardStateChange`: a raft write that appends log entries and leaves the hard
 *   state as it was (the common case on a busy leader: new proposals, commit not moved yet).
 */
import { eraftpb, raft_cmdpb, raft_serverpb } from '@target/proto/codec';
import type { Engines } from '@target/kv/engine/engines';
import { applyStateKey, raftLogIndex, raftLogKey, raftStateKey, regionStateKey } from '@target/kv/meta/keys';
import { getApplyState, getRaftLocalState } from '@target/kv/meta/states';
import { WriteMatcher, putsKey, valuePutAt } from '../sim/crash';

/** The RaftLocalState a batch puts for the region, decoded, or undefined. */
function raftStatePut(batch: Parameters<WriteMatcher>[0], regionId: number): raft_serverpb.RaftLocalState | undefined {
  const raw = valuePutAt(batch, raftStateKey(regionId));
  return raw === undefined ? undefined : raft_serverpb.RaftLocalState.decode(raw);
}

/**
 * The next raft-engine write that persists a hard state whose term or vote differs from the
 * one persisted now (read from `engines` when the matcher is made).
 */
export function hardStateChange(engines: Engines, regionId = 1): WriteMatcher {
  const hs = getRaftLocalState(engines.raft, regionId)?.hardState;
  let last = { term: hs?.term ?? 0, vote: hs?.vote ?? 0 };
  return (batch, engine) => {
    if (engine !== 'raft') return false;
    const st = raftStatePut(batch, regionId);
    if (st === undefined) return false;
    const now = { term: st.hardState?.term ?? 0, vote: st.hardState?.vote ?? 0 };
    const changed = now.term !== last.term || now.vote !== last.vote;
    last = now;
    return changed;
  };
}

/**
 * The first write of a snapshot apply, on either engine (see the file comment). The last index
 * persisted now is read from `engines` when the matcher is made, and followed from then on.
 */
export function snapshotApplyWrite(engines: Engines, regionId = 1): WriteMatcher {
  const regionState = putsKey(regionStateKey(regionId));
  let lastIndex = getRaftLocalState(engines.raft, regionId)?.lastIndex ?? 0;
  return (batch, engine) => {
    if (engine === 'kv') return regionState(batch, engine);
    if (engine !== 'raft') return false;
    const st = raftStatePut(batch, regionId);
    if (st === undefined) return false;
    const prev = lastIndex;
    lastIndex = st.lastIndex;
    return st.lastIndex !== prev && valuePutAt(batch, raftLogKey(regionId, st.lastIndex)) === undefined;
  };
}

/** True if raft log entry `index` (raft engine) holds a command with a Put or a Delete. */
function entryWritesData(engines: Engines, regionId: number, index: number): boolean {
  const raw = engines.raft.get(raftLogKey(regionId, index));
  if (raw === undefined) return false;
  const e = eraftpb.Entry.decode(raw);
  if ((e.entryType ?? eraftpb.EntryType.EntryNormal) !== eraftpb.EntryType.EntryNormal || (e.data?.length ?? 0) === 0) return false;
  try {
    const req = raft_cmdpb.RaftCmdRequest.decode(e.data);
    return (req.requests ?? []).some((r) => r.cmdType === raft_cmdpb.CmdType.Put || r.cmdType === raft_cmdpb.CmdType.Delete);
  } catch {
    return false;
  }
}

/**
 * A kv-engine write that persists a new applied index (puts the region's RaftApplyState)
 * past at least one entry that writes data (a Put or a Delete, read from the raft log): the
 * write that must carry that data too. The applied index persisted now is read from
 * `engines` when the matcher is made, and followed from then on.
 */
export function appliedIndexOfData(engines: Engines, regionId = 1): WriteMatcher {
  let applied = getApplyState(engines.kv, regionId)?.appliedIndex ?? 0;
  return (batch, engine) => {
    if (engine !== 'kv') return false;
    const raw = valuePutAt(batch, applyStateKey(regionId));
    if (raw === undefined) return false;
    const now = raft_serverpb.RaftApplyState.decode(raw).appliedIndex;
    const from = applied;
    applied = now;
    for (let i = from + 1; i <= now; i++) if (entryWritesData(engines, regionId, i)) return true;
    return false;
  };
}

/** True if `key` is a raft-log key of region `regionId` (meta/keys.ts: the log key of index 0 without its index). */
function isLogKeyOf(key: Uint8Array, regionId: number): boolean {
  const prefix = raftLogKey(regionId, 0).subarray(0, 11);
  if (key.length !== prefix.length + 8) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

/** A raft-engine write picked by `entriesWithoutHardStateChange`, with the entries it put. */
export interface EntriesWrite {
  /** The indexes of the log entries the batch put, in batch order. */
  indexes: number[];
}

/**
 * The next raft-engine write that puts log entries of the region and either puts no
 * RaftLocalState or one whose hard state (term, vote, commit) is the one persisted before
 * it. The hard state persisted now is read from `engines` when the matcher is made, and
 * followed from then on. `seen`, if given, gets the entries of the write that matched.
 */
export function entriesWithoutHardStateChange(engines: Engines, regionId = 1, seen?: (w: EntriesWrite) => void): WriteMatcher {
  const key = (hs: raft_serverpb.RaftLocalState['hardState'] | undefined): string => `${hs?.term ?? 0}/${hs?.vote ?? 0}/${hs?.commit ?? 0}`;
  let last = key(getRaftLocalState(engines.raft, regionId)?.hardState);
  return (batch, engine) => {
    if (engine !== 'raft') return false;
    const indexes = batch.ops.filter((op) => op.value !== null && isLogKeyOf(op.key, regionId)).map((op) => raftLogIndex(op.key));
    const st = raftStatePut(batch, regionId);
    const prev = last;
    if (st !== undefined) last = key(st.hardState);
    if (indexes.length === 0 || (st !== undefined && key(st.hardState) !== prev)) return false;
    seen?.({ indexes });
    return true;
  };
}
