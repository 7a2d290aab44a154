/**
 * Helpers for the 2C raft tests (snapshots and their flow control): reading the leader's
 * flow-control state of a follower, a Storage that counts (and can refuse) snapshot requests,
 * and building a leader whose storage has compacted entries a follower still needs.
 */
import { Entry, Message, MessageType, newConfState, newMessage, Snapshot } from '@target/proto/eraftpb';
import {
  ErrSnapshotTemporarilyUnavailable, InitialState, MemoryStorage, Progress, ProgressState, Raft, Storage,
} from '@target/raft';
import { drainMessages } from './messages';
import { nextEnts } from './log';

/** The progress that leader `r` keeps for `id`; throws a clear error if there is none. */
export function progressOf(r: Raft, id: number): Progress {
  const pr = r.prs.get(id);
  if (pr === undefined) throw new Error(`node ${r.id} has no progress for node ${id}`);
  return pr;
}

/** A field of a Progress that the skeleton leaves to the student (2C), read without typing it. */
function progressField(pr: Progress, name: string): unknown {
  return (pr as unknown as Record<string, unknown>)[name];
}

/**
 * The flow-control state of a Progress as a name ("Probe", "Replicate", "Snapshot"), read from
 * its `state` field (a ProgressState, see progress.ts). If there is no such field, a sentence
 * that says so, so that a comparison with the expected name fails readably.
 */
export function flowStateName(pr: Progress): string {
  const st = progressField(pr, 'state');
  if (typeof st === 'number' && ProgressState[st] !== undefined) return ProgressState[st];
  return `no ProgressState in Progress.state (found ${JSON.stringify(st) ?? 'undefined'}): the 2C tests read the flow-control state from Progress.state`;
}

/**
 * The index of the snapshot a Progress records as on its way (its `pendingSnapshot` field), or a
 * sentence saying the field is missing.
 */
export function pendingSnapshotOf(pr: Progress): number | string {
  const v = progressField(pr, 'pendingSnapshot');
  if (typeof v === 'number') return v;
  return `no number in Progress.pendingSnapshot (found ${JSON.stringify(v) ?? 'undefined'}): the 2C tests read the index of the snapshot being sent from Progress.pendingSnapshot`;
}

/**
 * A Storage over a MemoryStorage that counts the calls to snapshot() and, while
 * `snapshotUnavailable` is true, answers them with ErrSnapshotTemporarilyUnavailable, as a
 * storage does while it is still generating the snapshot (TinyKV's PeerStorage).
 */
export class CountingStorage implements Storage {
  /** The storage that holds the data. */
  readonly inner: MemoryStorage;
  /** How many times snapshot() was called, whatever it answered. */
  snapshotCalls = 0;
  /** While true, snapshot() throws ErrSnapshotTemporarilyUnavailable. */
  snapshotUnavailable = false;

  constructor(inner: MemoryStorage) {
    this.inner = inner;
  }

  initialState(): InitialState {
    return this.inner.initialState();
  }

  entries(lo: number, hi: number): Entry[] {
    return this.inner.entries(lo, hi);
  }

  term(i: number): number {
    return this.inner.term(i);
  }

  lastIndex(): number {
    return this.inner.lastIndex();
  }

  firstIndex(): number {
    return this.inner.firstIndex();
  }

  snapshot(): Snapshot {
    this.snapshotCalls++;
    if (this.snapshotUnavailable) throw new ErrSnapshotTemporarilyUnavailable();
    return this.inner.snapshot();
  }
}

/** A local MsgPropose to `id` with one entry carrying `data`. */
export function proposal(id: number, data: Uint8Array): Message {
  return newMessage({ msgType: MessageType.MsgPropose, from: id, to: id, entries: [{ data }] });
}

/** A MsgHeartbeatResponse from `from` to leader `r`, in the leader's term. */
export function heartbeatResponse(r: Raft, from: number): Message {
  return newMessage({ msgType: MessageType.MsgHeartbeatResponse, from, to: r.id, term: r.term });
}

/**
 * A MsgAppendResponse from `from` to leader `r`, in the leader's term: `from` matches up to
 * `index`, or (reject) it rejects the append at `index`, hinting that its log may match up to
 * `rejectHint`.
 */
export function appendResponse(r: Raft, from: number, index: number, reject = false, rejectHint = 0): Message {
  return newMessage({ msgType: MessageType.MsgAppendResponse, from, to: r.id, term: r.term, index, reject, rejectHint });
}

/** A leader whose storage compacted the entries a follower needs (see compactedLeader). */
export interface CompactedLeader {
  /** Index of the last entry covered by the storage's snapshot (everything up to it is compacted). */
  snapIndex: number;
  /** Term of that entry. */
  snapTerm: number;
}

/**
 * Turns `r`, node 1 of 1..3 on a fresh storage over `mem`, into the leader of term 1 whose
 * storage compacted the entries node 2 needs:
 * - entries 1..`committedCount` (its noop and proposals) are acknowledged by node 3 alone, so
 *   they are committed; then `uncommittedCount` more proposals that nobody acknowledged;
 * - everything is persisted in `mem`, the committed entries are applied, snapshotted (members
 *   1, 2, 3) and compacted, and the leader dropped them from memory (RaftLog.maybeCompact(),
 *   which the application's advance() would cause);
 * - node 2 never answered: the leader knows nothing of its log (match 0), and its next attempt
 *   for node 2 starts at index 1 (set, as TinyKV's TestProvideSnap2C sets Prs[2].Next), which
 *   was compacted. Nothing was sent to node 2 since the compaction, and the outbox is empty.
 */
export function makeCompactedLeader(r: Raft, mem: MemoryStorage, committedCount = 6, uncommittedCount = 2): CompactedLeader {
  const enc = new TextEncoder();
  r.becomeCandidate();
  r.becomeLeader();
  for (let i = 1; i < committedCount; i++) r.step(proposal(r.id, enc.encode(`c${i}`)));
  // Node 3 acknowledges everything so far: with the leader, a majority of three.
  r.step(appendResponse(r, 3, r.raftLog.lastIndex()));
  if (r.raftLog.committed !== committedCount) {
    throw new Error(`makeCompactedLeader: expected the leader to commit ${committedCount} entries once node 3 acknowledged them, `
      + `but committed is ${r.raftLog.committed}`);
  }
  for (let i = 0; i < uncommittedCount; i++) r.step(proposal(r.id, enc.encode(`u${i}`)));
  drainMessages(r);
  nextEnts(r, mem);
  const snapIndex = r.raftLog.applied;
  const snap = mem.createSnapshot(snapIndex, newConfState({ nodes: [1, 2, 3] }), enc.encode(`state at ${snapIndex}`));
  mem.compact(snapIndex);
  r.raftLog.maybeCompact();
  progressOf(r, 2).next = progressOf(r, 2).match + 1;
  drainMessages(r);
  return { snapIndex, snapTerm: snap.metadata.term };
}
