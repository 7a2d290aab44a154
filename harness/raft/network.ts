/**
 * A synchronous in-memory network of raft nodes for tests (a port of the `network` in
 * TinyKV's raft_test.go). `send` delivers messages breadth-first until no node has anything
 * left to say; links can be cut, made lossy, or made to drop whole message types.
 *
 * Every delivered message is encoded and decoded on the way, so no two nodes ever share an
 * object, exactly as over a real wire.
 */
import { decodeMessage, encodeMessage, Message, MessageType } from '@target/proto/eraftpb';
import { Config, MemoryStorage, newRaft, Raft } from '@target/raft';
import { idsBySize, newTestConfig } from './config';
import { drainMessages, stepIgnoringRaftError } from './messages';

/** A node that swallows every message and never answers. */
export class BlackHole {
  /** Swallows `_m`. */
  step(_m: Message): void {
    // nothing happens
  }

  /** Always nothing. */
  readMessages(): Message[] {
    return [];
  }
}

/** The shared black hole, for network slots that should be a dead node. */
export const nopStepper = new BlackHole();

/** What can sit at a network slot: a real raft or a black hole. */
export type StateMachine = Raft | BlackHole;

/** Takes (and clears) every message `sm` has queued to send; a black hole has none. */
export function readMessages(sm: StateMachine): Message[] {
  return sm instanceof BlackHole ? sm.readMessages() : drainMessages(sm);
}

/**
 * The most messages one send() delivers before it gives up: far more than any test needs, so
 * that a node that answers every answer fails the test instead of running out of memory.
 */
export const MAX_DELIVERIES = 100_000;

/** The key of the link from `from` to `to` in Network.dropm. */
export function connKey(from: number, to: number): string {
  return `${from}->${to}`;
}

/** A synchronous network of test nodes; see the file comment. */
export class Network {
  /** The nodes, by id (1..n). */
  peers: Map<number, StateMachine>;
  /** The storage of each raft the network created itself (not of rafts passed in). */
  storage: Map<number, MemoryStorage>;
  /** Drop probability per link, keyed by connKey(from, to); a missing link never drops. */
  dropm: Map<string, number> = new Map();
  /** Message types that are dropped on every link. */
  ignorem: Set<MessageType> = new Set();
  /** If set, called for each message that survived the other filters: false drops it. */
  msgHook: ((m: Message) => boolean) | null = null;

  /** A network over the given nodes and storages; use newNetwork to build one. */
  constructor(peers: Map<number, StateMachine>, storage: Map<number, MemoryStorage>) {
    this.peers = peers;
    this.storage = storage;
  }

  /**
   * Delivers `msgs`, then everything the receivers send in reply, breadth-first, until nothing
   * is left. A step that throws a RaftError (a dropped proposal, say) is ignored, as the Go
   * test ignores Step's error; any other exception propagates.
   */
  send(...msgs: Message[]): void {
    const queue = [...msgs];
    for (let i = 0; i < queue.length; i++) {
      if (i >= MAX_DELIVERIES) {
        throw new Error(`Network.send: delivered ${MAX_DELIVERIES} messages in one send() and the nodes are still `
          + `talking (the last: ${MessageType[queue[i].msgType]} from ${queue[i].from} to ${queue[i].to}). `
          + 'Raft should go quiet once the log is replicated: look for a reply that triggers a reply forever.');
      }
      const m = queue[i];
      const p = this.peers.get(m.to);
      if (p === undefined) {
        throw new Error(`Network.send: ${MessageType[m.msgType]} from ${m.from} to ${m.to}, but there is no node ${m.to}`);
      }
      stepIgnoringRaftError(p, decodeMessage(encodeMessage(m)));
      queue.push(...this.filter(readMessages(p)));
    }
  }

  /** Drops messages from `from` to `to` with probability `perc` (1 or more: always). */
  drop(from: number, to: number, perc: number): void {
    this.dropm.set(connKey(from, to), perc);
  }

  /** Drops every message between `a` and `b`, both ways. */
  cut(a: number, b: number): void {
    this.drop(a, b, 2.0);
    this.drop(b, a, 2.0);
  }

  /** Drops every message between `id` and every other node (ids 1..n), both ways. */
  isolate(id: number): void {
    for (let nid = 1; nid <= this.peers.size; nid++) {
      if (nid !== id) {
        this.drop(id, nid, 1.0);
        this.drop(nid, id, 1.0);
      }
    }
  }

  /** Drops every message of type `t`. */
  ignore(t: MessageType): void {
    this.ignorem.add(t);
  }

  /** Heals the network: no link drops and no type is ignored (msgHook stays). */
  recover(): void {
    this.dropm = new Map();
    this.ignorem = new Set();
  }

  /**
   * The messages of `msgs` that get through: ignored types are dropped, a MsgHup throws (it
   * never travels), each message is dropped with its link's probability (Math.random, seeded
   * per test), and finally msgHook decides.
   */
  filter(msgs: Message[]): Message[] {
    const out: Message[] = [];
    for (const m of msgs) {
      if (this.ignorem.has(m.msgType)) continue;
      if (m.msgType === MessageType.MsgHup) {
        throw new Error(`Network.filter: node ${m.from} sent a MsgHup to ${m.to}; MsgHup never goes over the network`);
      }
      const perc = this.dropm.get(connKey(m.from, m.to)) ?? 0;
      if (Math.random() < perc) continue;
      if (this.msgHook !== null && !this.msgHook(m)) continue;
      out.push(m);
    }
    return out;
  }

  /** Node `id` as a Raft; throws if there is no such node or it is a black hole. */
  raft(id: number): Raft {
    const p = this.peers.get(id);
    if (p === undefined) throw new Error(`Network.raft: there is no node ${id}`);
    if (p instanceof BlackHole) throw new Error(`Network.raft: node ${id} is a black hole, not a raft`);
    return p;
  }
}

/** newNetworkWithConfig without a config function. */
export function newNetwork(...peers: (StateMachine | null)[]): Network {
  return newNetworkWithConfig(null, ...peers);
}

/**
 * A network whose nodes get ids 1..n in argument order. A null slot becomes a fresh raft made
 * by newTestConfig(id, all ids, 10, 1, new MemoryStorage()) after `configFunc` (if any) has
 * changed the config; its storage goes into `storage`. A raft passed in keeps all its state
 * (log, term, progress) except its id, which becomes its slot's. A black hole stays as it is.
 */
export function newNetworkWithConfig(configFunc: ((c: Config) => void) | null, ...peers: (StateMachine | null)[]): Network {
  const ids = idsBySize(peers.length);
  const npeers = new Map<number, StateMachine>();
  const nstorage = new Map<number, MemoryStorage>();
  peers.forEach((p, j) => {
    const id = ids[j];
    if (p === null) {
      const s = new MemoryStorage();
      nstorage.set(id, s);
      const cfg = newTestConfig(id, ids, 10, 1, s);
      configFunc?.(cfg);
      npeers.set(id, newRaft(cfg));
    } else if (p instanceof BlackHole) {
      npeers.set(id, p);
    } else {
      p.id = id;
      npeers.set(id, p);
    }
  });
  return new Network(npeers, nstorage);
}
