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
    const p = this.peer;
    const index = p.nextProposalIndex();
    const term = p.term();
    try {
      p.raftGroup.propose(raft_cmdpb.RaftCmdRequest.encode(req).finish());
    } catch (e) {
      if (e instanceof ErrProposalDropped) {
        cb?.(errResp(new ErrNotLeader(p.regionId, p.getPeerFromCache(p.leaderId()))), null);
        return;
      }
      throw e;
    }
    if (p.nextProposalIndex() === index) {
      // Raft did not append it (it lost leadership meanwhile).
      cb?.(errResp(new ErrNotLeader(p.regionId, p.getPeerFromCache(p.leaderId()))), null);
      return;
    }
    if (cb !== null) p.proposals.push({ index, term, cb });
    // #endregion
  }

  /**
   * The Ready loop, once per batch of messages: persist (SaveReadyState), send, apply the
   * committed entries (data and applied index in one kv write), answer the callbacks, advance.
   */
  handleRaftReady(): void {
    // #region 2B: handleRaftReady
    const p = this.peer;
    if (!p.raftGroup.hasReady()) return;
    const rd = p.raftGroup.ready();
    p.peerStorage.saveReadyState(rd);
    if (!isEmptySnap(rd.snapshot)) this.ctx.runtime.trace('snapshot', `${p.tag} applied a snapshot at ${rd.snapshot.metadata.index}`);
    if (rd.softState !== null) {
      this.ctx.runtime.trace('election', `${p.tag} is ${['follower', 'candidate', 'leader'][rd.softState.raftState]} in term ${p.term()}, leader ${rd.softState.lead}`);
      if (p.isLeader()) p.heartbeatScheduler(this.ctx.runtime);
    }
    p.send(this.ctx.runtime, rd.messages, (msg) => this.ctx.sendSnapshot(msg));
    if (rd.committedEntries.length > 0) this.applyEntries(rd.committedEntries);
    p.raftGroup.advance(rd);
    // #endregion
  }

  // #region 2B: applying committed entries
  /** Applies entries in order; writes the data and the applied index in as few kv writes as possible. */
  private applyEntries(entries: Entry[]): void {
    const p = this.peer;
    const engines = p.peerStorage.engines;
    let wb = new WriteBatch();
    const answers: { cb: Callback; resp: raft_cmdpb.IRaftCmdResponse; snap: EngineSnapshot | null }[] = [];
    // Reads (Get, Snap) must see every write before them: flush the batch first.
    const flush = (): void => {
      if (wb.isEmpty()) return;
      engines.kv.write(wb);
      wb = new WriteBatch();
    };
    for (const e of entries) {
      const { resp, snap } = this.applyEntry(e, wb, flush);
      p.peerStorage.applyState.appliedIndex = e.index;
      const cb = this.takeProposal(e);
      if (cb !== null) answers.push({ cb, resp, snap });
      else snap?.release();
    }
    putMeta(wb, applyStateKey(p.regionId), raft_serverpb.RaftApplyState, p.peerStorage.applyState);
    engines.kv.write(wb);
    if (this.pendingGc !== null) {
      this.ctx.scheduleCompactLog(p.regionId, this.pendingGc.start, this.pendingGc.end);
      p.lastCompactedIdx = this.pendingGc.end;
      this.pendingGc = null;
    }
    this.ctx.runtime.trace('apply', `${p.tag} applied up to ${entries[entries.length - 1].index}`);
    for (const a of answers) a.cb(a.resp, a.snap);
  }

  /**
   * The callback waiting for entry `e`, if this peer proposed it. Proposals before `e` were
   * overtaken (another entry got their index): answer them StaleCommand. A proposal at e's
   * index but of another term was overtaken too.
   */
  private takeProposal(e: Entry): Callback | null {
    const p = this.peer;
    while (p.proposals.length > 0) {
      const head = p.proposals[0];
      if (head.index > e.index) return null;
      p.proposals.shift();
      if (head.index === e.index && head.term === e.term) return head.cb;
      head.cb(errRespStaleCommand(p.term()), null);
    }
    return null;
  }

  /** Applies one entry and returns the response to its command. */
  private applyEntry(e: Entry, wb: WriteBatch, flush: () => void): { resp: raft_cmdpb.IRaftCmdResponse; snap: EngineSnapshot | null } {
    const resp = newCmdResp();
    bindRespTerm(resp, this.peer.term());
    if (e.entryType !== EntryType.EntryNormal || e.data.length === 0) return { resp, snap: null };
    let req: raft_cmdpb.RaftCmdRequest;
    try {
      req = raft_cmdpb.RaftCmdRequest.decode(e.data);
    } catch (err) {
      this.ctx.runtime.trace('error', `${this.peer.tag} skips entry ${e.index}: it does not decode (${String(err)})`);
      return { resp, snap: null };
    }
    if (req.adminRequest != null) {
      this.applyAdmin(req.adminRequest, resp, wb);
      return { resp, snap: null };
    }
    let snap: EngineSnapshot | null = null;
    const engines = this.peer.peerStorage.engines;
    const region = this.peer.region();
    for (const r of req.requests ?? []) {
      const key = r.get?.key ?? r.put?.key ?? r.delete?.key;
      if (key != null && !keyInRegion(key, region)) {
        return { resp: errResp(new ErrKeyNotInRegion(key, region)), snap: null };
      }
      switch (r.cmdType) {
        case raft_cmdpb.CmdType.Put:
          putCF(wb, r.put?.cf ?? '', r.put?.key ?? new Uint8Array(0), r.put?.value ?? new Uint8Array(0));
          resp.responses?.push({ cmdType: raft_cmdpb.CmdType.Put, put: {} });
          break;
        case raft_cmdpb.CmdType.Delete:
          deleteCF(wb, r.delete?.cf ?? '', r.delete?.key ?? new Uint8Array(0));
          resp.responses?.push({ cmdType: raft_cmdpb.CmdType.Delete, delete: {} });
          break;
        case raft_cmdpb.CmdType.Get: {
          flush();
          const value = getCF(engines.kv, r.get?.cf ?? '', r.get?.key ?? new Uint8Array(0));
          resp.responses?.push({ cmdType: raft_cmdpb.CmdType.Get, get: { value: value ?? new Uint8Array(0) } });
          break;
        }
        case raft_cmdpb.CmdType.Snap:
          flush();
          snap?.release();
          snap = engines.kv.snapshot();
          resp.responses?.push({ cmdType: raft_cmdpb.CmdType.Snap, snap: { region } });
          break;
        default:
          this.ctx.runtime.trace('error', `${this.peer.tag} ignores command type ${String(r.cmdType)} at ${e.index}`);
      }
    }
    return { resp, snap };
  }
  // #endregion

  /** Applies an admin command (Part C: CompactLog). */
  private applyAdmin(admin: raft_cmdpb.IAdminRequest, resp: raft_cmdpb.IRaftCmdResponse, wb: WriteBatch): void {
    // #region 2C: applying CompactLog
    const p = this.peer;
    if (admin.cmdType !== raft_cmdpb.AdminCmdType.CompactLog || admin.compactLog == null) {
      this.ctx.runtime.trace('error', `${p.tag} ignores admin command ${String(admin.cmdType)}`);
      return;
    }
    const { compactIndex = 0, compactTerm = 0 } = admin.compactLog;
    const truncated = p.peerStorage.applyState.truncatedState ?? {};
    if ((compactIndex ?? 0) > (truncated.index ?? 0)) {
      p.peerStorage.applyState.truncatedState = { index: compactIndex, term: compactTerm };
      // The apply state (with the new truncated state) is written with this batch; the old
      // entries are deleted once it is on disk.
      this.pendingGc = { start: p.lastCompactedIdx, end: (compactIndex ?? 0) + 1 };
    }
    resp.adminResponse = { cmdType: raft_cmdpb.AdminCmdType.CompactLog, compactLog: {} };
    void wb;
    // #endregion
  }

  /** On the leader, proposes CompactLog when the log holds enough applied entries (Part C). */
  private onRaftGcLogTick(): void {
    // #region 2C: onRaftGcLogTick
    const p = this.peer;
    if (!p.isLeader()) return;
    const applied = p.peerStorage.appliedIndex();
    const first = p.peerStorage.firstIndex();
    if (applied <= first || applied - first < this.ctx.cfg.raftLogGcCountLimit) return;
    const compactIndex = applied - 1;
    let compactTerm: number;
    try {
      compactTerm = p.raftGroup.raft.raftLog.term(compactIndex);
    } catch (e) {
      if (e instanceof RaftError) return;
      throw e;
    }
    this.proposeRaftCommand({
      header: { regionId: p.regionId, peer: p.meta, regionEpoch: p.region().regionEpoch },
      adminRequest: { cmdType: raft_cmdpb.AdminCmdType.CompactLog, compactLog: { compactIndex, compactTerm } },
    }, null);
    // #endregion
  }
}

/** True if `key` is in the region's range [startKey, endKey) (an empty endKey has no end). */
export function keyInRegion(key: Uint8Array, region: { startKey?: Uint8Array | null; endKey?: Uint8Array | null }): boolean {
  const start = region.startKey ?? new Uint8Array(0);
  const end = region.endKey ?? new Uint8Array(0);
  return compareBytes(key, start) >= 0 && (end.length === 0 || compareBytes(key, end) < 0);
}
