/**
 * peerMsgHandler: what a peer does with each message of its mailbox (a raft message from
 * another store, a command from a client, a tick), and the Ready loop that persists, sends,
 * applies and answers.
 */
import {
  Entry, EntryType, ErrProposalDropped, isEmptySnap, MessageType, newMessage, notImplemented, RaftError,
} from '../../raft';
import { raft_cmdpb, raft_serverpb } from '../../proto/codec';
import { compareBytes, deleteCF, getCF, putCF } from '../engine/cf';
import { EngineSnapshot, WriteBatch } from '../engine/engine';
import { applyStateKey } from '../meta/keys';
import { putMeta } from '../meta/states';
import { Callback } from './callback';
import { bindRespTerm, errResp, errRespStaleCommand, newCmdResp } from './cmd-resp';
import { StoreConfig } from './config';
import { ErrEpochNotMatch, ErrKeyNotInRegion, ErrNotLeader, ErrStaleCommand, ErrStoreNotMatch, StoreError } from './errors';
import { Peer } from './peer';
import { Runtime } from './runtime';

/** Everything a handler needs from its store. */
export interface StoreContext {
  storeId: number;
  cfg: StoreConfig;
  runtime: Runtime;
  /** Sends a MsgSnapshot in chunks (Part C). */
  sendSnapshot(msg: raft_serverpb.IRaftMessage): void;
  /** Asks the raft-log GC worker to delete entries [start, end) of a region (Part C). */
  scheduleCompactLog(regionId: number, start: number, end: number): void;
}

/** Handles one peer's messages and Ready. Cheap to create: one per use, as in TinyKV. */
export class PeerMsgHandler {
  /** Raft-log entries [start, end) to delete once the apply batch that truncated them is written (Part C). */
  private pendingGc: { start: number; end: number } | null = null;

  constructor(private readonly peer: Peer, private readonly ctx: StoreContext) {}

  /** A raft message from another store: hand it to raft. A bad message is dropped, never a crash. */
  onRaftMessage(msg: raft_serverpb.IRaftMessage): void {
    const m = msg.message;
    if (m == null) {
      this.ctx.runtime.trace('error', `${this.peer.tag} drops a raft message with no content`);
      return;
    }
    if (msg.fromPeer != null) this.peer.insertPeerCache(msg.fromPeer);
    try {
      this.peer.raftGroup.step(newMessage(m));
    } catch (e) {
      if (!(e instanceof RaftError)) throw e;
      this.ctx.runtime.trace('error', `${this.peer.tag} drops ${MessageType[m.msgType ?? 0]} from ${m.from ?? 0}: ${e.message}`);
    }
  }

  /** One base tick: raft's clock, and the periodic jobs (scheduler heartbeat, log GC). */
  onTick(): void {
    const p = this.peer;
    p.raftGroup.tick();
    p.ticks++;
    const cfg = this.ctx.cfg;
    const every = (ms: number): boolean => p.ticks % Math.max(1, Math.round(ms / cfg.raftBaseTickInterval)) === 0;
    if (every(cfg.schedulerHeartbeatTickInterval) && p.isLeader()) p.heartbeatScheduler(this.ctx.runtime);
    if (every(cfg.raftLogGcTickInterval)) this.onRaftGcLogTick();
  }

  /**
   * Checks that this peer can take the command at all (TinyKV's preProposeRaftCommand): right
   * store, leader, right peer, not a stale term, current region epoch. Throws the error to
   * answer with.
   */
  private preProposeRaftCommand(req: raft_cmdpb.IRaftCmdRequest): void {
    const p = this.peer;
    const header = req.header ?? {};
    const storeId = header.peer?.storeId ?? 0;
    if (storeId !== this.ctx.storeId) throw new ErrStoreNotMatch(storeId, this.ctx.storeId);
    if (!p.isLeader()) throw new ErrNotLeader(p.regionId, p.getPeerFromCache(p.leaderId()));
    if ((header.peer?.id ?? 0) !== p.peerId()) {
      throw new ErrNotLeader(p.regionId, p.getPeerFromCache(p.leaderId()));
    }
    const term = header.term ?? 0;
    if (term !== 0 && term + 1 < p.term()) throw new ErrStaleCommand();
    const have = p.region().regionEpoch ?? {};
    const want = header.regionEpoch ?? {};
    const isAdmin = req.adminRequest != null;
    if (!isAdmin && (want.version ?? 0) !== (have.version ?? 0)) {
      throw new ErrEpochNotMatch(`epoch not match: request ${JSON.stringify(want)}, region ${JSON.stringify(have)}`, [p.region()]);
    }
  }

  /**
   * A client command: check it, then propose it to raft and remember its callback, to be
   * answered once the entry is applied. With `cb` null (an admin command of the store itself)
   * nobody waits for the answer.
   */
  proposeRaftCommand(req: raft_cmdpb.IRaftCmdRequest, cb: Callback | null): void {
    try {
      this.preProposeRaftCommand(req);
    } catch (e) {
      if (e instanceof StoreError) {
        cb?.(errResp(e), null);
        return;
      }
      throw e;
    }
    // #region 2B: proposeRaftCommand
    // TODO (2B): encode the request (raft_cmdpb.RaftCmdRequest.encode(req).finish()), remember
    // { index: p.nextProposalIndex(), term: p.term(), cb } in p.proposals, and propose it to raft.
    // If raft drops it, answer the callback with an error now (errResp(new ErrNotLeader(...))).
    notImplemented('PeerMsgHandler.proposeRaftCommand (2B)');
    // #endregion
  }

  /**
   * The Ready loop, once per batch of messages: persist (SaveReadyState), send, apply the
   * committed entries (data and applied index in one kv write), answer the callbacks, advance.
   */
  handleRaftReady(): void {
    // #region 2B: handleRaftReady
    // TODO (2B): if raft has a Ready: persist it (peerStorage.saveReadyState), send its messages
    // (peer.send), apply its committed entries (the data AND the new applied index in one kv
    // write batch; answer each proposal's callback, StaleCommand for overtaken ones), advance.
    notImplemented('PeerMsgHandler.handleRaftReady (2B)');
    // #endregion
  }

  // #region 2B: applying committed entries
  // TODO (2B): your helpers for applying entries and answering proposals.
  // #endregion

  /** Applies an admin command (Part C: CompactLog). */
  private applyAdmin(admin: raft_cmdpb.IAdminRequest, resp: raft_cmdpb.IRaftCmdResponse, wb: WriteBatch): void {
    // #region 2C: applying CompactLog
    // TODO (2C): CompactLog: update applyState.truncatedState if the compact index is newer,
    // persist it with wb, and ask the raft-log GC worker to delete the old entries.
    void admin; void resp; void wb;
    notImplemented('applying an admin command (2C)');
    // #endregion
  }

  /** On the leader, proposes CompactLog when the log holds enough applied entries (Part C). */
  private onRaftGcLogTick(): void {
    // #region 2C: onRaftGcLogTick
    // TODO (2C): on the leader, when applied - firstIndex >= cfg.raftLogGcCountLimit, propose a
    // CompactLog admin command (compact index: applied - 1, with its term).
    // #endregion
  }
}

/** True if `key` is in the region's range [startKey, endKey) (an empty endKey has no end). */
export function keyInRegion(key: Uint8Array, region: { startKey?: Uint8Array | null; endKey?: Uint8Array | null }): boolean {
  const start = region.startKey ?? new Uint8Array(0);
  const end = region.endKey ?? new Uint8Array(0);
  return compareBytes(key, start) >= 0 && (end.length === 0 || compareBytes(key, end) < 0);
}
