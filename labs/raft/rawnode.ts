/**
 * RawNode: the interface between raft and the application that runs it.
 *
 * The application drives it in a loop:
 *
 *     on a timer:   node.tick()
 *     on a message: node.step(m)
 *     then, while node.hasReady():
 *       const rd = node.ready()
 *       persist rd.hardState, rd.entries and rd.snapshot   (before sending anything!)
 *       send rd.messages
 *       apply rd.snapshot and rd.committedEntries
 *       node.advance(rd)
 */
import {
  ConfChange, ConfChangeType, ConfState, encodeConfChange, Entry, EntryType, HardState, Message, MessageType,
  newConfState, newHardState, newMessage, newSnapshot, Snapshot,
} from '../proto/eraftpb';
import { ErrStepLocalMsg, ErrStepPeerNotFound, notImplemented } from './errors';
import { Progress, SnapshotStatus } from './progress';
import { Config, newRaft, Raft, SoftState, StateType } from './raft';
import { Status } from './status';
import { isEmptyHardState, isEmptySnap, isHardStateEqual, isLocalMsg, isResponseMsg, None } from './util';

/**
 * Everything raft wants the application to do, in one batch. Lists are empty arrays when
 * there is nothing to do; softState is null and hardState is empty when they did not change;
 * snapshot is the empty snapshot when there is none.
 */
export interface Ready {
  /** The leader and role, if they changed since the last Ready. Not persisted. */
  softState: SoftState | null;
  /** Term, vote and commit, if they changed. Persist before sending messages. */
  hardState: HardState;
  /** Entries to persist before sending messages. */
  entries: Entry[];
  /** A snapshot to persist and apply, if any. */
  snapshot: Snapshot;
  /**
   * Committed entries to apply, in order. Some may also be in `entries` of this same Ready
   * (a single node commits what it appends at once; TestRawNodeStart2AC expects a proposal in
   * both), so persist `entries` first, then apply these.
   */
  committedEntries: Entry[];
  /** Messages to send once entries and hardState are persisted. */
  messages: Message[];
}

/** A raft node wrapped for the application: tick, step, propose, and the Ready loop. */
export class RawNode {
  /** The node's raft. */
  raft: Raft;
  // #region 2AC: the data you need
  // TODO (2AC): what you need to tell what changed since the last Ready (the last soft and
  // hard state, for instance).
  // #endregion

  /** @internal Use newRawNode(config). */
  constructor(config: Config) {
    this.raft = newRaft(config);
    // #region 2AC: constructor
    // TODO (2AC): initialise your data.
    // #endregion
  }

  /** Advances the logical clock by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /** Makes this node start an election now. */
  campaign(): void {
    this.raft.step(newMessage({ msgType: MessageType.MsgHup }));
  }

  /** Proposes data to be appended to the log. Throws ErrProposalDropped if no leader can take it. */
  propose(data: Uint8Array): void {
    this.raft.step(newMessage({ msgType: MessageType.MsgPropose, from: this.raft.id, entries: [{ data }] }));
  }

  /** Proposes a membership change (Project 3). */
  proposeConfChange(cc: ConfChange): void {
    this.raft.step(newMessage({
      msgType: MessageType.MsgPropose,
      entries: [{ entryType: EntryType.EntryConfChange, data: encodeConfChange(cc) }],
    }));
  }

  /** Applies a committed membership change and returns the new membership (Project 3). */
  applyConfChange(cc: ConfChange): ConfState {
    if (cc.nodeId !== None) {
      if (cc.changeType === ConfChangeType.AddNode) this.raft.addNode(cc.nodeId);
      else if (cc.changeType === ConfChangeType.RemoveNode) this.raft.removeNode(cc.nodeId);
      else throw new Error(`unexpected conf change type ${String(cc.changeType)}`);
    }
    return newConfState({ nodes: [...this.raft.prs.keys()].sort((a, b) => a - b) });
  }

