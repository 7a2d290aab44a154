/**
 * Reading a trace file written by the bench (harness/sim/trace.ts): the JSON-lines form
 * (`.trace.jsonl`, or gzipped `.trace.jsonl.gz`: one event per line with fields t, seq, store,
 * topic, kind, message and, for some, data; a network or state event has data and no message,
 * which is made from the data as the bench makes it) or the text form (`.trace`, `t=1234.567ms s3
 * append   send MsgAppend ...`, after one `#` header line; a line that is not an event continues
 * the message of the one before it). The text form does not separate an event's kind from its
 * message; both end up in `message`, and it has no data.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { FormattedData, formatTraceData } from '../../harness/sim/trace-data';

/** One event of a trace, as the log viewer uses it. */
export interface LogEvent {
  /** Virtual time in milliseconds. */
  readonly t: number;
  readonly seq: number;
  /** The store, or null for events of no store (the network, the test, a fault). */
  readonly store: number | null;
  readonly topic: string;
  readonly kind: string;
  readonly message: string;
  /**
   * The event's structured data as the file holds it (harness/sim/trace-data.ts describes it);
   * JSON-lines traces only. Read it with care: a file may come from an older bench, or be edited.
   */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A parsed trace: its events, its `#` header lines, and the lines that could not be read. */
export interface ParsedTrace {
  readonly events: LogEvent[];
  readonly header: string[];
  readonly problems: string[];
}

function fromJson(line: string): LogEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  if (typeof e.t !== 'number' || typeof e.topic !== 'string') return null;
  const ev: LogEvent = {
    t: e.t,
    seq: typeof e.seq === 'number' ? e.seq : -1,
    store: typeof e.store === 'number' ? e.store : null,
    topic: e.topic,
    kind: typeof e.kind === 'string' ? e.kind : '',
    message: typeof e.message === 'string' ? e.message : '',
  };
  const data = e.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ev;
  const d = data as Record<string, unknown>;
  return { ...ev, message: typeof e.message === 'string' ? e.message : messageOfData(d), data: d };
}

/** The message of an event written with data only (a network or state event), or '' for other data. */
function messageOfData(d: Record<string, unknown>): string {
  if (d.type !== 'net' && d.type !== 'state') return '';
  try {
    return formatTraceData(d as unknown as FormattedData);
  } catch {
    return '';
  }
}

/** The text of a trace file; a gzipped one (as the bench writes `.trace.jsonl.gz`) is uncompressed. */
export function readTraceText(file: string): string {
  const bytes = fs.readFileSync(file);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

const TEXT_LINE = /^t=(-?\d+(?:\.\d+)?)ms (s(\d+)|--) (\S+)\s*(.*)$/;

function fromText(line: string, seq: number): LogEvent | null {
  const m = TEXT_LINE.exec(line);
  if (m === null) return null;
  return { t: Number(m[1]), seq, store: m[3] === undefined ? null : Number(m[3]), topic: m[4], kind: '', message: m[5] };
}

/** Parses a trace in either form (told apart by its first event line). */
export function parseTrace(text: string): ParsedTrace {
  const events: LogEvent[] = [];
  const header: string[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  let json: boolean | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '') return;
    if (line.startsWith('#')) {
      header.push(line);
      return;
    }
    json ??= line.startsWith('{');
    const e = json ? fromJson(line) : fromText(line, events.length);
    const last = events.length - 1;
    if (e !== null) events.push(e);
    // A message of several lines (a failure's explanation) goes on, in the text form, on lines of its own.
    else if (!json && last >= 0) events[last] = { ...events[last], message: `${events[last].message}\n${line}` };
    else problems.push(`line ${i + 1}: not a trace event: ${line.slice(0, 80)}`);
  });
  return { events, header, problems };
}

/** What to keep of a trace. */
export interface LogFilter {
  /** Topics to keep (all when absent). */
  readonly topics?: ReadonlySet<string>;
  /** Keep events at or after this virtual time (ms). */
  readonly from?: number;
  /** Keep events at or before this virtual time (ms). */
  readonly to?: number;
}

/** The events that pass the filter, in their order. */
export function filterEvents(events: readonly LogEvent[], f: LogFilter): LogEvent[] {
  return events.filter((e) => (f.topics === undefined || f.topics.has(e.topic))
    && (f.from === undefined || e.t >= f.from) && (f.to === undefined || e.t <= f.to));
}
