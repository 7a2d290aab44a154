/**
 * The simulated network between stores. A message goes through the filters (TinyKV's
 * partitions, drops and cuts; see filters.ts), is protobuf-encoded, and arrives after its
 * own random latency (so messages overtake each other, as over a real network), decoded into
 * a fresh object: two stores never share one. Every send, delivery and drop is counted (see
 * net-counts.ts) and traced (topic "net"; `#id` links a send to its delivery or drop), as
 * structured data (trace-data.ts's NetData) whose text is made only when the trace is written.
 */
import { raft_serverpb } from '@target/proto/codec';
import { describeMessage, messageTypeName } from './describe-message';
import { raftFields } from './raft-fields';
import type { Filter } from './filters';
import { linkKey, NetCounters, NetworkCounts } from './net-counts';
import { RateWatch } from './runaway';
import type { Simulator } from './simulator';

/** Options of a SimNetwork. */
export interface SimNetworkOptions {
  /** The shortest latency of a message, in ms (default 1). */
  minLatencyMs?: number;
  /** The longest latency of a message, in ms (default 5). */
  maxLatencyMs?: number;
}

/** Hands a decoded message to a store. */
export type DeliverFn = (msg: raft_serverpb.RaftMessage) => void;

/** Hands a decoded snapshot chunk to a store (Part C). */
export type DeliverChunkFn = (chunk: raft_serverpb.SnapshotChunk) => void;

/** The counters' message type of snapshot chunks. */
export const SNAPSHOT_CHUNK = 'SnapshotChunk';

/** The simulated network; see the file comment. */
export class SimNetwork {
  /** The shortest latency of a message, in ms. */
  readonly minLatencyMs: number;
  /** The longest latency of a message, in ms. */
  readonly maxLatencyMs: number;
  private readonly endpoints = new Map<number, DeliverFn>();
  private readonly chunkEndpoints = new Map<number, DeliverChunkFn>();
  private filters: Filter[] = [];
  private readonly counters = new NetCounters();
  private readonly runaway = new RateWatch();
  private nextId = 1;
  private flying = 0;

  constructor(private readonly sim: Simulator, opts: SimNetworkOptions = {}) {
    this.minLatencyMs = opts.minLatencyMs ?? 1;
    this.maxLatencyMs = opts.maxLatencyMs ?? 5;
    if (!(this.minLatencyMs >= 0 && this.maxLatencyMs >= this.minLatencyMs && Number.isFinite(this.maxLatencyMs))) {
      throw new Error(`SimNetwork: want 0 <= minLatencyMs <= maxLatencyMs, got ${this.minLatencyMs} and ${this.maxLatencyMs}`);
    }
  }

  /** Makes store `storeId` reachable: its messages go to `deliver` (replacing any earlier one). */
  register(storeId: number, deliver: DeliverFn, deliverChunk?: DeliverChunkFn): void {
    this.endpoints.set(storeId, deliver);
    if (deliverChunk !== undefined) this.chunkEndpoints.set(storeId, deliverChunk);
    else this.chunkEndpoints.delete(storeId);
  }

  /** Makes store `storeId` unreachable: messages to it, even those in flight, are dropped on arrival. */
  unregister(storeId: number): void {
    this.endpoints.delete(storeId);
    this.chunkEndpoints.delete(storeId);
  }

  /** True if store `storeId` is registered. */
  isRegistered(storeId: number): boolean {
    return this.endpoints.has(storeId);
  }

  /** Adds a filter; it sees every message sent from now on. */
  addFilter(f: Filter): void {
    this.filters.push(f);
  }

  /** Removes one filter (by identity); false if it was not there. */
  removeFilter(f: Filter): boolean {
    const before = this.filters.length;
    this.filters = this.filters.filter((x) => x !== f);
    return this.filters.length !== before;
  }

  /** Removes every filter. */
  clearFilters(): void {
    this.filters = [];
  }

  /** How many messages are on their way. */
  get inFlight(): number {
    return this.flying;
  }

  /**
   * Sends `msg` from store `fromStore` to store `msg.toPeer.storeId`. It leaves at `sendTime`
   * (default now; a time in the past counts as now) and arrives after a random latency, unless
   * a filter drops it now or its receiver is not registered when it arrives. Each filter's
   * `after` is called once the message is on the wire.
   */
  send(fromStore: number, msg: raft_serverpb.IRaftMessage, sendTime?: number): void {
    const to = msg.toPeer?.storeId ?? 0;
    if (to === 0) throw new Error(`SimNetwork.send: a message from store ${fromStore} has no toPeer.storeId: ${describeMessage(msg)}`);
    const id = this.nextId++;
    const type = messageTypeName(msg);
    const link = linkKey(fromStore, to);
    this.counters.add(type, link, 'sent');
    this.runaway.note(this.sim.now(), type, link);
    for (const f of this.filters) {
      if (!f.before(msg)) {
        this.counters.add(type, link, 'dropped');
        this.sim.trace.record({
          store: fromStore, topic: 'net', kind: 'drop',
          data: { type: 'net', id, form: 'filtered', msg: type, from: fromStore, to, raft: raftFields(fromStore, msg), filter: f.constructor.name },
        });
        return;
      }
    }
    const bytes = raft_serverpb.RaftMessage.encode(msg).finish();
    this.counters.add(type, link, 'bytes', bytes.length);
    const now = this.sim.now();
    const leave = Math.max(sendTime ?? now, now);
    const at = leave + this.latency();
    this.flying++;
    this.sim.scheduleAt(at, () => this.arrive(id, fromStore, to, type, link, bytes), `net ${type} ${link}`);
    this.sim.trace.record({
      store: fromStore, topic: 'net', kind: 'send',
      data: { type: 'net', id, form: 'send', msg: type, from: fromStore, to, raft: raftFields(fromStore, msg), bytes: bytes.length, leave, arrive: at },
    });
    for (const f of this.filters) f.after?.();
  }

