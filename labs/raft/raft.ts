/**
 * Raft: the consensus algorithm of one node, driven by ticks and messages.
 *
 * It does no I/O: the application calls `tick()` at a regular interval and `step(m)` for each
 * message, and collects what raft wants to send from `msgs` (RawNode wraps this in Ready).
 * There are no timers, no promises and no clock in here; the only randomness is the election
 * timeout, drawn from Math.random (which the tests make deterministic).
 */
import {
  emptySnapshot, Entry, HardState, Message, MessageType, newEntry, newHardState, newMessage,
} from '../proto/eraftpb';
import { ErrCompacted, ErrProposalDropped, ErrSnapshotTemporarilyUnavailable, notImplemented } from './errors';
import { newLog, RaftLog } from './log';
import { Progress, ProgressState, SnapshotStatus } from './progress';
import { Storage } from './storage';
import { None } from './util';

/**
 * How long (in election timeouts) a leader waits for a snapshot transfer to end before it
 * gives up on it and probes the follower again (Part C).
 */
export const SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS = 4;

/** The role of a node. */
export enum StateType {
  Follower = 0,
  Candidate = 1,
  Leader = 2,
}

/** The name of a role as TinyKV prints it, e.g. "StateLeader". */
export function stateTypeName(st: StateType): string {
  return `State${StateType[st] ?? st}`;
}

/** What a node needs to start. */
export interface Config {
  /** This node's id. Cannot be 0 (None). */
  id: number;
  /**
   * The ids of every node in the group, this one included. Only for starting a brand-new
   * group in tests; otherwise the membership comes from Storage.initialState().
   */
  peers?: number[];
  /** Ticks without hearing from a leader before a follower starts an election. Must be greater than heartbeatTick. */
  electionTick: number;
  /** Ticks between two heartbeats of a leader. Must be greater than 0. */
  heartbeatTick: number;
  /** Where raft reads its stable state: entries, hard state, snapshot. */
  storage: Storage;
  /** The last applied index, when restarting. Raft will not hand back entries up to it. */
  applied?: number;
}

/** Checks a Config and throws an Error that says what is wrong. */
export function validateConfig(c: Config): void {
  if (c.id === None) throw new Error('cannot use none as id');
  if (c.heartbeatTick <= 0) throw new Error('heartbeat tick must be greater than 0');
  if (c.electionTick <= c.heartbeatTick) throw new Error('election tick must be greater than heartbeat tick');
  if (c.storage == null) throw new Error('storage cannot be nil');
}

/** Leader, role and the rest of what changes often and is not persisted. */
export interface SoftState {
  /** The leader this node knows of, or None. */
  lead: number;
  /** This node's role. */
  raftState: StateType;
}

/** One raft node. */
export class Raft {
  /** This node's id. */
  id: number;
  /** The current term. Persisted (HardState). */
  term = 0;
  /** Whom this node voted for in the current term, or None. Persisted (HardState). */
  vote = None;
  /** The log. */
  raftLog: RaftLog;
  /** @internal The leader's view of every node's log (this node's too), by id. */
  prs = new Map<number, Progress>();
  /** This node's role. */
  state = StateType.Follower;
  /** @internal Votes received in the current election: id -> granted. */
  votes = new Map<number, boolean>();
  /** @internal Messages to send; the application takes them through RawNode.ready(). */
  msgs: Message[] = [];
  /** The leader's id, or None. */
  lead = None;
  /** @internal Ticks between heartbeats. */
  heartbeatTimeout: number;
  /** @internal The base election timeout; the real one is drawn from [electionTimeout, 2 * electionTimeout). */
  electionTimeout: number;
  /** @internal Ticks since the last heartbeat was sent (leader only). */
  heartbeatElapsed = 0;
  /** @internal Ticks since the last election timeout reset. */
  electionElapsed = 0;
  /** @internal The node leadership is being transferred to (Project 3). */
  leadTransferee = None;
  /** @internal Index of the last pending conf change (Project 3). */
  pendingConfIndex = 0;

  // #region 2AA: the data you need besides the fields above
  // TODO (2AA): add what you need, e.g. the randomized election timeout in force.
  // #endregion

