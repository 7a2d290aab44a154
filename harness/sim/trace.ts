/**
 * The trace of a simulated run: every send, delivery, drop, fault, client call and whatever
 * the stores report, stamped with the virtual time and a sequence number. A failing test
 * writes it to a file (`writeFile`) next to the seed that replays it; the grader's log viewer
 * reads the JSON-lines form (`toJSONLines`).
 *
 * Only the most recent events are kept (200k by default): a long run does not grow without
 * bound, and `dropped` says how many earlier events were forgotten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceTopic } from '@target/kv/raftstore/runtime';

/** What a trace event is about: a store's topics plus the bench's own. */
export type SimTraceTopic = TraceTopic | 'net' | 'client' | 'fault' | 'sim';

/** What a caller records. `store` is the store the event happened on, if any. */
export interface TraceInput {
  /** The store the event happened on; leave it out for the test, the network at large, etc. */
  store?: number;
  /** What the event is about; the log viewer colours and filters by it. */
  topic: SimTraceTopic;
  /** A short verb within the topic ("send", "deliver", "drop", "crash"); may be empty. */
  kind: string;
  /** The details, on one line. */
  message: string;
}

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
  /** As recorded (see TraceInput). */
  message: string;
}

/** Options of a Trace. */
export interface TraceOptions {
  /** How many of the latest events are kept (default 200 000). */
  cap?: number;
}

/** The default number of events a trace keeps. */
export const DEFAULT_TRACE_CAP = 200_000;

/** Formats one event as a line of the text trace: `t=1234.567ms s3 append   send MsgAppend ...`. */
export function formatTraceEvent(e: TraceEvent): string {
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
  private readonly buf: TraceEvent[] = [];
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
    const ev: TraceEvent = { t: this.clock(), seq: this.nextSeq++, store: e.store ?? null, topic: e.topic, kind: e.kind, message: e.message };
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

  /** The kept events, oldest first. */
  events(): TraceEvent[] {
    return [...this.buf.slice(this.head), ...this.buf.slice(0, this.head)];
  }

  /** The kept events as text, one line per event (see formatTraceEvent), each ending in a newline. */
  toText(): string {
    return this.events().map((e) => `${formatTraceEvent(e)}\n`).join('');
  }

  /** The kept events as JSON lines (fields t, seq, store, topic, kind, message), for tools. */
  toJSONLines(): string {
    return this.events().map((e) => `${JSON.stringify(e)}\n`).join('');
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
