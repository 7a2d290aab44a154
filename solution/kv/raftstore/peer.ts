/**
 * Peer: one member of a region's raft group on this store: its RawNode, its PeerStorage, and
 * the commands it proposed that wait for an answer.
 */
import { Message, MessageType, newRawNode, RawNode, StateType } from '../../raft';
import { metapb, raft_serverpb } from '../../proto/codec';
import { Engines } from '../engine/engines';
import { Callback } from './callback';
import { StoreConfig } from './config';
import { PeerStorage } from './peer-storage';
import { Runtime } from './runtime';

/** A command proposed at (index, term), waiting for that entry to be applied. */
export interface Proposal {
  index: number;
  term: number;
  cb: Callback;
}

/** One peer of a region on this store. */
export class Peer {
  /** This peer (id and store). */
  readonly meta: metapb.IPeer;
  /** The region's id. */
  readonly regionId: number;
  /** A name for logs: "[region 1] 2". */
  readonly tag: string;
  /** The raft node. */
  readonly raftGroup: RawNode;
  /** raft's Storage, on the engines. */
  readonly peerStorage: PeerStorage;
  /** Commands proposed by this peer, in index order, not yet answered. */
  proposals: Proposal[] = [];
  /** Where the raft-log GC worker should start deleting next time (Part C). */
  lastCompactedIdx = 0;
  /** Ticks since the last log-GC check and scheduler heartbeat. */
  ticks = 0;
  /** Peers of the region by id, to address outgoing messages. */
  private readonly peerCache = new Map<number, metapb.IPeer>();

  constructor(storeId: number, cfg: StoreConfig, engines: Engines, region: metapb.IRegion, meta: metapb.IPeer, runtime?: Runtime) {
    this.meta = meta;
    this.regionId = region.id ?? 0;
    this.tag = `[region ${this.regionId}] ${meta.id ?? 0}`;
    this.peerStorage = new PeerStorage(engines, region, this.tag);
    if (runtime !== undefined) this.peerStorage.snapCtx = { runtime, generateDelayMs: cfg.snapGenerateDelayMs };
    this.raftGroup = newRawNode({
      id: meta.id ?? 0,
      electionTick: cfg.raftElectionTimeoutTicks,
      heartbeatTick: cfg.raftHeartbeatTicks,
      applied: this.peerStorage.appliedIndex(),
      storage: this.peerStorage,
    });
    for (const p of region.peers ?? []) this.peerCache.set(p.id ?? 0, p);
    void storeId;
  }

  /** The region this peer serves. */
  region(): metapb.IRegion {
    return this.peerStorage.region;
  }

  /** This peer's id. */
  peerId(): number {
    return this.meta.id ?? 0;
  }

  /** True if this peer is the region's leader. */
  isLeader(): boolean {
    return this.raftGroup.raft.state === StateType.Leader;
  }

  /** The id of the leader this peer knows of (0 if none). */
  leaderId(): number {
    return this.raftGroup.raft.lead;
  }

  /** The current term. */
  term(): number {
    return this.raftGroup.raft.term;
  }

  /** The index the next proposal will get. */
  nextProposalIndex(): number {
    return this.raftGroup.raft.raftLog.lastIndex() + 1;
  }

  /** The peer with this id, from the region's members (null if unknown). */
  getPeerFromCache(peerId: number): metapb.IPeer | null {
    const cached = this.peerCache.get(peerId);
    if (cached !== undefined) return cached;
    for (const p of this.region().peers ?? []) {
      if (p.id === peerId) {
        this.peerCache.set(peerId, p);
        return p;
      }
    }
    return null;
  }

  /** Remembers a peer that sent us a message (Project 3 adds peers at run time). */
  insertPeerCache(peer: metapb.IPeer): void {
    this.peerCache.set(peer.id ?? 0, peer);
  }

  /**
   * Sends raft messages to the other peers through the transport. A MsgSnapshot goes to
   * `sendSnapshot` instead (Part C: snapshots travel in chunks, with their own flow control).
   */
  send(runtime: Runtime, msgs: Message[], sendSnapshot?: (msg: raft_serverpb.IRaftMessage) => void): void {
    for (const m of msgs) {
      const to = this.getPeerFromCache(m.to);
      if (to === null) {
        runtime.trace('error', `${this.tag} drops a message to unknown peer ${m.to}`);
        continue;
      }
      const region = this.region();
      const msg: raft_serverpb.IRaftMessage = {
        regionId: this.regionId,
        fromPeer: this.meta,
        toPeer: to,
        message: m,
        regionEpoch: region.regionEpoch,
        startKey: region.startKey,
        endKey: region.endKey,
      };
      if (m.msgType === MessageType.MsgSnapshot && sendSnapshot !== undefined) sendSnapshot(msg);
      else runtime.transport.send(msg);
    }
  }

  /** Reports this region and its leader to the scheduler (only a leader does). */
  heartbeatScheduler(runtime: Runtime): void {
    runtime.scheduler.regionHeartbeat(this.region(), this.meta);
  }
}