  /** @internal Use newRaft(config). */
  constructor(c: Config) {
    this.id = c.id;
    this.heartbeatTimeout = c.heartbeatTick;
    this.electionTimeout = c.electionTick;
    this.raftLog = newLog(c.storage);
  }

  /** What must be persisted before messages are sent: term, vote, commit. */
  hardState(): HardState {
    return newHardState({ term: this.term, vote: this.vote, commit: this.raftLog.committed });
  }

  /** The leader and role. */
  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  /** Advances the logical clock by one tick: election timeout for others, heartbeat for the leader. */
  tick(): void {
    // #region 2AA: tick
    // TODO (2AA): a leader counts towards its heartbeat and then steps a local MsgBeat; any
    // other node counts towards its (randomized) election timeout and then steps a local MsgHup.
    notImplemented('Raft.tick (2AA)');
    // #endregion
  }

  /** Becomes a follower of `lead` (None if unknown) in `term`. */
  becomeFollower(term: number, lead: number): void {
    // #region 2AA: becomeFollower
    // TODO (2AA): a new term means a new vote. Reset the election timer, with a fresh random
    // timeout in [electionTimeout, 2 * electionTimeout).
    notImplemented(`Raft.becomeFollower(${term}, ${lead}) (2AA)`);
    // #endregion
  }

  /** Becomes a candidate: a new term, a vote for itself. Sends nothing (campaign() does). */
  becomeCandidate(): void {
    // #region 2AA: becomeCandidate
    // TODO (2AA): next term, vote for yourself, reset the election timer. Send nothing here:
    // the tests call becomeCandidate() and expect no messages.
    notImplemented('Raft.becomeCandidate (2AA)');
    // #endregion
  }

  /** Becomes the leader: resets every follower's progress and appends a noop entry in its term. */
  becomeLeader(): void {
    // #region 2AA: becomeLeader
    // TODO (2AA): reset every peer's Progress (next = lastIndex + 1, match = 0), then append a
    // noop entry (empty data) in your term and send it to everyone (2AB). A single-node group
    // commits it at once.
    notImplemented('Raft.becomeLeader (2AA)');
    // #endregion
  }

  /**
   * The entrance of every message: local ones (MsgHup, MsgBeat, MsgPropose, which carry no
   * term) and those from other nodes. Throws ErrProposalDropped when a proposal cannot be
   * accepted.
   */
  step(m: Message): void {
    // #region 2AA: step
    // TODO (2AA): handle the term first, for every role: a higher term makes you a follower (of
    // the sender if it is a leader's message); most lower-term messages are dropped. Messages
    // for every role (MsgRequestVote) go here too. Then dispatch on this.state.
    // Local messages (MsgHup, MsgBeat, MsgPropose) have term 0. A node that is not in its own
    // membership (this.prs has no entry for this.id) never campaigns: it would lead alone.
    notImplemented(`Raft.step(${MessageType[m.msgType]}) (2AA)`);
    // #endregion
  }

  // #region 2AA: helpers for election and step
  // TODO (2AA): your helpers: campaign, vote handling, one step function per role...
  // #endregion

  // #region 2AB: the leader's side of log replication
  // TODO (2AB): your helpers for proposals, append responses (Progress.maybeUpdate and
  // maybeDecrTo tell what is news) and advancing the commit index (RaftLog.commitTo).
  // #endregion

  /**
   * Sends a MsgAppend with the entries the follower `to` is missing (and the commit index).
   * Returns true if a message was sent.
   */
  sendAppend(to: number): boolean {
    // #region 2AB: sendAppend
    // TODO (2AB): send entries from pr.next on, with the index and term of the entry just before
    // them (the log matching check) and the commit index.
    return notImplemented(`Raft.sendAppend(${to}) (2AB)`);
    // #endregion
  }

  /** Sends a heartbeat to `to`, with the commit index the follower can safely use. */
  sendHeartbeat(to: number): void {
    // #region 2AA: sendHeartbeat
    // TODO (2AA): a MsgHeartbeat to `to`.
    notImplemented(`Raft.sendHeartbeat(${to}) (2AA)`);
    // #endregion
  }