  /**
   * Hands a message from another node to raft. Throws:
   * - ErrStepLocalMsg for MsgHup and MsgBeat (they never come over the network: use campaign()
   *   and tick());
   * - ErrStepPeerNotFound for a response from a node that is not a member;
   * - ErrProposalDropped for a MsgPropose that cannot be taken now: at a candidate, at a follower
   *   that knows no leader to forward it to, or at a leader handing over its leadership.
   * Any other exception is a bug (raft's or the message's).
   */
  step(m: Message): void {
    if (isLocalMsg(m.msgType)) throw new ErrStepLocalMsg();
    if (isResponseMsg(m.msgType) && !this.raft.prs.has(m.from)) throw new ErrStepPeerNotFound();
    this.raft.step(m);
  }

  /** Collects what the application must do now. Call advance(rd) once it is done. */
  ready(): Ready {
    // #region 2AC: ready
    // TODO (2AC): collect the Ready (see its doc comment for the canonical empty values).
    return notImplemented('RawNode.ready (2AC)');
    // #endregion
  }

  /** True if there is something for the application to do (a Ready that is not empty). */
  hasReady(): boolean {
    // #region 2AC: hasReady
    // TODO (2AC): true if ready() would return anything to do, without building a Ready (the
    // log's hasUnstableEntries() and hasNextEnts() tell about its two lists).
    return notImplemented('RawNode.hasReady (2AC)');
    // #endregion
  }

  /**
   * Tells raft that the application persisted, sent and applied everything in rd. The
   * snapshot comes first, as the application installs it before the entries after it.
   */
  advance(rd: Ready): void {
    this.advanceSnapshot(rd);
    // #region 2AC: advance
    // TODO (2AC): the application persisted rd.entries and applied rd.committedEntries: move
    // stabled and applied on (RaftLog.stableTo, appliedTo), and remember the states you handed out.
    notImplemented('RawNode.advance (2AC)');
    // #endregion
  }

  // #region 2AC: helpers for ready and hasReady
  // TODO (2AC): your helpers, e.g. what ready() and hasReady() both need to tell (did the soft
  // state change?).
  // #endregion

  /** The Part C half of advance(): the application installed rd.snapshot, and storage may have compacted. */
  private advanceSnapshot(rd: Ready): void {
    // #region 2C: advanceSnapshot
    // TODO (2C): if rd.snapshot is not empty, the application installed it: stabled and applied
    // move to its index and the pending snapshot is done. Then drop the entries storage compacted
    // (RaftLog.maybeCompact). Until Part C there is nothing to do here.
    void rd;
    // #endregion
  }

  /** The leader's view of every node's progress (empty if this node is not the leader). */
  getProgress(): Map<number, Progress> {
    const out = new Map<number, Progress>();
    if (this.raft.state === StateType.Leader) {
      for (const [id, p] of this.raft.prs) {
        const copy = new Progress(p.match, p.next);
        copy.state = p.state;
        copy.pendingSnapshot = p.pendingSnapshot;
        copy.snapshotTicks = p.snapshotTicks;
        out.set(id, copy);
      }
    }
    return out;
  }

  /** The node's state now (a copy): id, hard and soft state, applied, and the progress of each member when leader. */
  status(): Status {
    const r = this.raft;
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.raftLog.applied,
      progress: this.getProgress(),
    };
  }

  /**
   * Tells the leader how sending a snapshot to node `id` ended (Part C): Finish when the
   * follower received it, Failure when the transfer was lost. Until then the leader sends that
   * follower no appends and no other snapshot.
   */
  reportSnapshot(id: number, status: SnapshotStatus): void {
    this.raft.reportSnapshot(id, status);
  }

  /** Asks the leader to hand leadership to `transferee` (Project 3). */
  transferLeader(transferee: number): void {
    this.raft.step(newMessage({ msgType: MessageType.MsgTransferLeader, from: transferee }));
  }
}

/** Creates a RawNode from a config. Throws if the config is invalid. */
export function newRawNode(config: Config): RawNode {
  return new RawNode(config);
}
