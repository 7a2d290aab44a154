/**
 * The network of a safety run: the messages in flight, in the order they were sent, and the
 * partition in force. Messages travel as deep copies (made when sent, and again when
 * delivered), so a receiver never shares an object with its sender or with another copy.
 */
import { Message, MessageType } from '@target/proto/eraftpb';
import { violated } from './invariants';

/** The most messages in flight at once; more means a node floods the network (a bug), and the run fails. */
export const MAX_IN_FLIGHT = 5000;

/** A message on its way. */
export interface InFlight {
  readonly from: number;
  readonly to: number;
  readonly type: MessageType;
  /** The message as it was sent (a private copy: never handed out). */
  readonly copy: Message;
}

/** A deep copy of a message: entries, their data, the snapshot and its data are copied too. */
export function cloneMessage(m: Message): Message {
  const meta = m.snapshot.metadata;
  return {
    ...m,
    entries: m.entries.map((e) => ({ ...e, data: e.data.slice() })),
    snapshot: {
      data: m.snapshot.data.slice(),
      metadata: { ...meta, confState: { ...meta.confState, nodes: [...meta.confState.nodes] } },
    },
  };
}

/** One line for a message: "MsgAppend 1->2 t3 index 4 logTerm 2 entries 1 commit 3". */
export function describeMessage(m: Message): string {
  let s = `${MessageType[m.msgType] ?? m.msgType} ${m.from}->${m.to} t${m.term}`;
  switch (m.msgType) {
    case MessageType.MsgAppend:
      s += ` index ${m.index} logTerm ${m.logTerm} entries ${m.entries.length} commit ${m.commit}`;
      break;
    case MessageType.MsgAppendResponse:
      s += m.reject ? ` reject index ${m.index} hint ${m.rejectHint}` : ` index ${m.index}`;
      break;
    case MessageType.MsgRequestVote:
      s += ` lastIndex ${m.index} lastTerm ${m.logTerm}`;
      break;
    case MessageType.MsgRequestVoteResponse:
      s += m.reject ? ' rejected' : ' granted';
      break;
    case MessageType.MsgHeartbeat:
      s += ` commit ${m.commit}`;
      break;
    case MessageType.MsgSnapshot:
      s += ` snapshot ${m.snapshot.metadata.index}@t${m.snapshot.metadata.term}`;
      break;
    default:
      break;
  }
  return s;
}

/** The messages in flight and the partition; see the file comment. */
export class SafetyNetwork {
  /** In sending order. */
  private pool: InFlight[] = [];
  /** One side of the partition, or null when there is none. */
  private side: ReadonlySet<number> | null = null;

  /** How many messages are in flight. */
  get size(): number {
    return this.pool.length;
  }

  /** Puts a message on its way. */
  send(m: Message): void {
    this.pool.push({ from: m.from, to: m.to, type: m.msgType, copy: cloneMessage(m) });
    if (this.pool.length > MAX_IN_FLIGHT) {
      violated('bounded-traffic', `more than ${MAX_IN_FLIGHT} messages are in flight: the nodes send far more than they receive. `
        + 'Look for a Ready that hands out the same messages again (ready() must empty raft.msgs) or a node answering every message with several.');
    }
  }

  /** Takes one message off the network: `pick` 0 is the oldest, close to 1 the newest. Null if none is in flight. */
  take(pick: number): InFlight | null {
    if (this.pool.length === 0) return null;
    const i = Math.min(this.pool.length - 1, Math.floor(pick * this.pool.length));
    return this.pool.splice(i, 1)[0];
  }

  /** Takes every message in flight, oldest first. */
  takeAll(): InFlight[] {
    const all = this.pool;
    this.pool = [];
    return all;
  }

  /**
   * Sends a second copy of one message in flight (picked like take(); or the oldest MsgAppend
   * with entries if `appendFirst`, the newest MsgSnapshot if `snapshotFirst`, when there is one). Never a MsgPropose: a proposal delivered twice would be
   * two proposals. Returns the copied message, or null.
   */
  duplicate(pick: number, snapshotFirst: boolean, appendFirst: boolean): InFlight | null {
    if (this.pool.length === 0) return null;
    let i = Math.min(this.pool.length - 1, Math.floor(pick * this.pool.length));
    if (appendFirst) {
      const j = this.pool.findIndex((m) => m.type === MessageType.MsgAppend && m.copy.entries.length > 0);
      if (j >= 0) i = j;
    }
    if (snapshotFirst) {
      for (let j = this.pool.length - 1; j >= 0; j--) {
        if (this.pool[j].type === MessageType.MsgSnapshot) {
          i = j;
          break;
        }
      }
    }
    const m = this.pool[i];
    if (m.type === MessageType.MsgPropose) return null;
    this.pool.push(m);
    return m;
  }

  /** Splits the network: `side` on one side, everyone else on the other. */
  partition(side: readonly number[]): void {
    this.side = new Set(side);
  }

  /** Ends the partition. */
  heal(): void {
    this.side = null;
  }

  /** True if the partition separates `a` from `b`. */
  cut(a: number, b: number): boolean {
    return this.side !== null && this.side.has(a) !== this.side.has(b);
  }

  /** The side of the partition, for the report ("{1,3} | rest"), or '' when there is none. */
  describe(): string {
    return this.side === null ? '' : `{${[...this.side].sort((x, y) => x - y).join(',')}} cut from the rest`;
  }

  /** The message itself, a fresh copy. */
  static open(m: InFlight): Message {
    return cloneMessage(m.copy);
  }
}
