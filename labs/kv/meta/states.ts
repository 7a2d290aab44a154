/**
 * Reading and writing the three states of a region (see docs/2b.md):
 * - RaftLocalState (raft engine): the hard state, and the last index and term of the log;
 * - RaftApplyState (kv engine): the applied index and the truncated state (log GC);
 * - RegionLocalState (kv engine): the region and whether this peer is alive (Normal).
 */
import { raft_serverpb, metapb } from '../../proto/codec';
import { Engine, EngineSnapshot, WriteBatch } from '../engine/engine';
import { applyStateKey, RAFT_INIT_LOG_INDEX, RAFT_INIT_LOG_TERM, raftStateKey, regionStateKey } from './keys';

type Reader = Engine | EngineSnapshot;

/** The static decode of a generated protobuf class. */
export interface Decoder<T> {
  decode(b: Uint8Array): T;
}

/** The static encode of a generated protobuf class. */
export interface Encoder<I> {
  encode(m: I): { finish(): Uint8Array };
}

/** Reads and decodes the message stored at `key`, or undefined if absent. */
export function getMeta<T>(engine: Reader, key: Uint8Array, codec: Decoder<T>): T | undefined {
  const raw = engine.get(key);
  return raw === undefined ? undefined : codec.decode(raw);
}

/** Adds "store `msg` at `key`" to the batch. */
export function putMeta<I>(wb: WriteBatch, key: Uint8Array, codec: Encoder<I>, msg: I): void {
  wb.put(key, codec.encode(msg).finish());
}

/** The region's RaftLocalState, or undefined. */
export function getRaftLocalState(raft: Reader, regionId: number): raft_serverpb.RaftLocalState | undefined {
  return getMeta(raft, raftStateKey(regionId), raft_serverpb.RaftLocalState);
}

/** The region's RaftApplyState, or undefined. */
export function getApplyState(kv: Reader, regionId: number): raft_serverpb.RaftApplyState | undefined {
  return getMeta(kv, applyStateKey(regionId), raft_serverpb.RaftApplyState);
}

/** The region's RegionLocalState, or undefined. */
export function getRegionLocalState(kv: Reader, regionId: number): raft_serverpb.RegionLocalState | undefined {
  return getMeta(kv, regionStateKey(regionId), raft_serverpb.RegionLocalState);
}

/** Adds the region's RegionLocalState to the batch. */
export function writeRegionState(wb: WriteBatch, region: metapb.IRegion, state: raft_serverpb.PeerState): void {
  putMeta(wb, regionStateKey(region.id ?? 0), raft_serverpb.RegionLocalState, raft_serverpb.RegionLocalState.create({ state, region }));
}

/**
 * The RaftLocalState a peer starts with: for a region that has peers (created at bootstrap),
 * the log starts at index and term 5 with that hard state; a peer created later (Project 3)
 * starts empty.
 */
export function initRaftLocalState(raft: Reader, region: metapb.IRegion): raft_serverpb.RaftLocalState {
  const existing = getRaftLocalState(raft, region.id ?? 0);
  if (existing !== undefined) return existing;
  const st = raft_serverpb.RaftLocalState.create({ hardState: {} });
  if ((region.peers ?? []).length > 0) {
    st.lastIndex = RAFT_INIT_LOG_INDEX;
    st.lastTerm = RAFT_INIT_LOG_TERM;
    st.hardState = { term: RAFT_INIT_LOG_TERM, commit: RAFT_INIT_LOG_INDEX, vote: 0 };
  }
  return st;
}

/** The RaftApplyState a peer starts with (applied and truncated at 5 for a bootstrapped region). */
export function initApplyState(kv: Reader, region: metapb.IRegion): raft_serverpb.RaftApplyState {
  const existing = getApplyState(kv, region.id ?? 0);
  if (existing !== undefined) return existing;
  const st = raft_serverpb.RaftApplyState.create({ truncatedState: {} });
  if ((region.peers ?? []).length > 0) {
    st.appliedIndex = RAFT_INIT_LOG_INDEX;
    st.truncatedState = { index: RAFT_INIT_LOG_INDEX, term: RAFT_INIT_LOG_TERM };
  }
  return st;
}
