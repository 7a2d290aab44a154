/**
 * The trace of a simulated run: every send, delivery, drop, fault, client call and whatever
 * the stores report, stamped with the virtual time and a sequence number. A failing test
 * writes it to files (`writeFile`: text; `writeDataFile`: gzipped JSON lines, with each
 * event's structured data) next to the seed that replays it; `npm run logs` prints either, and
 * `npm run view` draws the JSON-lines one.
 *
 * An event may carry structured data (trace-data.ts). Network and state events carry only
 * data: their text is made from it when it is first needed (events(), toText(), the files),
 * never while the simulation runs. Recording never reads the clock beyond the one stamp, and
 * never draws a random number.
 *
 * Only the most recent events are kept (200k by default): a long run does not grow without
 * bound, and `dropped` says how many earlier events were forgotten.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import type { TraceTopic } from '@target/kv/raftstore/runtime';
import { FormattedData, formatTraceData, TraceData } from './trace-data';

/**
 * What a trace event is about: a store's topics plus the bench's own ("state": a raft peer's
 * state after it changed, recorded by the bench, not by the store).
 */
export type SimTraceTopic = TraceTopic | 'net' | 'client' | 'fault' | 'sim' | 'state';

/** What every recorded event has. `store` is the store the event happened on, if any. */
interface TraceInputBase {
  /** The store the event happened on; leave it out for the test, the network at large, etc. */
  store?: number;
  /** What the event is about; the log viewer colours and filters by it. */
  topic: SimTraceTopic;
  /** A short verb within the topic ("send", "deliver", "drop", "crash"); may be empty. */
  kind: string;
}

/**
 * What a caller records: a message (the details, on one line), with structured data or not;
 * or only data of a kind whose message trace-data.ts makes from it.
 */
export type TraceInput =
  | (TraceInputBase & { message: string; data?: TraceData })
  | (TraceInputBase & { message?: undefined; data: FormattedData });

/** A recorded event: the input stamped with the virtual time (ms) and a sequence number. */
export interface TraceEvent {
  /** Virtual time in milliseconds. */
  t: number;
  /** Position in the run, from 0; increases by one per recorded event (dropped ones included). */
  seq: number;
  /** The store, or null for events that belong to no store. */
  store: number | null;
  /** As recorded (see TraceInput). */
  topic: SimTraceTopic;
  /** As recorded (see TraceInput). */
  kind: string;
  /** As recorded, or made from `data` (see TraceInput). */
  message: string;
  /** The structured data, if the event has any (trace-data.ts). */
  data?: TraceData;
}

/** An event as kept: its message is made from its data on first use. */
interface StoredEvent {
  readonly t: number;
  readonly seq: number;
  readonly store: number | null;
  readonly topic: SimTraceTopic;
  readonly kind: string;
  message: string | undefined;
  /** False for an event recorded with data only (its message is made, and left out of JSON lines). */
  readonly given: boolean;
  readonly data: TraceData | undefined;
}

/**
 * The message of a kept event, made from its data if it was recorded without one; kept with
 * the event when `keep` (events() may be called again and again, by tests that read the trace
 * during a run), not when it is made only to be written.
 */
function messageOf(e: StoredEvent, keep: boolean): string {
  if (e.message !== undefined) return e.message;
  const message = formatTraceData(e.data as FormattedData);
  if (keep) e.message = message;
  return message;
}

/** A kept event as a TraceEvent (a new object; `data` only when there is some). */
function toEvent(e: StoredEvent): TraceEvent {
  const ev: TraceEvent = { t: e.t, seq: e.seq, store: e.store, topic: e.topic, kind: e.kind, message: messageOf(e, true) };
  if (e.data !== undefined) ev.data = e.data;
  return ev;
}

/** A kept event as one JSON line: its fields in order, the message only if it was recorded with one. */
function toJSONLine(e: StoredEvent): string {
  const head = { t: e.t, seq: e.seq, store: e.store, topic: e.topic, kind: e.kind };
  return `${JSON.stringify(e.given ? { ...head, message: e.message, data: e.data } : { ...head, data: e.data })}\n`;
}

/** Options of a Trace. */
export interface TraceOptions {
  /** How many of the latest events are kept (default 200 000). */
  cap?: number;
}

/** The default number of events a trace keeps. */
export const DEFAULT_TRACE_CAP = 200_000;

/** Formats one event as a line of the text trace: `t=1234.567ms s3 append   send MsgAppend ...`. */
export function formatTraceEvent(e: Pick<TraceEvent, 't' | 'store' | 'topic' | 'kind' | 'message'>): string {
  const store = e.store === null ? '--' : `s${e.store}`;
  const kind = e.kind === '' ? '' : `${e.kind} `;
  return `t=${e.t.toFixed(3)}ms ${store} ${e.topic.padEnd(8)} ${kind}${e.message}`;
}

