/**
 * The raft worker: one loop for all the peers of a store (TinyKV's raftWorker). It drains the
 * mailbox, hands each message to its peer, then runs the Ready loop once for every peer that
 * got something.
 */
import { Callback } from './callback';
import { errResp } from './cmd-resp';
import { ErrRegionNotFound } from './errors';
import { Peer } from './peer';
import { PeerMsgHandler, StoreContext } from './peer-msg-handler';
import { Router } from './router';

/** Drains the router's mailbox and handles each peer's Ready. */
export class RaftWorker {
  constructor(private readonly router: Router, private readonly ctx: StoreContext) {}

  /** Handles everything in the mailbox now. */
  run(): void {
    const msgs = this.router.drain();
    const touched = new Set<Peer>();
    for (const msg of msgs) {
      const peer = this.router.peers.get(msg.regionId);
      if (peer === undefined) {
        this.notFound(msg.regionId, msg.type === 'raftCmd' ? msg.cb : null);
        continue;
      }
      const h = new PeerMsgHandler(peer, this.ctx);
      switch (msg.type) {
        case 'raftMessage': h.onRaftMessage(msg.msg); break;
        case 'raftCmd': h.proposeRaftCommand(msg.req, msg.cb); break;
        case 'tick': h.onTick(); break;
      }
      touched.add(peer);
    }
    for (const peer of touched) new PeerMsgHandler(peer, this.ctx).handleRaftReady();
  }

  private notFound(regionId: number, cb: Callback | null): void {
    this.ctx.runtime.trace('error', `store ${this.ctx.storeId} has no peer of region ${regionId}`);
    cb?.(errResp(new ErrRegionNotFound(regionId)), null);
  }
}
