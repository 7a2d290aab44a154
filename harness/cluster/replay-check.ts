/**
 * The state-machine replay check (2B): a store's kv data must be exactly what applying its
 * raft log, up to its applied index, to an empty store gives.
 *
 * For each store: read RaftApplyState (kv engine), take the raft log entries from the first
 * one stored (truncated index + 1) up to the applied index from the raft engine, decode each
 * normal entry as a raft_cmdpb.RaftCmdRequest, apply its Put and Delete requests to an empty
 * map (Get and Snap change nothing, admin commands are skipped), and compare the map with
 * every column-family key of the kv engine (meta keys, which start with 0x01, are left out).
 * The first difference is reported: the key, the value the log says, the value the engine has.
 *
 * This catches what a crash between two writes of one apply leaves behind: data written
 * without its applied index (re-applied later: harmless for Put and Delete, so not reported)
 * or, worse, an applied index written without its data (those entries are never applied
 * again: lost). Only valid while the log was never compacted (no log GC, Part B): the check
 * refuses a store whose truncated index moved past the initial one.
 */
import { eraftpb, raft_cmdpb } from '@target/proto/codec';
import { keyWithCF } from '@target/kv/engine/cf';
import type { Engines } from '@target/kv/engine/engines';
import { RAFT_INIT_LOG_INDEX, raftLogKey } from '@target/kv/meta/keys';
import { getApplyState } from '@target/kv/meta/states';
import { dataOf, latin1Of } from './data-compare';
import { showBytes } from './meta';


function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** An engine key as "cf:key" (the column family is the part before the first '_'). */
function showEngineKey(k: string): string {
  const cut = k.indexOf('_');
  return cut < 0 ? showBytes(fromLatin1(k)) : `${k.slice(0, cut)}:${showBytes(fromLatin1(k.slice(cut + 1)))}`;
}

/** A value, shortened to ~80 characters. */
function showValue(v: string | undefined): string {
  if (v === undefined) return 'nothing (absent)';
  const s = showBytes(fromLatin1(v.length > 80 ? v.slice(0, 80) : v));
  return v.length > 80 ? `${s}... (${v.length} bytes)` : s;
}

/**
 * Replays store `storeId`'s log onto an empty map and compares it with its kv engine; returns
 * the first difference as text, or null if they agree. Throws if the check does not apply
 * (the log was compacted).
 */
export function replayDifference(engines: Engines, storeId: number, regionId = 1): string | null {
  const apply = getApplyState(engines.kv, regionId);
  if (apply === undefined) return `store ${storeId}: no RaftApplyState of region ${regionId} in the kv engine`;
  const truncated = apply.truncatedState?.index ?? 0;
  const applied = apply.appliedIndex;
  if (truncated !== RAFT_INIT_LOG_INDEX) {
    throw new Error(`replay check on store ${storeId}: its log was compacted (truncated index ${truncated}, not ${RAFT_INIT_LOG_INDEX}); `
      + 'the check needs the whole log and is only valid without log GC');
  }
  const expected = new Map<string, string>();
  const lastWrite = new Map<string, number>();
  for (let i = truncated + 1; i <= applied; i++) {
    const raw = engines.raft.get(raftLogKey(regionId, i));
    if (raw === undefined) {
      return `store ${storeId}: its applied index is ${applied}, but its raft engine has no log entry ${i}: an entry the store says it `
        + 'applied is gone from its log';
    }
    const e = eraftpb.Entry.decode(raw);
    if ((e.entryType ?? eraftpb.EntryType.EntryNormal) !== eraftpb.EntryType.EntryNormal || (e.data?.length ?? 0) === 0) continue;
    let req: raft_cmdpb.RaftCmdRequest;
    try {
      req = raft_cmdpb.RaftCmdRequest.decode(e.data);
    } catch {
      continue;
    }
    if (req.adminRequest != null) continue;
    for (const r of req.requests ?? []) {
      if (r.cmdType === raft_cmdpb.CmdType.Put && r.put != null) {
        const k = latin1Of(keyWithCF(r.put.cf ?? '', r.put.key ?? new Uint8Array(0)));
        expected.set(k, latin1Of(r.put.value ?? new Uint8Array(0)));
        lastWrite.set(k, i);
      } else if (r.cmdType === raft_cmdpb.CmdType.Delete && r.delete != null) {
        const k = latin1Of(keyWithCF(r.delete.cf ?? '', r.delete.key ?? new Uint8Array(0)));
        expected.delete(k);
        lastWrite.set(k, i);
      }
    }
  }
  const actual = dataOf(engines.kv);
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  for (const k of keys) {
    const want = expected.get(k);
    const got = actual.get(k);
    if (want === got) continue;
    const at = lastWrite.get(k);
    const why = at === undefined
      ? 'no entry of its log writes this key'
      : `entry ${at} of its log was the last to ${want === undefined ? 'delete' : 'write'} it`;
    return `store ${storeId}: replaying its raft log (entries ${truncated + 1}..${applied}, its applied index) on an empty store gives `
      + `${showValue(want)} for key ${showEngineKey(k)}, but its kv engine has ${showValue(got)} (${why}). `
      + 'The data of an applied entry and the applied index must be written in one batch: a crash between two writes must never '
      + 'leave an applied index without the data it stands for.';
  }
  return null;
}

/** Runs replayDifference on every store and throws the first difference found. */
export function checkReplayAll(storeIds: readonly number[], enginesOf: (id: number) => Engines, when: string, regionId = 1): void {
  for (const id of storeIds) {
    const diff = replayDifference(enginesOf(id), id, regionId);
    if (diff !== null) throw new Error(`state-machine replay check ${when}: ${diff}`);
  }
}
