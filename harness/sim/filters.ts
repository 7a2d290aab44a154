/**
 * Message filters of the simulated network, as in TinyKV's test_raftstore/filter.go: every
 * filter sees every message a store sends; if one says false, the message is dropped.
 * `after` (optional) is called once a message passed every filter and went on the wire.
 * `alterChunk` (optional) may replace a snapshot chunk that passed every filter by a changed
 * copy (corrupt-chunk.ts flips a byte of one).
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import type { Simulator } from './simulator';

/** A network filter. `before` returns false to drop the message. */
export interface Filter {
  before(msg: raft_serverpb.IRaftMessage): boolean;
  after?(): void;
  /**
   * For snapshot chunks only: called once the chunk passed every filter, before it goes on the
   * wire; returns the chunk to send instead (or the same one). Never change the chunk given:
   * its data is a view of the sender's file.
   */
  alterChunk?(chunk: raft_serverpb.ISnapshotChunk): raft_serverpb.ISnapshotChunk;
}

function fromStore(msg: raft_serverpb.IRaftMessage): number {
  return msg.fromPeer?.storeId ?? 0;
}

function toStore(msg: raft_serverpb.IRaftMessage): number {
  return msg.toPeer?.storeId ?? 0;
}

/**
 * Cuts the network in two: drops a message that touches a store of `s1` and a store of `s2`
 * (as sender or receiver), in both directions. Stores in neither side are not cut off.
 */
export class PartitionFilter implements Filter {
  private readonly s1: Set<number>;
  private readonly s2: Set<number>;

  constructor(s1: number[], s2: number[]) {
    this.s1 = new Set(s1);
    this.s2 = new Set(s2);
  }

  /** False for a message between the two sides. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    const from = fromStore(msg);
    const to = toStore(msg);
    const inS1 = this.s1.has(from) || this.s1.has(to);
    const inS2 = this.s2.has(from) || this.s2.has(to);
    return !(inS1 && inS2);
  }
}

/**
 * Drops each message with probability `rate`, using the simulator's generator. The default,
 * 0.101, is TinyKV's DropFilter (`rand.Int()%1000 > 100` passes).
 */
export class DropFilter implements Filter {
  constructor(private readonly sim: Simulator, private readonly rate = 0.101) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`DropFilter: rate must be in [0, 1], got ${rate}`);
  }

  /** False for about `rate` of the messages. */
  before(_msg: raft_serverpb.IRaftMessage): boolean {
    return this.sim.random() >= this.rate;
  }
}

/** A one-way cut: drops every message from store `from` to store `to`; the way back is open. */
export class OneWayFilter implements Filter {
  constructor(private readonly from: number, private readonly to: number) {}

  /** False for a message from `from` to `to`. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    return !(fromStore(msg) === this.from && toStore(msg) === this.to);
  }
}

/** Drops every raft message of the given types (e.g. all MsgHeartbeat). */
export class MessageTypeFilter implements Filter {
  private readonly types: Set<eraftpb.MessageType>;

  constructor(types: eraftpb.MessageType[]) {
    this.types = new Set(types);
  }

  /** False for a message of one of the types. */
  before(msg: raft_serverpb.IRaftMessage): boolean {
    const m = msg.message;
    return m === null || m === undefined || !this.types.has(m.msgType ?? eraftpb.MessageType.MsgHup);
  }
}
