/**
 * RaftStore: one store (a TinyKV server): its peers, its raft worker and its ticker, driven
 * by a Runtime (clock, timers, network, scheduler) and two engines.
 */
import { raft_cmdpb, raft_serverpb } from '../../proto/codec';
import { WriteBatch } from '../engine/engine';
import { Engines } from '../engine/engines';
import { raftLogIndex, raftLogKey, regionMetaRange } from '../meta/keys';
import { Callback } from './callback';
import { StoreConfig } from './config';
import { Peer } from './peer';
import { StoreContext } from './peer-msg-handler';
import { RaftWorker } from './raft-worker';
import { Router } from './router';
import { DEFAULT_SNAP_SEND_LIMITS, SnapSender } from '../snap/sender';
import { SnapReceiver } from '../snap/receiver';
import { SnapshotStatus } from '../../raft';
import { Runtime } from './runtime';

/** What a store is made of. */
export interface RaftStoreOptions {
  storeId: number;
  config: StoreConfig;
  engines: Engines;
  runtime: Runtime;
}

/** One store. See docs/design.md ("Part B: how the pieces fit"). */
export class RaftStore {
  readonly storeId: number;
  private readonly cfg: StoreConfig;
  private readonly engines: Engines;
  private readonly runtime: Runtime;
  private readonly router = new Router();
  private readonly worker: RaftWorker;
  private stopped = true;
  private readonly snapSender: SnapSender;
  private readonly snapReceiver: SnapReceiver;
  private cancelTick: (() => void) | null = null;

  constructor(opts: RaftStoreOptions) {
    this.storeId = opts.storeId;
    this.cfg = opts.config;
    this.engines = opts.engines;
    this.runtime = opts.runtime;
    this.snapSender = new SnapSender(this.runtime, DEFAULT_SNAP_SEND_LIMITS, (regionId, toPeerId) => {
      this.router.peers.get(regionId)?.raftGroup.reportSnapshot(toPeerId, SnapshotStatus.Failure);
    });
    this.snapReceiver = new SnapReceiver(this.runtime, (msg) => this.enqueue({ type: 'raftMessage', regionId: msg.regionId ?? 0, msg }));
    const ctx: StoreContext = {
      storeId: this.storeId,
      cfg: this.cfg,
      runtime: this.runtime,
      sendSnapshot: (msg) => this.snapSender.send(msg),
      scheduleCompactLog: (regionId, start, end) => this.gcRaftLog(regionId, start, end),
    };
    this.worker = new RaftWorker(this.router, ctx);
  }

  /** Loads this store's peers from the kv engine and starts ticking. */
  start(): void {
    if (!this.stopped) throw new Error(`store ${this.storeId} is already started`);
    this.stopped = false;
    this.loadPeers();
    this.scheduleTick();
    this.runtime.trace('store', `store ${this.storeId} started with ${this.router.peers.size} peer(s)`);
  }

  /** A crash: timers stop, in-memory state is dropped, pending callbacks are never called. */
  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.cancelTick = null;
    this.router.clear();
    this.router.peers.clear();
    this.runtime.trace('store', `store ${this.storeId} stopped`);
  }

  /** A raft message from another store. */
  onRaftMessage(msg: raft_serverpb.IRaftMessage): void {
    if (this.stopped) return;
    if ((msg.toPeer?.storeId ?? 0) !== this.storeId) {
      this.runtime.trace('error', `store ${this.storeId} drops a message for store ${msg.toPeer?.storeId ?? 0}`);
      return;
    }
    this.enqueue({ type: 'raftMessage', regionId: msg.regionId ?? 0, msg });
  }

  /** A chunk of a snapshot sent by another store (Part C). */
  onSnapshotChunk(chunk: raft_serverpb.ISnapshotChunk): void {
    if (this.stopped) return;
    if ((chunk.message?.toPeer?.storeId ?? 0) !== this.storeId) {
      this.runtime.trace('error', `store ${this.storeId} drops a snapshot chunk for store ${chunk.message?.toPeer?.storeId ?? 0}`);
      return;
    }
    this.snapReceiver.onChunk(chunk);
  }

  /** A command from a client; `cb` is called once with the response. */
  sendRaftCommand(req: raft_cmdpb.IRaftCmdRequest, cb: Callback): void {
    if (this.stopped) return;
    this.enqueue({ type: 'raftCmd', regionId: req.header?.regionId ?? 0, req, cb });
  }

  private enqueue(msg: Parameters<Router['send']>[0]): void {
    if (this.router.send(msg)) this.runtime.schedule(0, () => this.runWorker());
  }

  private runWorker(): void {
    if (this.stopped) return;
    this.worker.run();
  }

  private scheduleTick(): void {
    this.cancelTick = this.runtime.schedule(this.cfg.raftBaseTickInterval, () => {
      if (this.stopped) return;
      for (const regionId of this.router.peers.keys()) this.enqueue({ type: 'tick', regionId });
      this.snapSender.tick();
      this.snapReceiver.tick();
      this.scheduleTick();
    });
  }

  private loadPeers(): void {
    const [lo, hi] = regionMetaRange();
    const snap = this.engines.kv.snapshot();
    try {
      for (const [, value] of snap.scan(lo, hi)) {
        const state = raft_serverpb.RegionLocalState.decode(value);
        const region = state.region;
        if (region == null || state.state === raft_serverpb.PeerState.Tombstone) continue;
        const meta = (region.peers ?? []).find((p) => p.storeId === this.storeId);
        if (meta === undefined) continue;
        this.router.peers.set(region.id ?? 0, new Peer(this.storeId, this.cfg, this.engines, region, meta, this.runtime));
      }
    } finally {
      snap.release();
    }
  }

  /**
   * The raft-log GC worker's job (Part C): delete entries [start, end) of a region's log.
   * start 0 means "from the first entry still stored".
   */
  private gcRaftLog(regionId: number, start: number, end: number): void {
    if (start === 0) {
      const snap = this.engines.raft.snapshot();
      try {
        const first = snap.scan(raftLogKey(regionId, 0), raftLogKey(regionId, end)).next();
        if (first.done === true) return;
        start = raftLogIndex(first.value[0]);
      } finally {
        snap.release();
      }
    }
    const wb = new WriteBatch();
    for (let i = start; i < end; i++) wb.delete(raftLogKey(regionId, i));
    if (!wb.isEmpty()) this.engines.raft.write(wb);
    this.runtime.trace('store', `store ${this.storeId} deleted raft log entries [${start}, ${end}) of region ${regionId}`);
  }
}