  /**
   * Sends one snapshot chunk (Part C) from `fromStore` to the store of
   * `chunk.message.toPeer`, through the same filters, latency and counters as raft messages
   * (counted under the type "SnapshotChunk"). A chunk is a separate stream in TinyKV; here it
   * can be dropped and reordered like any message, which the receiver must survive, and a
   * filter's `alterChunk` may change its bytes on the way (a corrupted transfer).
   */
  sendChunk(fromStore: number, chunk: raft_serverpb.ISnapshotChunk, sendTime?: number): void {
    const msg = chunk.message ?? {};
    const to = msg.toPeer?.storeId ?? 0;
    if (to === 0) throw new Error(`SimNetwork.sendChunk: a chunk from store ${fromStore} has no message.toPeer.storeId`);
    const id = this.nextId++;
    const link = linkKey(fromStore, to);
    this.counters.add(SNAPSHOT_CHUNK, link, 'sent');
    for (const f of this.filters) {
      if (!f.before(msg)) {
        this.counters.add(SNAPSHOT_CHUNK, link, 'dropped');
        this.sim.trace.record({
          store: fromStore, topic: 'net', kind: 'drop', data: { type: 'net', id, form: 'filtered', msg: SNAPSHOT_CHUNK, from: fromStore, to, filter: f.constructor.name },
        });
        return;
      }
    }
    let sent = chunk;
    for (const f of this.filters) if (f.alterChunk !== undefined) sent = f.alterChunk(sent);
    const bytes = raft_serverpb.SnapshotChunk.encode(sent).finish();
    this.counters.add(SNAPSHOT_CHUNK, link, 'bytes', bytes.length);
    const now = this.sim.now();
    const leave = Math.max(sendTime ?? now, now);
    const at = leave + this.latency();
    this.flying++;
    this.sim.scheduleAt(at, () => {
      this.flying--;
      const deliver = this.chunkEndpoints.get(to);
      if (deliver === undefined) {
        this.counters.add(SNAPSHOT_CHUNK, link, 'dropped');
        this.sim.trace.record({ store: to, topic: 'net', kind: 'drop', data: { type: 'net', id, form: 'lost', msg: SNAPSHOT_CHUNK, from: fromStore, to } });
        return;
      }
      this.counters.add(SNAPSHOT_CHUNK, link, 'delivered');
      this.sim.trace.record({ store: to, topic: 'net', kind: 'deliver', data: { type: 'net', id, form: 'deliver', msg: SNAPSHOT_CHUNK, from: fromStore, to } });
      deliver(raft_serverpb.SnapshotChunk.decode(bytes));
    }, `net ${SNAPSHOT_CHUNK} ${link}`);
    this.sim.trace.record({
      store: fromStore, topic: 'net', kind: 'send',
      data: {
        type: 'net', id, form: 'send', msg: SNAPSHOT_CHUNK, from: fromStore, to, bytes: bytes.length, leave, arrive: at,
        offset: chunk.offset ?? 0, total: chunk.totalSize ?? 0,
      },
    });
    for (const f of this.filters) f.after?.();
  }

  /** A copy of the message counters. */
  counts(): NetworkCounts {
    return this.counters.snapshot();
  }

  /** Sets every message counter back to zero. */
  resetCounts(): void {
    this.counters.reset();
  }

  private latency(): number {
    return this.minLatencyMs + this.sim.random() * (this.maxLatencyMs - this.minLatencyMs);
  }

  private arrive(id: number, from: number, to: number, type: string, link: string, bytes: Uint8Array): void {
    this.flying--;
    const deliver = this.endpoints.get(to);
    if (deliver === undefined) {
      this.counters.add(type, link, 'dropped');
      this.sim.trace.record({ store: to, topic: 'net', kind: 'drop', data: { type: 'net', id, form: 'lost', msg: type, from, to } });
      return;
    }
    this.counters.add(type, link, 'delivered');
    this.sim.trace.record({ store: to, topic: 'net', kind: 'deliver', data: { type: 'net', id, form: 'deliver', msg: type, from, to } });
    deliver(raft_serverpb.RaftMessage.decode(bytes));
  }
}