  /**
   * @internal Handles a MsgAppend: if the log holds the entry (m.index, m.logTerm), takes the
   * entries and the commit index (RaftLog.maybeAppend) and acknowledges up to the last of
   * them; otherwise rejects, with a hint where the logs may match.
   */
  handleAppendEntries(m: Message): void {
    // #region 2AB: handleAppendEntries
    // TODO (2AB): answer with a MsgAppendResponse. RaftLog.maybeAppend does the log's part (the
    // check of (m.index, m.logTerm), truncating only at a real conflict, commit). Accepted: index
    // is the last new entry. Rejected: index is m.index, and rejectHint where your log may match
    // the leader's (your last index, say). An append below committed matches up to committed.
    notImplemented('Raft.handleAppendEntries (2AB)');
    // #endregion
  }

  // #region 2AB: helpers for handleAppendEntries
  // TODO (2AB): your helpers for the follower's side, e.g. the rejection's hint.
  // #endregion

  /** @internal Handles a MsgHeartbeat: resets the election timer and answers; raises commit only as far as is safe. */
  handleHeartbeat(m: Message): void {
    // #region 2AA: handleHeartbeat
    // TODO (2AA): answer with MsgHeartbeatResponse. Careful with the commit index: never commit
    // entries that the leader has not verified to match its log.
    notImplemented('Raft.handleHeartbeat (2AA)');
    // #endregion
  }

  /**
   * @internal Handles a MsgSnapshot (Part C). A snapshot not newer than committed is ignored. A
   * snapshot whose last entry this log already holds (same index, same term) only moves
   * committed: the log is kept. Otherwise the log is replaced by the snapshot. Either way the
   * answer is an append response at the index the follower now holds for sure.
   */
  handleSnapshot(m: Message): void {
    // #region 2C: handleSnapshot
    // TODO (2C): ignore a snapshot that is not newer than committed. If your log already holds
    // the snapshot's last entry (same index and term), keep the log and only move committed:
    // the entries after it may be ones you acknowledged and the leader counted toward a commit
    // (Raft's InstallSnapshot rule 6), and dropping them can lose a committed entry. Otherwise
    // restore the log from the snapshot, take its membership, and answer.
    notImplemented('Raft.handleSnapshot (2C)');
    // #endregion
  }

  // #region 2C: sending snapshots
  // TODO (2C): your helpers for sending a snapshot when a follower needs compacted entries.
  // #endregion

  /**
   * The application tells the leader how a snapshot transfer to `id` ended (RawNode.reportSnapshot).
   * On Failure the leader probes again (and sends a new snapshot if still needed); on Finish
   * it probes from just past the snapshot. Nothing changes unless this node leads and `id` is
   * waiting for a snapshot.
   */
  reportSnapshot(id: number, status: SnapshotStatus): void {
    // #region 2C: reportSnapshot
    // TODO (2C): end the pause of follower `id` (a Progress method): on Failure probe it again
    // from match + 1, on Finish from just past the snapshot. Only a leader, only while paused.
    notImplemented(`Raft.reportSnapshot(${id}, ${SnapshotStatus[status]}) (2C)`);
    // #endregion
  }

  /** Adds a node to the group (Project 3). */
  addNode(id: number): void {
    if (!this.prs.has(id)) this.prs.set(id, new Progress(0, this.raftLog.lastIndex() + 1));
    this.pendingConfIndex = 0;
  }

  /** Removes a node from the group (Project 3). */
  removeNode(id: number): void {
    this.prs.delete(id);
    this.pendingConfIndex = 0;
  }
}

/**
 * Creates a node from its config: checks the config, then loads the hard state (term,
 * vote, commit) and the membership from storage. A new node starts as a follower in the term
 * it persisted (0 the first time).
 */
export function newRaft(c: Config): Raft {
  validateConfig(c);
  // #region 2AA: newRaft
  // TODO (2AA): create the Raft (new Raft(c)), then load what storage persisted: the hard
  // state (term, vote, commit) and the membership (c.peers if given, else the ConfState).
  // Start as a follower; set applied from c.applied when restarting.
  return notImplemented('newRaft (2AA)');
  // #endregion
}