/** Makes a test name usable as a file name: anything but letters, digits, `.`, `_`, `-` becomes `_`. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'trace';
}

/** A bounded, in-memory trace of one run; see the file comment. */
export class Trace {
  private readonly buf: StoredEvent[] = [];
  private readonly cap: number;
  /** Index in `buf` of the oldest kept event once the buffer is full. */
  private head = 0;
  private nextSeq = 0;

  /**
   * `clock` gives the virtual time that stamps each event; `seed` names the written files.
   */
  constructor(private readonly clock: () => number, readonly seed: number, opts: TraceOptions = {}) {
    this.cap = opts.cap ?? DEFAULT_TRACE_CAP;
    if (!Number.isInteger(this.cap) || this.cap < 1) throw new Error(`Trace: cap must be a positive integer, got ${this.cap}`);
  }

  /** Records `e` at the current virtual time. */
  record(e: TraceInput): void {
    const ev: StoredEvent = {
      t: this.clock(), seq: this.nextSeq++, store: e.store ?? null, topic: e.topic, kind: e.kind, message: e.message,
      given: e.message !== undefined, data: e.data,
    };
    if (this.buf.length < this.cap) {
      this.buf.push(ev);
    } else {
      this.buf[this.head] = ev;
      this.head = (this.head + 1) % this.cap;
    }
  }

  /** How many events were recorded in all. */
  get recorded(): number {
    return this.nextSeq;
  }

  /** How many of the earliest events were forgotten because of the cap. */
  get dropped(): number {
    return this.nextSeq - this.buf.length;
  }

  /** The kept events, oldest first (new objects: changing them changes nothing here). */
  events(): TraceEvent[] {
    return this.kept().map(toEvent);
  }

  /** The kept events as text, one line per event (see formatTraceEvent), each ending in a newline. */
  toText(): string {
    return this.kept().map((e) => {
      const message = messageOf(e, false);
      return `${formatTraceEvent({ t: e.t, store: e.store, topic: e.topic, kind: e.kind, message })}\n`;
    }).join('');
  }

  /**
   * The kept events as JSON lines (fields t, seq, store, topic, kind, message, and data when
   * the event has some), for tools. An event recorded with data only has no message field: its
   * message is `formatTraceData(data)`.
   */
  toJSONLines(): string {
    return this.kept().map(toJSONLine).join('');
  }

  /**
   * Writes the text trace to `<dir>/<name>-seed<seed>.trace` (creating `dir`; `name` is made
   * file-safe) and returns the path. The file starts with one `#` line: the seed and counts.
   */
  writeFile(dir: string, name: string): string {
    return this.write(dir, `${safeFileName(name)}-seed${this.seed}.trace`, `${this.header()}${this.toText()}`);
  }

  /** Writes the JSON-lines trace to `<dir>/<name>-seed<seed>.trace.jsonl` and returns the path. */
  writeJSONLinesFile(dir: string, name: string): string {
    return this.write(dir, `${safeFileName(name)}-seed${this.seed}.trace.jsonl`, this.toJSONLines());
  }

  /**
   * Writes the JSON-lines trace, gzip-compressed, to `<dir>/<name>-seed<seed>.trace.jsonl.gz`
   * (next to writeFile's text trace, whose path plus `.jsonl.gz` it is) and resolves to the path.
   * The lines go through the compressor a batch at a time, so the whole text never sits in
   * memory: a full KV trace is about 60 MB of JSON, 7 MB compressed.
   */
  async writeDataFile(dir: string, name: string): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    const p = path.join(dir, `${safeFileName(name)}-seed${this.seed}.trace.jsonl.gz`);
    const gzip = zlib.createGzip({ level: 1 });
    const done = pipeline(gzip, fs.createWriteStream(p));
    const events = this.kept();
    const batch = 2000;
    for (let i = 0; i < events.length; i += batch) {
      const text = events.slice(i, i + batch).map(toJSONLine).join('');
      if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), done]);
    }
    gzip.end();
    await done;
    return p;
  }

  /** The kept events as stored, oldest first. */
  private kept(): StoredEvent[] {
    return [...this.buf.slice(this.head), ...this.buf.slice(0, this.head)];
  }

  private header(): string {
    const dropped = this.dropped > 0 ? `, the first ${this.dropped} dropped (cap ${this.cap})` : '';
    return `# seed ${this.seed}: ${this.recorded} events${dropped}\n`;
  }

  private write(dir: string, file: string, text: string): string {
    fs.mkdirSync(dir, { recursive: true });
    const p = path.join(dir, file);
    fs.writeFileSync(p, text);
    return p;
  }
}
