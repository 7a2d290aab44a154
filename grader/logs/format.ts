/**
 * Printing a trace for people, in the spirit of 6.824's dslogs: one line per event with its
 * virtual time, store and topic, coloured by topic; or (`peers`) one column per store, each
 * event in its store's column, wrapped to the column's width, and the events of no store (the
 * network, the test, faults) across the full width.
 */
import type { Colors } from '../report/console';
import type { LogEvent } from './read';

/** How to print. */
export interface LogFormat {
  /** One column per store. */
  readonly peers: boolean;
  /** The width of the output in characters. */
  readonly width: number;
  readonly colors: Colors;
}

/** The colour of a topic (unknown topics are not coloured). */
export function topicColor(topic: string, c: Colors): (s: string) => string {
  const map: Record<string, (s: string) => string> = {
    election: c.yellow,
    append: c.blue,
    commit: c.green,
    apply: c.cyan,
    snapshot: c.magenta,
    client: c.white,
    fault: (s) => c.bold(c.red(s)),
    error: c.red,
    store: c.gray,
    net: c.dim,
    sim: c.bold,
    state: c.gray,
  };
  return map[topic] ?? ((s: string) => s);
}

/** Virtual time for the margin: `  1234.567`. */
export function formatTime(t: number): string {
  return t.toFixed(3).padStart(10);
}

/** The text of an event without its time and store: `TOPIC kind message` (the topic padded when `aligned`). */
export function eventText(e: LogEvent, aligned = true): string {
  const topic = e.topic.toUpperCase();
  return [aligned ? topic.padEnd(8) : topic, e.kind, e.message].filter((s) => s !== '').join(' ');
}

/** Cuts `text` into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  if (width < 1) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

/** The stores that appear in the events, in increasing order. */
export function storesOf(events: readonly LogEvent[]): number[] {
  return [...new Set(events.flatMap((e) => (e.store === null ? [] : [e.store])))].sort((a, b) => a - b);
}

/** One line per event: time, store, text. */
function formatLines(events: readonly LogEvent[], f: LogFormat): string[] {
  return events.map((e) => {
    const store = e.store === null ? '--' : `s${e.store}`;
    return `${f.colors.dim(formatTime(e.t))} ${store.padEnd(4)} ${topicColor(e.topic, f.colors)(eventText(e))}`;
  });
}

/** One column per store (see the file comment). */
function formatColumns(events: readonly LogEvent[], f: LogFormat): string[] {
  const stores = storesOf(events);
  const margin = 11; // the time and a space
  const colWidth = Math.max(12, Math.floor((f.width - margin) / Math.max(1, stores.length)));
  const text = colWidth - 1;
  const out: string[] = [];
  out.push(f.colors.bold(`${''.padStart(margin - 1)} ${stores.map((s) => `s${s}`.padEnd(colWidth)).join('').trimEnd()}`));
  for (const e of events) {
    const colour = topicColor(e.topic, f.colors);
    const time = f.colors.dim(formatTime(e.t));
    if (e.store === null) {
      wrap(eventText(e, false), Math.max(text, f.width - margin)).forEach((l, i) => {
        out.push(`${i === 0 ? time : ''.padStart(10)} ${colour(l)}`);
      });
      continue;
    }
    const col = stores.indexOf(e.store);
    const indent = ''.padEnd(col * colWidth);
    wrap(eventText(e, false), text).forEach((l, i) => {
      out.push(`${i === 0 ? time : ''.padStart(10)} ${indent}${colour(l)}`);
    });
  }
  return out;
}

/** The events as lines to print. */
export function formatEvents(events: readonly LogEvent[], f: LogFormat): string[] {
  return f.peers ? formatColumns(events, f) : formatLines(events, f);
}
