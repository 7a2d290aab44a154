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
  /** The election timeout in force, drawn from [electionTimeout, 2 * electionTimeout). */
  randomizedElectionTimeout = 0;
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
    if (this.state === StateType.Leader) {
      this.tickSnapshotPauses();
      this.heartbeatElapsed++;
      if (this.heartbeatElapsed >= this.heartbeatTimeout) {
        this.heartbeatElapsed = 0;
        this.step(newMessage({ msgType: MessageType.MsgBeat, from: this.id, to: this.id }));
      }
      return;
    }
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.step(newMessage({ msgType: MessageType.MsgHup, from: this.id, to: this.id }));
    }
    // #endregion
  }

  /** Becomes a follower of `lead` (None if unknown) in `term`. */
  becomeFollower(term: number, lead: number): void {
    // #region 2AA: becomeFollower
    if (term !== this.term) {
      this.term = term;
      this.vote = None;
    }
    this.state = StateType.Follower;
    this.lead = lead;
    this.leadTransferee = None;
    this.resetElectionTimer();
    // #endregion
  }

  /** Becomes a candidate: a new term, a vote for itself. Sends nothing (campaign() does). */
  becomeCandidate(): void {
    // #region 2AA: becomeCandidate
    this.term++;
    this.state = StateType.Candidate;
    this.lead = None;
    this.vote = this.id;
    this.votes = new Map([[this.id, true]]);
    this.resetElectionTimer();
    // #endregion
  }

  /** Becomes the leader: resets every follower's progress and appends a noop entry in its term. */
  becomeLeader(): void {
    // #region 2AA: becomeLeader
    this.state = StateType.Leader;
    this.lead = this.id;
    this.heartbeatElapsed = 0;
    this.electionElapsed = 0;
    this.leadTransferee = None;
    const last = this.raftLog.lastIndex();
    for (const id of this.prs.keys()) this.prs.set(id, new Progress(0, last + 1));
    // A leader may only commit entries of its own term by counting replicas (Raft §5.4.2),
    // so it appends an empty entry right away to commit everything before it.
    this.appendEntries([newEntry({ data: new Uint8Array(0) })]);
    this.broadcastAppend();
    this.maybeCommit();
    // #endregion
  }

  /**
   * The entrance of every message: local ones (MsgHup, MsgBeat, MsgPropose, which carry no
   * term) and those from other nodes. Throws ErrProposalDropped when a proposal cannot be
   * accepted.
   */
  step(m: Message): void {
    // #region 2AA: step
    if (m.term > this.term) {
      const fromLeader = m.msgType === MessageType.MsgAppend || m.msgType === MessageType.MsgHeartbeat
        || m.msgType === MessageType.MsgSnapshot;
      this.becomeFollower(m.term, fromLeader ? m.from : None);
    } else if (m.term > 0 && m.term < this.term) {
      this.answerStale(m);
      return;
    }
    if (m.msgType === MessageType.MsgRequestVote) {
      this.handleRequestVote(m);
      return;
    }
    switch (this.state) {
      case StateType.Follower: this.stepFollower(m); break;
      case StateType.Candidate: this.stepCandidate(m); break;
      case StateType.Leader: this.stepLeader(m); break;
    }
    // #endregion
  }

  // #region 2AA: helpers for election and step
  private resetElectionTimer(): void {
    this.electionElapsed = 0;
    this.randomizedElectionTimeout = this.electionTimeout + Math.floor(Math.random() * this.electionTimeout);
  }

  /** The number of nodes that make a majority. */
  private quorum(): number {
    return Math.floor(this.prs.size / 2) + 1;
  }

  /** Queues a message from this node in its current term; unset fields take their defaults. */
  private send(m: Partial<Message> & Pick<Message, 'msgType' | 'to'>): void {
    this.msgs.push({
      msgType: m.msgType,
      to: m.to,
      from: this.id,
      term: this.term,
      logTerm: m.logTerm ?? 0,
      index: m.index ?? 0,
      entries: m.entries ?? [],
      commit: m.commit ?? 0,
      snapshot: m.snapshot ?? emptySnapshot(),
      reject: m.reject ?? false,
      rejectHint: m.rejectHint ?? 0,
    });
  }

  /**
   * A message from an older term. Most are dropped, but an old leader's append or heartbeat is
   * answered with our term, so that it learns it was deposed and steps down.
   */
  private answerStale(m: Message): void {
    if (m.msgType === MessageType.MsgAppend) {
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, reject: true });
    } else if (m.msgType === MessageType.MsgHeartbeat) {
      this.send({ msgType: MessageType.MsgHeartbeatResponse, to: m.from });
    }
  }

  /**
   * Starts an election: becomes candidate and asks every other node for its vote. A node that is
   * not a member of its own group (no membership yet, or removed) never campaigns: with nobody
   * to ask it would count its own vote as a majority and lead alone (etcd: promotable()).
   */
  private campaign(): void {
    if (!this.prs.has(this.id)) return;
    this.becomeCandidate();
    if (this.votes.size >= this.quorum()) {
      this.becomeLeader();
      return;
    }
    const lastIndex = this.raftLog.lastIndex();
    const logTerm = this.raftLog.term(lastIndex);
    for (const id of this.prs.keys()) {
      if (id === this.id) continue;
      this.send({ msgType: MessageType.MsgRequestVote, to: id, index: lastIndex, logTerm });
    }
  }

  /**
   * Grants a vote if not yet given to another node in this term and the candidate's log is up
   * to date. step() has already moved to the candidate's term if it is newer, and answered a
   * request of an older term, so m.term is this node's term here.
   */
  private handleRequestVote(m: Message): void {
    const canVote = this.vote === m.from || (this.vote === None && this.lead === None);
    const grant = canVote && this.raftLog.isUpToDate(m.index, m.logTerm);
    if (grant) {
      this.vote = m.from;
      this.electionElapsed = 0;
    }
    this.send({ msgType: MessageType.MsgRequestVoteResponse, to: m.from, reject: !grant });
  }

  private handleVoteResponse(m: Message): void {
    this.votes.set(m.from, !m.reject);
    let granted = 0;
    for (const v of this.votes.values()) if (v) granted++;
    const rejected = this.votes.size - granted;
    if (granted >= this.quorum()) this.becomeLeader();
    else if (rejected >= this.quorum()) this.becomeFollower(this.term, None);
  }

  /**
   * A message from the leader of this term (step() has sorted out the terms): remember who
   * leads, and put off the next election, since the leader is alive.
   */
  private heardFromLeader(lead: number): void {
    this.electionElapsed = 0;
    this.lead = lead;
  }

  /**
   * A follower's messages, once step() has checked the term. It campaigns on MsgHup (its
   * election timeout, or campaign()) and MsgTimeoutNow; forwards a proposal to the leader it
   * knows (and drops it when it knows none); and takes the leader's MsgAppend, MsgHeartbeat
   * and MsgSnapshot, each of which also tells it who leads and resets its election timer.
   * Everything else (late votes, responses meant for a leader) means nothing to a follower.
   */
  private stepFollower(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgHup:
        this.campaign();
        break;
      case MessageType.MsgPropose:
        if (this.lead === None) throw new ErrProposalDropped();
        this.msgs.push(newMessage({ ...m, to: this.lead, term: 0 }));
        break;
      case MessageType.MsgAppend:
        this.heardFromLeader(m.from);
        this.handleAppendEntries(m);
        break;
      case MessageType.MsgHeartbeat:
        this.heardFromLeader(m.from);
        this.handleHeartbeat(m);
        break;
      case MessageType.MsgSnapshot:
        this.heardFromLeader(m.from);
        this.handleSnapshot(m);
        break;
      case MessageType.MsgTimeoutNow:
        this.campaign();
        break;
      default:
        break;
    }
  }

  /**
   * A candidate's messages, once step() has checked the term. It counts vote responses (and
   * becomes leader on a majority of grants, or follower on a majority of refusals); campaigns
   * again on MsgHup; drops proposals (there is no leader to take them). A MsgAppend,
   * MsgHeartbeat or MsgSnapshot of its own term means another node won this election: it
   * becomes that node's follower and handles the message as one.
   */
  private stepCandidate(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgHup:
        this.campaign();
        break;
      case MessageType.MsgPropose:
        throw new ErrProposalDropped();
      case MessageType.MsgAppend:
      case MessageType.MsgHeartbeat:
      case MessageType.MsgSnapshot:
        // A leader exists in our term: concede and handle its message as a follower.
        this.becomeFollower(m.term, m.from);
        this.stepFollower(m);
        break;
      case MessageType.MsgRequestVoteResponse:
        this.handleVoteResponse(m);
        break;
      default:
        break;
    }
  }

  /**
   * A leader's messages, once step() has checked the term. MsgBeat (its heartbeat timeout)
   * sends a heartbeat to every follower; a proposal is appended to its log and sent to every
   * follower (unless leadership is being handed over); an append response moves the follower's
   * progress and maybe the commit index (handleAppendResponse); a heartbeat response says the
   * follower is alive, and if it lacks entries, they go out now.
   */
  private stepLeader(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgBeat:
        for (const id of this.prs.keys()) if (id !== this.id) this.sendHeartbeat(id);
        break;
      case MessageType.MsgPropose:
        if (this.leadTransferee !== None) throw new ErrProposalDropped();
        this.appendEntries(m.entries);
        this.broadcastAppend();
        this.maybeCommit();
        break;
      case MessageType.MsgAppendResponse:
        this.handleAppendResponse(m);
        break;
      case MessageType.MsgHeartbeatResponse: {
        // The follower is alive; if it is missing entries, send them now.
        const pr = this.prs.get(m.from);
        if (pr !== undefined && pr.match < this.raftLog.lastIndex()) this.sendAppend(m.from);
        break;
      }
      default:
        break;
    }
  }
  // #endregion

  // #region 2AB: the leader's side of log replication
  /** Appends proposed entries to the leader's own log, stamping them with its term and indexes. */
  private appendEntries(entries: Entry[]): void {
    let index = this.raftLog.lastIndex();
    const stamped = entries.map((e) => newEntry({ ...e, term: this.term, index: ++index }));
    this.raftLog.truncateAndAppend(stamped);
    const self = this.prs.get(this.id);
    if (self !== undefined) {
      self.match = index;
      self.next = index + 1;
    }
  }

  private broadcastAppend(): void {
    for (const id of this.prs.keys()) if (id !== this.id) this.sendAppend(id);
  }

  /**
   * Advances the commit index to the highest index stored on a majority, if that entry is of
   * the current term (Raft §5.4.2: older entries are committed only indirectly). Returns true
   * if it moved; a leader then tells the followers.
   */
  private maybeCommit(): boolean {
    const matches = [...this.prs.values()].map((p) => p.match).sort((a, b) => b - a);
    const n = matches[this.quorum() - 1];
    if (n > this.raftLog.committed && this.raftLog.term(n) === this.term) {
      this.raftLog.commitTo(n);
      return true;
    }
    return false;
  }

  /**
   * The leader takes a follower's answer to a MsgAppend; its Progress sorts out what is news.
   * - A rejection (the follower's log has no entry at m.index with the term the leader sent)
   *   moves next back, towards where the follower hints its log may match (m.rejectHint), and
   *   the leader probes again from there. A late rejection, at or below match, changes nothing.
   * - An acknowledgement (the follower's log matches up to m.index) raises match: a probing
   *   follower now replicates, a follower waiting for a snapshot that holds it now is done
   *   waiting. A late or repeated one changes nothing.
   * Then the commit index may move (tell every follower), or this follower may still lack
   * entries (send them).
   */
  private handleAppendResponse(m: Message): void {
    const pr = this.prs.get(m.from);
    if (pr === undefined) return;
    if (m.reject) {
      if (pr.maybeDecrTo(m.index, m.rejectHint)) this.sendAppend(m.from);
      return;
    }
    if (!pr.maybeUpdate(m.index)) return;
    if (pr.state === ProgressState.Probe) pr.becomeReplicate();
    else if (pr.state === ProgressState.Snapshot) pr.maybeEndSnapshotPause();
    if (this.maybeCommit()) {
      this.broadcastAppend();
    } else if (pr.match < this.raftLog.lastIndex()) {
      this.sendAppend(m.from);
    }
  }
  // #endregion

  /**
   * Sends a MsgAppend with the entries the follower `to` is missing (and the commit index).
   * Returns true if a message was sent.
   */
  sendAppend(to: number): boolean {
    // #region 2AB: sendAppend
    const pr = this.prs.get(to);
    if (pr === undefined || pr.isPaused()) return false;
    this.raftLog.maybeCompact();
    const prevIndex = pr.next - 1;
    let prevTerm: number;
    let entries: Entry[];
    try {
      prevTerm = this.raftLog.term(prevIndex);
      entries = this.raftLog.slice(pr.next, this.raftLog.lastIndex() + 1);
    } catch (e) {
      if (e instanceof ErrCompacted) return this.sendSnapshot(to);
      throw e;
    }
    this.send({
      msgType: MessageType.MsgAppend, to, index: prevIndex, logTerm: prevTerm, entries,
      commit: this.raftLog.committed,
    });
    return true;
    // #endregion
  }

  /** Sends a heartbeat to `to`, with the commit index the follower can safely use. */
  sendHeartbeat(to: number): void {
    // #region 2AA: sendHeartbeat
    const pr = this.prs.get(to);
    // Never tell a follower to commit past what it is known to hold in the leader's log.
    const commit = Math.min(pr?.match ?? 0, this.raftLog.committed);
    this.send({ msgType: MessageType.MsgHeartbeat, to, commit });
    // #endregion
  }

  /**
   * @internal Handles a MsgAppend: if the log holds the entry (m.index, m.logTerm), takes the
   * entries and the commit index (RaftLog.maybeAppend) and acknowledges up to the last of
   * them; otherwise rejects, with a hint where the logs may match.
   */
  handleAppendEntries(m: Message): void {
    // #region 2AB: handleAppendEntries
    const log = this.raftLog;
    if (m.index < log.committed) {
      // Everything up to committed matches the leader already; tell it so.
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: log.committed });
      return;
    }
    const lastNew = log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== null) {
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: lastNew });
    } else {
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: m.index, reject: true, rejectHint: this.rejectHint(m) });
    }
    // #endregion
  }

  // #region 2AB: helpers for handleAppendEntries
  /**
   * Where the follower's log may match the leader's, when it rejects the MsgAppend `m`: its
   * last index, if m.index is past it; otherwise the last index before m.index whose term is
   * not above m.logTerm (an entry of a newer term cannot be in the leader's log there), but
   * not below committed (which matches for sure). The leader probes from just past it.
   */
  private rejectHint(m: Message): number {
    const log = this.raftLog;
    if (m.index > log.lastIndex()) return log.lastIndex();
    let hint = m.index - 1;
    while (hint > log.committed && log.term(hint) > m.logTerm) hint--;
    return hint;
  }
  // #endregion

  /** @internal Handles a MsgHeartbeat: resets the election timer and answers; raises commit only as far as is safe. */
  handleHeartbeat(m: Message): void {
    // #region 2AA: handleHeartbeat
    // The leader sends min(match, committed): entries up to match are known to be the leader's.
    this.raftLog.commitTo(Math.min(m.commit, this.raftLog.lastIndex()));
    this.send({ msgType: MessageType.MsgHeartbeatResponse, to: m.from });
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
    const meta = m.snapshot.metadata;
    const log = this.raftLog;
    if (meta.index <= log.committed) {
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: log.committed });
      return;
    }
    if (meta.index <= log.lastIndex() && log.term(meta.index) === meta.term) {
      // Raft's InstallSnapshot rule 6 (etcd: restore() returns false). The entries after the
      // snapshot's index may be ones this follower already acknowledged, and the leader may
      // have counted them to commit: throwing them away could lose a committed entry. The
      // snapshot tells us its entries are committed, nothing more.
      log.commitTo(meta.index);
      this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: log.committed });
      return;
    }
    log.restore(m.snapshot);
    this.prs = new Map(meta.confState.nodes.map((id) => [id, new Progress(0, 1)]));
    this.send({ msgType: MessageType.MsgAppendResponse, to: m.from, index: meta.index });
    // #endregion
  }

  // #region 2C: sending snapshots
  private sendSnapshot(to: number): boolean {
    let snapshot;
    try {
      snapshot = this.raftLog.storage.snapshot();
    } catch (e) {
      if (e instanceof ErrSnapshotTemporarilyUnavailable) return false;
      throw e;
    }
    this.send({ msgType: MessageType.MsgSnapshot, to, snapshot });
    // Pause: no appends and no second snapshot until this one lands or fails.
    this.prs.get(to)?.becomeSnapshot(snapshot.metadata.index);
    return true;
  }

  /** Ticks the snapshot pauses; a transfer that never reports must not pause a follower forever. */
  private tickSnapshotPauses(): void {
    for (const [id, pr] of this.prs) {
      if (!pr.isPaused()) continue;
      pr.snapshotTicks++;
      if (pr.snapshotTicks >= SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS * this.electionTimeout) this.reportSnapshot(id, SnapshotStatus.Failure);
    }
  }
  // #endregion

  /**
   * The application tells the leader how a snapshot transfer to `id` ended (RawNode.reportSnapshot).
   * On Failure the leader probes again (and sends a new snapshot if still needed); on Finish
   * it probes from just past the snapshot. Nothing changes unless this node leads and `id` is
   * waiting for a snapshot.
   */
  reportSnapshot(id: number, status: SnapshotStatus): void {
    // #region 2C: reportSnapshot
    if (this.state !== StateType.Leader) return;
    this.prs.get(id)?.endSnapshotPause(status);
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
  const r = new Raft(c);
  const { hardState, confState } = c.storage.initialState();
  const peers = c.peers !== undefined && c.peers.length > 0 ? c.peers : confState.nodes;
  for (const id of peers) r.prs.set(id, new Progress(0, r.raftLog.lastIndex() + 1));
  r.term = hardState.term;
  r.vote = hardState.vote;
  r.raftLog.commitTo(hardState.commit);
  if (c.applied !== undefined && c.applied > 0) r.raftLog.appliedTo(c.applied);
  r.becomeFollower(r.term, None);
  return r;
  // #endregion
}
