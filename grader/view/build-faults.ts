/**
 * The faults of a run for the viewer: when each store was running (from its start and stop
 * events), the crashes, restarts and armed crashes as marks, and the network filters as spans
 * from the moment each was added until the filters were cleared.
 */
import type { LogEvent } from '../logs/read';
import { dataOf, Fields, kindAndMessage, nums, obj, str } from './fields';
import type { FaultMark, FilterSpan } from './view-data';

/** The spans in which each store ran, and the marks; the stops of the cluster's shutdown (the trace's end) are left out. */
export function buildLives(events: readonly LogEvent[], stores: readonly number[], start: number, end: number): {
  up: Map<number, [number, number][]>; marks: FaultMark[];
} {
  const up = new Map<number, [number, number][]>(stores.map((s) => [s, []]));
  // Up since a time, or down (null); a store the trace has no fault event of yet ran from its start.
  const since = new Map<number, number | null>();
  const upSince = (s: number): number | null => (since.has(s) ? since.get(s) ?? null : start);
  const marks: FaultMark[] = [];
  let shutdown = false;
  for (const e of events) {
    const [kind, message] = kindAndMessage(e);
    if (e.topic === 'sim' && kind === 'shutdown') shutdown = true;
    if (e.topic !== 'fault' || e.store === null) continue;
    const s = e.store;
    if (kind === 'start') {
      if (!since.has(s) || since.get(s) === null) since.set(s, e.t);
      marks.push({ t: e.t, store: s, kind, text: message });
    } else if (kind === 'stop' && !shutdown) {
      const from = upSince(s);
      if (from !== null) up.set(s, [...(up.get(s) ?? []), [from, e.t]]);
      since.set(s, null);
      marks.push({ t: e.t, store: s, kind, text: message });
    } else if (kind === 'crash' || kind === 'arm') {
      marks.push({ t: e.t, store: s, kind, text: message });
    }
  }
  for (const s of stores) {
    const from = upSince(s);
    if (from !== null) up.set(s, [...(up.get(s) ?? []), [from, end]]);
  }
  return { up, marks };
}

/** A filter's kind, sides and label from its class and settings. */
function describe(name: string, fields: Fields | null): { kind: string; sides: number[][]; label: string } {
  const f = fields ?? {};
  if (name === 'PartitionFilter') {
    const s1 = nums(f, 's1') ?? [];
    const s2 = nums(f, 's2') ?? [];
    return { kind: 'partition', sides: [s1, s2], label: `partition [${s1.join(',')}] | [${s2.join(',')}]` };
  }
  if (name === 'OneWayFilter') {
    const from = typeof f.from === 'number' ? f.from : 0;
    const to = typeof f.to === 'number' ? f.to : 0;
    return { kind: 'cut', sides: [[from], [to]], label: `cut ${from} -> ${to}` };
  }
  if (name === 'DropFilter') {
    const rate = typeof f.rate === 'number' ? `${(f.rate * 100).toFixed(1)}% ` : '';
    return { kind: 'drop', sides: [], label: `drops ${rate}of messages` };
  }
  if (name === 'MessageTypeFilter') return { kind: 'types', sides: [], label: `drops message types ${(nums(f, 'types') ?? []).join(',')}` };
  return { kind: 'other', sides: [], label: name };
}

const TEXT_FILTER = /^(\w+)\((.*)\)$/;

/** A filter's settings from its text form (`PartitionFilter(s1={1,2} s2={3,4,5})`). */
function fieldsFromText(text: string): Fields {
  const out: Record<string, unknown> = {};
  for (const m of text.matchAll(/(\w+)=(\{[^}]*\}|\S+)/g)) {
    const v = m[2];
    out[m[1]] = v.startsWith('{') ? v.slice(1, -1).split(',').filter((x) => x !== '').map(Number) : Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

/** The network filters as spans (a filter still in force at the end lasts until then). */
export function buildFilters(events: readonly LogEvent[], end: number): FilterSpan[] {
  const spans: FilterSpan[] = [];
  let open: { from: number; kind: string; label: string; sides: number[][] }[] = [];
  const close = (t: number): void => {
    for (const o of open) spans.push({ ...o, to: t });
    open = [];
  };
  for (const e of events) {
    if (e.topic !== 'fault') continue;
    const [kind, message] = kindAndMessage(e);
    if (kind !== 'filter') continue;
    const d = dataOf(e, 'filter');
    if (d !== null) {
      if (str(d, 'op') === 'clear') close(e.t);
      else open.push({ from: e.t, ...describe(str(d, 'name'), obj(d, 'fields')) });
      continue;
    }
    if (message === 'clear filters') {
      close(e.t);
      continue;
    }
    const m = TEXT_FILTER.exec(message.replace(/^add /, ''));
    if (m !== null) open.push({ from: e.t, ...describe(m[1], fieldsFromText(m[2])) });
  }
  close(end);
  return spans.sort((a, b) => a.from - b.from);
}
