/**
 * Lists of trace events: the events around the cursor, and the search results. A click on an
 * event moves the cursor to it.
 */
import type { ViewData } from '../view-data';
import { el } from './dom';
import type { EventText } from './event-text';
import { lowerBound } from './lookup';

/** How many events the list around the cursor shows (a few before it, the rest after). */
const AROUND = 60;
const BEFORE = 8;
/** How many search results are listed (all are marked on the axis). */
const LISTED = 300;

/** One event as a list item. */
function item(data: ViewData, texts: EventText, i: number, onPick: (i: number) => void, current: boolean): HTMLLIElement {
  const ev = data.events;
  const store = ev.store[i] === 0 ? '--' : `s${ev.store[i]}`;
  const topic = data.topics[ev.topic[i]];
  const li = el('li', '', { 'data-event': String(i), class: current ? 'current' : '' });
  li.append(el('span', ev.t[i].toFixed(3), { class: 'time' }), el('span', store, { class: 'store' }),
    el('span', topic, { class: `topic topic-${topic}` }), el('span', texts.get(i), { class: 'text' }));
  li.addEventListener('click', () => onPick(i));
  return li;
}

/** Fills `list` with the events around time t. */
export function renderEventsAround(list: HTMLOListElement, data: ViewData, texts: EventText, t: number, onPick: (i: number) => void): void {
  const at = lowerBound(data.events.t, t);
  const from = Math.max(0, at - BEFORE);
  const to = Math.min(data.events.t.length, from + AROUND);
  list.replaceChildren(...Array.from({ length: to - from }, (_, k) => item(data, texts, from + k, onPick, from + k === at)));
}

/** The events whose text matches the query: a substring (spaces kept), any case; `/re/` (flag i allowed) for a regular expression. */
export function searchEvents(texts: EventText, query: string): number[] {
  if (query.trim() === '') return [];
  const re = /^\/(.+)\/(i?)$/.exec(query.trim());
  if (re === null) return texts.find(query);
  try {
    return texts.match(new RegExp(re[1], re[2]));
  } catch {
    return [];
  }
}

/** Fills `list` with the first search results. */
export function renderSearchResults(list: HTMLOListElement, data: ViewData, texts: EventText, matches: readonly number[],
  onPick: (i: number) => void): void {
  list.replaceChildren(...matches.slice(0, LISTED).map((i) => item(data, texts, i, onPick, false)));
}
