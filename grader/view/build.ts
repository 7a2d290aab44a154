/**
 * From a parsed trace to what the viewer's page draws (view-data.ts): the event list, the
 * messages, a lane per store (states and the spans it ran), the faults, the client operations
 * and the checker's verdict. Works on both trace forms; a text trace has less to show (no
 * message leave times, no verdict details).
 */
import * as path from 'node:path';
import type { LogEvent, ParsedTrace } from '../logs/read';
import { buildFilters, buildLives } from './build-faults';
import { buildMessages } from './build-messages';
import { buildOps } from './build-ops';
import { buildStates } from './build-states';
import { kindAndMessage, ms } from './fields';
import type { EventTable, ViewData } from './view-data';

/** The event list: time, store, topic, and the text as the text trace shows it. */
function eventTable(events: readonly LogEvent[]): { table: EventTable; topics: string[] } {
  const topics = [...new Set(events.map((e) => e.topic))].sort();
  const index = new Map(topics.map((t, i) => [t, i]));
  return {
    topics,
    table: {
      t: events.map((e) => ms(e.t)),
      store: events.map((e) => e.store ?? 0),
      topic: events.map((e) => index.get(e.topic) ?? 0),
      text: events.map((e) => {
        const [kind, message] = kindAndMessage(e);
        return (kind === '' ? message : `${kind} ${message}`).replace(/\r?\n/g, ' ↵ ');
      }).join('\n'),
    },
  };
}

/** The stores the trace names: those of its events and of its messages, in order. */
function storesOf(events: readonly LogEvent[], from: ArrayLike<number>, to: ArrayLike<number>): number[] {
  const s = new Set<number>();
  for (const e of events) if (e.store !== null && e.store > 0) s.add(e.store);
  for (const col of [from, to]) for (let i = 0; i < col.length; i++) if (col[i] > 0) s.add(col[i]);
  return [...s].sort((a, b) => a - b);
}

/** How many of the run's first events are gone: from the header (`the first N dropped`), else the first seq. */
function droppedOf(trace: ParsedTrace): number {
  for (const h of trace.header) {
    const m = /the first (\d+) dropped/.exec(h);
    if (m !== null) return Number(m[1]);
  }
  const first = trace.events[0];
  return first !== undefined && first.seq > 0 ? first.seq : 0;
}

/** Builds the page's data from a parsed trace read from `source`. */
export function buildViewData(trace: ParsedTrace, source: string): ViewData {
  const events = trace.events;
  const start = events.length === 0 ? 0 : events[0].t;
  const end = events.length === 0 ? 1 : Math.max(events[events.length - 1].t, start + 1);
  const { table, topics } = eventTable(events);
  const { messages, msgTypes } = buildMessages(events);
  const stores = storesOf(events, messages.from, messages.to);
  const { up, marks } = buildLives(events, stores, start, end);
  const lanes = stores.map((store) => ({
    store, ...buildStates(events, store, messages), up: (up.get(store) ?? []).map(([a, b]): [number, number] => [ms(a), ms(b)]),
  }));
  const { ops, clients, verdict } = buildOps(events);
  const test = events.find((e) => e.topic === 'sim' && kindAndMessage(e)[0] === 'test');
  return {
    title: test === undefined ? path.basename(source).replace(/\.trace(\.jsonl)?(\.gz)?$/, '') : kindAndMessage(test)[1],
    source,
    header: trace.header,
    structured: events.some((e) => e.data !== undefined),
    droppedEvents: droppedOf(trace),
    start: ms(start),
    end: ms(end),
    stores,
    topics,
    events: table,
    msgTypes,
    messages,
    lanes,
    marks: marks.map((m) => ({ ...m, t: ms(m.t) })),
    filters: buildFilters(events, end).map((f) => ({ ...f, from: ms(f.from), to: ms(f.to) })),
    clients,
    ops,
    verdict,
  };
}
