/**
 * The keys under which a store keeps its metadata (TinyKV's kv/raftstore/meta). They all start
 * with 0x01, below every column-family key ("default_...", "lock_...", "write_..."), so they
 * never mix with data.
 *
 * | key | bytes | value | engine |
 * |---|---|---|---|
 * | raftLogKey(region, index) | 01 02 region(8) 01 index(8) | eraftpb.Entry | raft |
 * | raftStateKey(region) | 01 02 region(8) 02 | RaftLocalState | raft |
 * | applyStateKey(region) | 01 02 region(8) 03 | RaftApplyState | kv |
 * | regionStateKey(region) | 01 03 region(8) 01 | RegionLocalState | kv |
 * | prepareBootstrapKey | 01 01 | RegionLocalState | kv |
 * | storeIdentKey | 01 02 | StoreIdent | kv |
 *
 * Numbers are 8 bytes big-endian, so keys of one region sort by index.
 */

/** The first index and term of a region's raft log, as TinyKV (5, not 0). */
export const RAFT_INIT_LOG_INDEX = 5;
/** The term of the initial log position. */
export const RAFT_INIT_LOG_TERM = 5;

const LOCAL_PREFIX = 0x01;
const REGION_RAFT_PREFIX = 0x02;
const REGION_META_PREFIX = 0x03;
const RAFT_LOG_SUFFIX = 0x01;
const RAFT_STATE_SUFFIX = 0x02;
const APPLY_STATE_SUFFIX = 0x03;
const REGION_STATE_SUFFIX = 0x01;

/** Writes `n` (an integer below 2^53) as 8 bytes, big-endian, at `at`. */
function writeU64(out: Uint8Array, at: number, n: number): void {
  writeU32(out, at, Math.floor(n / 2 ** 32));
  writeU32(out, at + 4, n >>> 0);
}

function writeU32(out: Uint8Array, at: number, n: number): void {
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Reads the 8-byte big-endian number at `at`. */
export function readU64(b: Uint8Array, at: number): number {
  return readU32(b, at) * 2 ** 32 + readU32(b, at + 4);
}

function regionKey(prefix: number, regionId: number, suffix: number, extra?: number): Uint8Array {
  const out = new Uint8Array(11 + (extra === undefined ? 0 : 8));
  out[0] = LOCAL_PREFIX;
  out[1] = prefix;
  writeU64(out, 2, regionId);
  out[10] = suffix;
  if (extra !== undefined) writeU64(out, 11, extra);
  return out;
}

/** The key of the raft log entry at `index` of region `regionId` (raft engine). */
export function raftLogKey(regionId: number, index: number): Uint8Array {
  return regionKey(REGION_RAFT_PREFIX, regionId, RAFT_LOG_SUFFIX, index);
}

/** The index encoded in a raftLogKey. */
export function raftLogIndex(key: Uint8Array): number {
  if (key.length !== 19) throw new Error(`not a raft log key: ${key.length} bytes`);
  return readU64(key, 11);
}

/** The key of a region's RaftLocalState (raft engine). */
export function raftStateKey(regionId: number): Uint8Array {
  return regionKey(REGION_RAFT_PREFIX, regionId, RAFT_STATE_SUFFIX);
}

/** The key of a region's RaftApplyState (kv engine). */
export function applyStateKey(regionId: number): Uint8Array {
  return regionKey(REGION_RAFT_PREFIX, regionId, APPLY_STATE_SUFFIX);
}

/** The key of a region's RegionLocalState (kv engine). */
export function regionStateKey(regionId: number): Uint8Array {
  return regionKey(REGION_META_PREFIX, regionId, REGION_STATE_SUFFIX);
}

/** The first and (exclusive) last key of every region's RegionLocalState: for loading peers at start. */
export function regionMetaRange(): [Uint8Array, Uint8Array] {
  return [new Uint8Array([LOCAL_PREFIX, REGION_META_PREFIX]), new Uint8Array([LOCAL_PREFIX, REGION_META_PREFIX + 1])];
}

/** The key marking a store that prepared to bootstrap the cluster (kv engine). */
export const prepareBootstrapKey = new Uint8Array([LOCAL_PREFIX, 0x01]);
/** The key of the store's identity (kv engine). */
export const storeIdentKey = new Uint8Array([LOCAL_PREFIX, 0x02]);
