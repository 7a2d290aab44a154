/**
 * Short, stable descriptions of raft messages for the trace and the network counters.
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';

/**
 * The eraftpb.MessageType name of the raft message inside `msg` ("MsgAppend"); "Tombstone"
 * for a tombstone notice without one, "Empty" for any other message without one.
 */
export function messageTypeName(msg: raft_serverpb.IRaftMessage): string {
  const m = msg.message;
  if (m === null || m === undefined) return msg.isTombstone === true ? 'Tombstone' : 'Empty';
  const t = m.msgType ?? eraftpb.MessageType.MsgHup;
  return eraftpb.MessageType[t] ?? `MsgType${t}`;
}

/**
 * One line about `msg`: type, stores, region and the raft fields that matter for its type,
 * e.g. `MsgAppend 1->3 r1 term 6 index 10 logTerm 6 entries 2 commit 9`.
 */
export function describeMessage(msg: raft_serverpb.IRaftMessage): string {
  const from = msg.fromPeer?.storeId ?? 0;
  const to = msg.toPeer?.storeId ?? 0;
  const parts = [messageTypeName(msg), `${from}->${to}`, `r${msg.regionId ?? 0}`];
  const m = msg.message;
  if (m !== null && m !== undefined) {
    parts.push(`term ${m.term ?? 0}`);
    const t = m.msgType ?? eraftpb.MessageType.MsgHup;
    if (t === eraftpb.MessageType.MsgAppend || t === eraftpb.MessageType.MsgRequestVote) {
      parts.push(`index ${m.index ?? 0}`, `logTerm ${m.logTerm ?? 0}`);
    } else if (t === eraftpb.MessageType.MsgAppendResponse) {
      parts.push(`index ${m.index ?? 0}`);
    }
    const n = m.entries?.length ?? 0;
    if (n > 0) parts.push(`entries ${n}`);
    if ((m.commit ?? 0) !== 0) parts.push(`commit ${m.commit}`);
    if (m.reject === true) parts.push('reject');
    const snap = m.snapshot?.metadata;
    if (t === eraftpb.MessageType.MsgSnapshot && snap !== null && snap !== undefined) {
      parts.push(`snapshot ${snap.index ?? 0}@${snap.term ?? 0}`);
    }
  }
  if (msg.isTombstone === true) parts.push('tombstone');
  return parts.join(' ');
}
