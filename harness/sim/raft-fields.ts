/**
 * The fields of a raft message that the trace records (trace-data.ts's RaftFields): the same
 * ones describe-message.ts prints (it formats them with formatRaftFields), as numbers, so that
 * the trace's text can be made from them later and tools can read them without parsing it.
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import type { RaftFields } from './trace-data';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The recorded fields of `msg`, sent by store `fromStore`; see the file comment. */
export function raftFields(fromStore: number, msg: raft_serverpb.IRaftMessage): RaftFields {
  const f: Mutable<RaftFields> = { region: msg.regionId ?? 0 };
  const peerFrom = msg.fromPeer?.storeId ?? 0;
  if (peerFrom !== fromStore) f.peerFrom = peerFrom;
  const m = msg.message;
  if (m !== null && m !== undefined) {
    f.term = m.term ?? 0;
    const t = m.msgType ?? eraftpb.MessageType.MsgHup;
    if (t === eraftpb.MessageType.MsgAppend || t === eraftpb.MessageType.MsgRequestVote) {
      f.index = m.index ?? 0;
      f.logTerm = m.logTerm ?? 0;
    } else if (t === eraftpb.MessageType.MsgAppendResponse) {
      f.index = m.index ?? 0;
    }
    const n = m.entries?.length ?? 0;
    if (n > 0) f.entries = n;
    if ((m.commit ?? 0) !== 0) f.commit = m.commit ?? 0;
    if (m.reject === true) f.reject = true;
    const snap = m.snapshot?.metadata;
    if (t === eraftpb.MessageType.MsgSnapshot && snap !== null && snap !== undefined) f.snapshot = [snap.index ?? 0, snap.term ?? 0];
  }
  if (msg.isTombstone === true) f.tombstone = true;
  return f;
}

/** The raft fields as text, as they follow the type in the trace: `1->3 r1 term 6 index 10 ...`. */
export function formatRaftFields(from: number, to: number, r: RaftFields): string {
  let s = `${r.peerFrom ?? from}->${to} r${r.region}`;
  if (r.term !== undefined) s += ` term ${r.term}`;
  if (r.index !== undefined) s += ` index ${r.index}`;
  if (r.logTerm !== undefined) s += ` logTerm ${r.logTerm}`;
  if (r.entries !== undefined) s += ` entries ${r.entries}`;
  if (r.commit !== undefined) s += ` commit ${r.commit}`;
  if (r.reject === true) s += ' reject';
  if (r.snapshot !== undefined) s += ` snapshot ${r.snapshot[0]}@${r.snapshot[1]}`;
  if (r.tombstone === true) s += ' tombstone';
  return s;
}
