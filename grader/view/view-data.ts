/**
 * What the trace viewer's page is given: one trace, reduced to the tables it draws from. The
 * command (grader/view/build.ts) makes it from the trace's events; the page
 * (grader/view/page/) reads it from the HTML file. Tables are columns of numbers (one array
 * per field, one row per item), which keeps the file small and the page fast on a full KV
 * trace (200k events).
 *
 * Conventions: times are virtual milliseconds; a store id of 0 means "no store"; -1 means
 * "unknown" in a number column.
 */

/**
 * A column of numbers. The command builds arrays; in the file they are packed as typed arrays
 * (columns.ts), so the page gets typed arrays: index them, never change them.
 */
export type Column = ArrayLike<number>;

/** Every kept event, in trace order: for the event list, the search and the cursor. */
export interface EventTable {
  readonly t: Column;
  /** The store, 0 for none. */
  readonly store: Column;
  /** Index into ViewData.topics. */
  readonly topic: Column;
  /**
   * Every event's `kind message` as the text trace shows it, one line per event, joined with
   * newlines (a newline inside an event's text shows as ` ↵ `). One string, not an array of
   * 200k: the page reads it faster and searches it in one pass (page/event-text.ts).
   */
  readonly text: string;
}

/** How a message ended. */
export const Fate = {
  Delivered: 0,
  /** Dropped by a filter as it was sent: it never left. */
  Filtered: 1,
  /** Its receiver was not running when it arrived. */
  Lost: 2,
  /** Still on its way when the trace ends. */
  InFlight: 3,
} as const;

/** Every message the trace saw sent (or dropped), ordered by send time. */
export interface MessageTable {
  readonly id: Column;
  /** Index into ViewData.msgTypes. */
  readonly type: Column;
  readonly from: Column;
  readonly to: Column;
  /** When it left the sender. */
  readonly sent: Column;
  /** When it was delivered or lost (for Filtered: the send time; for InFlight: its planned arrival, or -1). */
  readonly end: Column;
  /** A Fate. */
  readonly fate: Column;
  /** The sender's term in it, or -1 (a snapshot chunk, or a text trace without it). */
  readonly term: Column;
  /** The index of its send (or drop) event in the EventTable. */
  readonly event: Column;
}

/** A role as the page draws it. */
export const Role = { Follower: 0, Candidate: 1, Leader: 2, Unknown: 3 } as const;

/** One store's raft state over time: a row per change. */
export interface StateTable {
  readonly t: Column;
  /** A Role. */
  readonly role: Column;
  readonly term: Column;
  readonly vote: Column;
  readonly lead: Column;
  readonly commit: Column;
  readonly applied: Column;
  /** The last log index, or -1. */
  readonly last: Column;
  /** On a leader: [id, match, next, id, match, next, ...] of every member; otherwise null. */
  readonly progress: (number[] | null)[];
}

/**
 * Where a store's states come from: 'samples' (the bench read the raft state after each change:
 * every field), 'election' (only the store's own "is leader in term 6" lines: role, term and
 * leader), 'messages' (only the terms of the messages it sent), or 'none'.
 */
export type StateSource = 'samples' | 'election' | 'messages' | 'none';

/** One lane of the viewer: a store. */
export interface StoreLane {
  readonly store: number;
  readonly source: StateSource;
  readonly states: StateTable;
  /** The spans [from, to] in which the store was running. */
  readonly up: [number, number][];
}

/** A fault at an instant, on one store. */
export interface FaultMark {
  readonly t: number;
  readonly store: number;
  /** 'start' (a restart), 'stop' (a crash: memory lost), 'crash' (a power loss at an engine write), 'arm' (a crash armed). */
  readonly kind: string;
  readonly text: string;
}

/** A network filter in force over a span of time. */
export interface FilterSpan {
  readonly from: number;
  readonly to: number;
  /** 'partition' (two sides), 'cut' (one way from -> to), 'drop' (random drops), 'types' (dropped message types), 'other'. */
  readonly kind: string;
  readonly label: string;
  /** The stores cut off from each other, by side (a partition's two sides; a cut's [from], [to]). */
  readonly sides: number[][];
}

/** What the checker says of an operation. */
export const OpMark = {
  /** In no partition that failed (or the history was linearizable). */
  Plain: 0,
  /** In the partition that is not linearizable, but not in its longest linearizable prefix. */
  Partition: 1,
  /** In the longest linearizable prefix. */
  Prefix: 2,
  /** The operation that cannot be placed after the prefix. */
  Stuck: 3,
} as const;

/** The client operations of the history, in history order. */
export interface OpTable {
  readonly client: Column;
  readonly call: Column;
  /** The return time, or -1 when it never returned. */
  readonly ret: Column;
  /** `get("k") -> "v"`, as the checker prints it. */
  readonly text: string[];
  /** An OpMark. */
  readonly mark: Column;
  /** For prefix operations: their position in the linearization, from 1; otherwise 0. */
  readonly order: Column;
  /** For operations concurrent with the stuck one: 'placed', 'accepted' or 'rejected'; otherwise ''. */
  readonly concurrent: string[];
}

/** The linearizability checker's verdict. */
export interface Verdict {
  readonly result: string;
  /** True when the history was checked after the test had failed for another reason. */
  readonly afterFailure: boolean;
  /** The checker's explanation, as the failure printed it. */
  readonly text: string;
  /** The stuck operation's index in the OpTable, or -1. */
  readonly stuck: number;
  readonly prefixLength: number;
  readonly partitionSize: number;
}

/** Everything the page draws; see the file comment. */
export interface ViewData {
  /** The test and seed, or the file's name. */
  readonly title: string;
  /** The trace file it was made from. */
  readonly source: string;
  /** The trace's `#` header lines (the seed, the count of events, how many were dropped). */
  readonly header: string[];
  /** True if the trace had structured data (a JSON-lines trace), false for a text trace. */
  readonly structured: boolean;
  /** How many of the run's first events the trace no longer has (its cap). */
  readonly droppedEvents: number;
  /** The time span of the kept events. */
  readonly start: number;
  readonly end: number;
  readonly stores: number[];
  readonly topics: string[];
  readonly events: EventTable;
  readonly msgTypes: string[];
  readonly messages: MessageTable;
  readonly lanes: StoreLane[];
  readonly marks: FaultMark[];
  readonly filters: FilterSpan[];
  /** The clients, in the order of their rows. */
  readonly clients: number[];
  readonly ops: OpTable;
  readonly verdict: Verdict | null;
}
