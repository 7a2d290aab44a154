/**
 * Driving a test raft's log the way the application would: persisting, applying, and getting
 * a new leader's noop entry committed.
 */
import { Entry, MessageType, newEntry } from '@target/proto/eraftpb';
import { MemoryStorage, Raft, RaftLog, StateType } from '@target/raft';
import { acceptAndReply, drainMessages } from './messages';

/**
 * Persists every unstable entry of `r` into `s`, then returns the entries ready to apply and
 * marks them applied (applied = committed).
 */
export function nextEnts(r: Raft, s: MemoryStorage): Entry[] {
  s.append(r.raftLog.unstableEntries().map((e) => newEntry(e)));
  r.raftLog.stabled = r.raftLog.lastIndex();
  const ents = r.raftLog.nextEnts();
  r.raftLog.applied = r.raftLog.committed;
  return ents;
}

/**
 * For a leader just elected: sends its noop entry to every peer, answers each append as if the
 * peer accepted it, throws away what the leader sends next, then persists the log into `s` and
 * marks everything committed as applied. Throws if `r` is not the leader or a message it sends
 * is not an append that brings a peer up to the noop entry.
 *
 * Both ways of moving `next` are accepted: a leader that moves `next` only when a follower
 * answers (this lab's reference) sends the noop again here; a leader that moves `next` past what
 * it sent at once (etcd in its Replicate state) sends an empty append after the noop, which is
 * answered as an acknowledgement of the noop.
 */
export function commitNoopEntry(r: Raft, s: MemoryStorage): void {
  if (r.state !== StateType.Leader) throw new Error('commitNoopEntry: the raft must be the leader');
  for (const id of r.prs.keys()) {
    if (id !== r.id) r.sendAppend(id);
  }
  const noop = r.raftLog.lastIndex();
  for (const m of drainMessages(r)) {
    const carriesNoop = m.entries.length === 1 && m.entries[0].data.length === 0 && m.entries[0].index === noop;
    const afterNoop = m.entries.length === 0 && m.index === noop;
    if (m.msgType !== MessageType.MsgAppend || !(carriesNoop || afterNoop)) {
      throw new Error(`commitNoopEntry: expected an append of the noop entry (index ${noop}) or an empty append after it, `
        + `got ${MessageType[m.msgType]} at index ${m.index} with ${m.entries.length} entries`);
    }
    r.step(acceptAndReply(m));
  }
  drainMessages(r); // the appends that tell the followers the new commit index
  s.append(r.raftLog.unstableEntries().map((e) => newEntry(e)));
  r.raftLog.applied = r.raftLog.committed;
  r.raftLog.stabled = r.raftLog.lastIndex();
}

/** The term of entry `i` of `log`; throws a plain Error naming the index if it has none. */
export function mustTerm(log: RaftLog, i: number): number {
  try {
    return log.term(i);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`mustTerm: no term for index ${i}: ${why}`, { cause: e });
  }
}

/** The ids in `r.prs`, in increasing order. */
export function nodes(r: Raft): number[] {
  return [...r.prs.keys()].sort((a, b) => a - b);
}
