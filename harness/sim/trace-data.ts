/**
 * The structured part of a trace event (`TraceEvent.data`): what tools such as the trace
 * viewer (`npm run view`) need without parsing the event's text. Each kind says what its
 * fields are; the JSON-lines trace keeps them as they are here.
 *
 * Network and state events record only their data: their text (`message`) is made from it
 * when the trace is written (`formatTraceData`), so recording costs no string building. The
 * text is the one the trace always had for them, character for character. The JSON-lines
 * trace leaves their message out (readers make it from the data, as grader/logs/read.ts does).
 */
import { formatRaftFields } from './raft-fields';

/** A message on the simulated network: its send, delivery or drop (topic "net"). */
export interface NetData {
  readonly type: 'net';
  /** The message's number in the run; its send, delivery and drop share it (`#id` in the text). */
  readonly id: number;
  /**
   * What happened: sent; delivered; dropped by a filter before it left ('filtered'); or lost
   * because its receiver was not running when it arrived ('lost').
   */
  readonly form: 'send' | 'deliver' | 'filtered' | 'lost';
  /** The raft message type ("MsgAppend"), or "SnapshotChunk" for a chunk of a snapshot file. */
  readonly msg: string;
  /** The store that sent it. */
  readonly from: number;
  /** The store it is addressed to. */
  readonly to: number;
  /** The fields of the raft message as describe-message.ts prints them (send and filtered only; not for chunks). */
  readonly raft?: RaftFields;
  /** Encoded size in bytes (send only). */
  readonly bytes?: number;
  /** When it left the sender (send only): the sender's time, later than the event's when the store was busy writing. */
  readonly leave?: number;
  /** When it arrives (send only). */
  readonly arrive?: number;
  /** The filter that dropped it, by class name (filtered only). */
  readonly filter?: string;
  /** A chunk's offset and the snapshot's total size (chunk sends only). */
  readonly offset?: number;
  readonly total?: number;
}

/**
 * The fields of one raft message, as the trace prints them: only those printed for its type
 * are present (index for appends, votes and append responses, logTerm for appends and votes,
 * entries and commit when not zero, reject when set, snapshot for MsgSnapshot).
 */
export interface RaftFields {
  /** The region. */
  readonly region: number;
  /** The sender's store as the message names it (fromPeer), when it is not the sending store. */
  readonly peerFrom?: number;
  /** Absent when the RaftMessage carries no raft message (a tombstone notice, say). */
  readonly term?: number;
  readonly index?: number;
  readonly logTerm?: number;
  readonly entries?: number;
  readonly commit?: number;
  readonly reject?: true;
  /** [index, term] of the snapshot of a MsgSnapshot. */
  readonly snapshot?: readonly [number, number];
  readonly tombstone?: true;
}

/** One raft peer's state, recorded when it changed after the store ran (topic "state"). */
export interface StateData {
  readonly type: 'state';
  readonly region: number;
  /** 'follower', 'candidate', 'leader', or the number of a role the bench does not know. */
  readonly role: string;
  readonly term: number;
  /** Whom it voted for in this term (0: nobody). */
  readonly vote: number;
  /** The leader it knows of (0: none). */
  readonly lead: number;
  readonly commit: number;
  readonly applied: number;
  /** The index of its last log entry; absent when the tree could not tell. */
  readonly last?: number;
  /** On a leader: [peer id, match, next] of every member, by id. */
  readonly progress?: readonly (readonly [number, number, number])[];
}

/** A network filter added or every filter removed (topic "fault", kind "filter"). */
export interface FilterData {
  readonly type: 'filter';
  readonly op: 'add' | 'clear';
  /** The filter's class ("PartitionFilter"), for 'add'. */
  readonly name?: string;
  /** Its settings, for 'add' (a PartitionFilter's sides s1 and s2, a OneWayFilter's from and to, ...). */
  readonly fields?: Readonly<Record<string, number | string | boolean | readonly number[]>>;
}

/** One client operation of the run's history, recorded at its end (topic "client", kind "op"). */
export interface OpData {
  readonly type: 'op';
  /** Its index in the history (call order of the recorder). */
  readonly index: number;
  readonly client: number;
  /** Virtual time of the call and of the return (null: it never returned, its outcome is unknown). */
  readonly call: number;
  readonly return: number | null;
  /** What the client asked, as the history holds it ({ op: 'put', key, value }, ...). */
  readonly input: unknown;
  /** What it got back, as the history holds it; absent when unknown. */
  readonly output?: unknown;
}

/** The linearizability checker's verdict on the run's history (topic "sim", kind "check" or "verdict"). */
export interface VerdictData {
  readonly type: 'verdict';
  readonly result: 'ok' | 'illegal' | 'unknown' | 'error';
  /** True when the history was checked after the test had already failed for another reason. */
  readonly afterFailure: boolean;
  /** For 'illegal': the history indexes (OpData.index) of the partition that is not linearizable, in call order. */
  readonly partition?: readonly number[];
  /** For 'illegal': the longest linearizable prefix found, in linearization order. */
  readonly prefix?: readonly number[];
  /** For 'illegal': the operation that could not be placed after the prefix. */
  readonly stuck?: number;
  /** For 'illegal': the operations concurrent with the stuck one and what the checker says of each. */
  readonly concurrent?: readonly (readonly [number, 'placed' | 'accepted' | 'rejected'])[];
}

/** The structured part of an event. */
export type TraceData = NetData | StateData | FilterData | OpData | VerdictData;

/** The kinds of data whose text `formatTraceData` makes: an event with one may leave out its message. */
export type FormattedData = NetData | StateData;

/** The text of a network event, as network.ts always traced it. */
function formatNet(d: NetData): string {
  const link = `${d.from}->${d.to}`;
  const what = d.raft === undefined ? `${d.msg} ${link}` : `${d.msg} ${formatRaftFields(d.from, d.to, d.raft)}`;
  switch (d.form) {
    case 'send': {
      const chunk = d.offset === undefined ? '' : ` offset=${d.offset}/${d.total ?? 0}`;
      return `#${d.id} ${what}${chunk} ${d.bytes ?? 0}B arrives t=${(d.arrive ?? 0).toFixed(3)}`;
    }
    case 'filtered':
      return `#${d.id} ${what} (${d.filter ?? 'filter'})`;
    case 'lost':
      return `#${d.id} ${d.msg} ${link} (store ${d.to} is not running)`;
    case 'deliver':
      return `#${d.id} ${d.msg} ${link}`;
  }
}

/** The text of a state event: `[region 1] leader term 6 vote 1 lead 1 last 12 commit 12 applied 11 progress 1:12/13 2:11/12`. */
function formatState(d: StateData): string {
  const last = d.last === undefined ? '' : ` last ${d.last}`;
  const progress = d.progress === undefined || d.progress.length === 0 ? ''
    : ` progress ${d.progress.map(([id, match, next]) => `${id}:${match}/${next}`).join(' ')}`;
  return `[region ${d.region}] ${d.role} term ${d.term} vote ${d.vote} lead ${d.lead}${last} commit ${d.commit} applied ${d.applied}${progress}`;
}

/** The text of an event that was recorded with data only. */
export function formatTraceData(d: FormattedData): string {
  return d.type === 'net' ? formatNet(d) : formatState(d);
}
