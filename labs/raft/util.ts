/** Small helpers shared by the raft package and its users. */
import { HardState, MessageType, Snapshot } from '../proto/eraftpb';

/** The placeholder node id: "no node" (no leader known, no vote cast). */
export const None = 0;

/** True if `st` is the empty hard state (nothing to persist). */
export function isEmptyHardState(st: HardState): boolean {
  return st.term === 0 && st.vote === 0 && st.commit === 0;
}

/** True if two hard states are equal field by field. */
export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** True if `sp` is absent or covers nothing (index 0). */
export function isEmptySnap(sp: Snapshot | null | undefined): boolean {
  return sp == null || sp.metadata.index === 0;
}

/** True for messages that a node generates for itself and never sends: MsgHup and MsgBeat. */
export function isLocalMsg(t: MessageType): boolean {
  return t === MessageType.MsgHup || t === MessageType.MsgBeat;
}

/** True for the answers to MsgAppend, MsgRequestVote and MsgHeartbeat. */
export function isResponseMsg(t: MessageType): boolean {
  return t === MessageType.MsgAppendResponse || t === MessageType.MsgRequestVoteResponse
    || t === MessageType.MsgHeartbeatResponse;
}

/** The name of a message type, e.g. "MsgAppend". */
export function messageTypeName(t: MessageType): string {
  return MessageType[t] ?? `MessageType(${t})`;
}
