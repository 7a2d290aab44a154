/**
 * Reading a trace file written by the bench (harness/sim/trace.ts): the JSON-lines form
 * (`.trace.jsonl`, one event per line with fields t, seq, store, topic, kind, message) or the
 * text form (`.trace`, `t=1234.567ms s3 append   send MsgAppend ...`, after one `#` header line).
 * The text form does not separate an event's kind from its message; both end up in `message`.
 */

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
  return {
    t: e.t,
    seq: typeof e.seq === 'number' ? e.seq : -1,
    store: typeof e.store === 'number' ? e.store : null,
    topic: e.topic,
    kind: typeof e.kind === 'string' ? e.kind : '',
    message: typeof e.message === 'string' ? e.message : '',
  };
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
    if (e === null) problems.push(`line ${i + 1}: not a trace event: ${line.slice(0, 80)}`);
    else events.push(e);
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
