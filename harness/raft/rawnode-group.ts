/**
 * Several RawNodes driven through the Ready loop the way an application drives them: for each
 * Ready, persist it (snapshot, entries, hard state) into the node's MemoryStorage, then send its
 * messages, then apply its committed entries, then advance. Messages wait in a queue until the
 * test delivers them (encoded and decoded on the way, as over a wire, like Network's).
 *
 * Every Ready and every message handed out is recorded, with the hard state that storage held
 * when the message left, so that a test can check what the Ready contract promises: a message
 * leaves only after what it depends on is persisted, and each message is handed out once.
 */
import { decodeMessage, encodeMessage, Entry, HardState, Message, MessageType } from '@target/proto/eraftpb';
import { MemoryStorage, newRawNode, RawNode, Ready } from '@target/raft';
import { idsBySize, newTestConfig } from './config';
import { stepIgnoringRaftError } from './messages';

/**
 * Persists what `rd` asks to persist, in the order an application must: the snapshot first
 * (it replaces the stored log), then the entries, then the hard state (if it is not empty).
 */
export function persistReady(storage: MemoryStorage, rd: Ready): void {
  if (rd.snapshot.metadata.index > 0) storage.applySnapshot(rd.snapshot);
  storage.append(rd.entries);
  const hs = rd.hardState;
  if (hs.term !== 0 || hs.vote !== 0 || hs.commit !== 0) storage.setHardState(hs);
}

/** One node of a RawNodeGroup. */
export interface GroupNode {
  /** The node's id (1..n). */
  readonly id: number;
  /** The node itself. */
  readonly rn: RawNode;
  /** Where its Ready loop persists. */
  readonly storage: MemoryStorage;
  /** How many Readies it has handed out so far. */
  readies: number;
  /** Every committed entry its Readies handed it to apply, in order. */
  readonly applied: Entry[];
}

/** A message as a node's Ready handed it out. */
export interface SentMessage {
  /** The message object exactly as the Ready held it (the same object, not a copy). */
  readonly msg: Message;
  /** The node whose Ready held it. */
  readonly node: number;
  /** Which Ready of that node held it: 1 for its first. */
  readonly ready: number;
  /** The hard state in that node's storage once that Ready was persisted: what was on disk when the message left. */
  readonly persisted: HardState;
}

/** A message as text for failure messages: "MsgRequestVoteResponse 1->2 term 2 (granted)". */
export function describeMessage(m: Message): string {
  let s = `${MessageType[m.msgType] ?? m.msgType} ${m.from}->${m.to} term ${m.term}`;
  if (m.msgType === MessageType.MsgRequestVoteResponse) s += m.reject ? ' (rejected)' : ' (granted)';
  if (m.msgType === MessageType.MsgAppendResponse) s += m.reject ? ` (rejected at ${m.index})` : ` (accepted up to ${m.index})`;
  if (m.msgType === MessageType.MsgAppend) s += ` index ${m.index} logTerm ${m.logTerm}, ${m.entries.length} entries, commit ${m.commit}`;
  return s;
}

/**
 * The most rounds one settle() runs: far more than any exchange of a few proposals needs, so
 * that nodes that never go quiet fail the test instead of looping forever.
 */
export const MAX_SETTLE_ROUNDS = 200;

/** A group of RawNodes and the queue between them; see the file comment. */
export class RawNodeGroup {
  /** The nodes, by id. */
  readonly nodes = new Map<number, GroupNode>();
  /** Every message any Ready handed out, in the order they were handed out (dropped ones too). */
  readonly sent: SentMessage[] = [];
  /** Messages handed out and not yet delivered. */
  queue: Message[] = [];
  /** If set, called for each message a Ready hands out: false drops it (it is still recorded in `sent`). */
  msgHook: ((m: Message) => boolean) | null = null;
  /** Every message object handed out so far, to catch one handed out twice. */
  private readonly handedOut = new Map<Message, SentMessage>();

  /** A group of `n` fresh nodes 1..n, each on an empty MemoryStorage (ticks 10/1). */
  constructor(n: number) {
    const ids = idsBySize(n);
    for (const id of ids) {
      const storage = new MemoryStorage();
      this.nodes.set(id, { id, rn: newRawNode(newTestConfig(id, ids, 10, 1, storage)), storage, readies: 0, applied: [] });
    }
  }

  /** Node `id`; throws if there is none. */
  node(id: number): GroupNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`RawNodeGroup: there is no node ${id}`);
    return n;
  }

  /**
   * If node `id` has a Ready, handles it: persists it, hands its messages to the queue (those
   * msgHook lets through), applies its committed entries, and advances. Returns the Ready, or
   * null if hasReady() was false. Throws if the Ready hands out a message object that an earlier
   * Ready handed out already.
   */
  handleReady(id: number): Ready | null {
    const n = this.node(id);
    if (!n.rn.hasReady()) return null;
    const rd = n.rn.ready();
    n.readies++;
    persistReady(n.storage, rd);
    const persisted = { ...n.storage.initialState().hardState };
    // Copied now: raft must not touch these lists once handed out, but a faulty one might.
    for (const msg of [...rd.messages]) {
      const first = this.handedOut.get(msg);
      if (first !== undefined) {
        throw new Error(`node ${id}'s Ready #${n.readies} hands out ${describeMessage(msg)}, which node ${first.node}'s Ready #${first.ready} `
          + 'handed out already (the same message). ready() must take the messages out of raft (reset raft.msgs once it hands them out): '
          + 'otherwise every Ready sends all earlier messages again.');
      }
      const s: SentMessage = { msg, node: id, ready: n.readies, persisted };
      this.handedOut.set(msg, s);
      this.sent.push(s);
      if (this.msgHook === null || this.msgHook(msg)) this.queue.push(msg);
    }
    n.applied.push(...rd.committedEntries);
    n.rn.advance(rd);
    return rd;
  }

  /** Delivers every queued message to its node (what they send back waits for their next Ready). Returns how many. */
  deliver(): number {
    const batch = this.queue;
    this.queue = [];
    for (const m of batch) stepIgnoringRaftError(this.node(m.to).rn, decodeMessage(encodeMessage(m)));
    return batch.length;
  }

  /**
   * Rounds until the group is quiet: in each, every node (in id order) handles its Ready, then
   * every queued message is delivered. `afterRound`, if given, runs after each round (to check
   * something as the exchange goes). Throws if the nodes are not quiet after MAX_SETTLE_ROUNDS.
   */
  settle(afterRound?: (round: number) => void): void {
    let delivered = 0;
    for (let round = 1; round <= MAX_SETTLE_ROUNDS; round++) {
      let readies = 0;
      for (const id of this.nodes.keys()) if (this.handleReady(id) !== null) readies++;
      delivered = this.deliver();
      afterRound?.(round);
      if (readies === 0 && delivered === 0) return;
    }
    const busy = [...this.nodes.values()].filter((n) => n.rn.hasReady()).map((n) => n.id);
    throw new Error(`RawNodeGroup.settle: after ${MAX_SETTLE_ROUNDS} rounds of Ready and delivery the nodes are not quiet `
      + `(hasReady() still true on node(s) ${busy.join(', ') || 'none'}; ${delivered} messages delivered in the last round). `
      + 'Look for a Ready that hands out the same messages again, or hasReady() that stays true after advance().');
  }
}
