/**
 * Short, stable descriptions of raft messages for the trace and the network counters.
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { formatRaftFields, raftFields } from './raft-fields';

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
  return `${messageTypeName(msg)} ${formatRaftFields(from, msg.toPeer?.storeId ?? 0, raftFields(from, msg))}`;
}
