/**
 * Reading and shaping the messages a test raft sends: draining its outbox, putting a batch in
 * a stable order, and faking a follower's positive answer to an append.
 */
import { Message, MessageType, newMessage } from '@target/proto/eraftpb';
import { Raft, RaftError } from '@target/raft';

/**
 * Takes every message `r` has queued to send and empties its outbox (Go's `r.readMessages()`).
 */
export function drainMessages(r: Raft): Message[] {
  const msgs = r.msgs;
  r.msgs = [];
  return msgs;
}

/**
 * Sorts messages in place into a fixed order and returns the same array: by type, then
 * recipient, sender, term, log term, index and commit. Go's tests sort by the printed form of a
 * message, which for the batches they sort (one type, one sender) comes down to the recipient.
 */
export function sortMessages(msgs: Message[]): Message[] {
  const key = (m: Message): number[] => [m.msgType, m.to, m.from, m.term, m.logTerm, m.index, m.commit];
  return msgs.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return ka[i] - kb[i];
    }
    return 0;
  });
}

/**
 * The answer a follower gives when it accepts the MsgAppend `m`: a MsgAppendResponse from the
 * follower back to the leader, in the same term, acknowledging everything up to the last entry
 * that `m` carried. Like Go's, the reply carries no log term. Throws if `m` is not a MsgAppend.
 */
export function acceptAndReply(m: Message): Message {
  if (m.msgType !== MessageType.MsgAppend) {
    throw new Error(`acceptAndReply: expected a MsgAppend, got ${MessageType[m.msgType]}`);
  }
  return newMessage({
    from: m.to,
    to: m.from,
    term: m.term,
    msgType: MessageType.MsgAppendResponse,
    index: m.index + m.entries.length,
  });
}

/**
 * Steps `m` into `sm`, ignoring a RaftError (a dropped proposal, say) as the Go tests ignore
 * the error that Step returns. Any other exception propagates.
 */
export function stepIgnoringRaftError(sm: { step(m: Message): void }, m: Message): void {
  try {
    sm.step(m);
  } catch (e) {
    if (!(e instanceof RaftError)) throw e;
  }
}
