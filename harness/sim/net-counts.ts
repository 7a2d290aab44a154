/**
 * Message counters of the simulated network, per raft message type and per link (from store
 * to store). Flow-control tests read them (how many snapshot bytes went out, how many appends
 * a follower got); they never change what the network does.
 */

/** The counts of one message type or one link. */
export interface MessageCounts {
  /** Messages a store handed to the network. */
  sent: number;
  /** Messages handed to the receiving store. */
  delivered: number;
  /** Messages lost: dropped by a filter, or their receiver was not registered on arrival. */
  dropped: number;
  /** Encoded bytes of the messages that went on the wire (those that passed the filters). */
  bytes: number;
}

/**
 * A copy of the counters. `byType` is keyed by eraftpb.MessageType name ("MsgAppend");
 * `byLink` by "<from store>-><to store>" ("1->3"); `total` sums everything. Until messages
 * still in flight arrive, sent = delivered + dropped + in flight.
 */
export interface NetworkCounts {
  byType: Record<string, MessageCounts>;
  byLink: Record<string, MessageCounts>;
  total: MessageCounts;
}

/** Which counter an observation goes to. */
export type CountField = keyof MessageCounts;

/** The key of a link in NetworkCounts.byLink. */
export function linkKey(from: number, to: number): string {
  return `${from}->${to}`;
}

function zero(): MessageCounts {
  return { sent: 0, delivered: 0, dropped: 0, bytes: 0 };
}

/** The live counters behind SimNetwork.counts(). */
export class NetCounters {
  private byType = new Map<string, MessageCounts>();
  private byLink = new Map<string, MessageCounts>();
  private total = zero();

  /** Adds `n` to `field` of the message type `type` and of the link `link`. */
  add(type: string, link: string, field: CountField, n = 1): void {
    this.entry(this.byType, type)[field] += n;
    this.entry(this.byLink, link)[field] += n;
    this.total[field] += n;
  }

  /** A copy of every counter. */
  snapshot(): NetworkCounts {
    const copy = (m: Map<string, MessageCounts>): Record<string, MessageCounts> => {
      const out: Record<string, MessageCounts> = {};
      for (const [k, v] of m) out[k] = { ...v };
      return out;
    };
    return { byType: copy(this.byType), byLink: copy(this.byLink), total: { ...this.total } };
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.byType = new Map();
    this.byLink = new Map();
    this.total = zero();
  }

  private entry(m: Map<string, MessageCounts>, key: string): MessageCounts {
    let c = m.get(key);
    if (c === undefined) {
      c = zero();
      m.set(key, c);
    }
    return c;
  }
}
