/**
 * The router: which peer serves which region on this store, and the mailbox that the raft
 * worker drains. Everything that reaches a peer (raft messages, commands, ticks) goes through
 * the mailbox, so a peer handles one thing at a time, in order.
 */
import { raft_cmdpb, raft_serverpb } from '../../proto/codec';
import { Callback } from './callback';
import { Peer } from './peer';

/** What a peer's mailbox holds. */
export type PeerMsg =
  | { type: 'raftMessage'; regionId: number; msg: raft_serverpb.IRaftMessage }
  | { type: 'raftCmd'; regionId: number; req: raft_cmdpb.IRaftCmdRequest; cb: Callback }
  | { type: 'tick'; regionId: number };

/** Peers by region, and the mailbox. */
export class Router {
  /** The peers of this store, by region id. */
  readonly peers = new Map<number, Peer>();
  private mailbox: PeerMsg[] = [];

  /** Adds a message to the mailbox. Returns true if the mailbox was empty (the worker must be woken). */
  send(msg: PeerMsg): boolean {
    this.mailbox.push(msg);
    return this.mailbox.length === 1;
  }

  /** Takes every message in the mailbox. */
  drain(): PeerMsg[] {
    const out = this.mailbox;
    this.mailbox = [];
    return out;
  }

  /** Forgets the mailbox (the store stopped). */
  clear(): void {
    this.mailbox = [];
  }
}
