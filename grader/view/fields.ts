/**
 * Reading the fields of a trace event's data safely: a trace file may come from an older bench
 * or be edited by hand, so every field is checked before it is used.
 */
import type { LogEvent } from '../logs/read';

/** A JSON object as read from a file. */
export type Fields = Readonly<Record<string, unknown>>;

/** The event's data if it is of `type` (its `type` field), else null. */
export function dataOf(e: LogEvent, type: string): Fields | null {
  const d = e.data;
  return d !== undefined && d.type === type ? d : null;
}

/** A number field, or `fallback` when absent or not a finite number. */
export function num(d: Fields, key: string, fallback = -1): number {
  const v = d[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A string field, or `fallback`. */
export function str(d: Fields, key: string, fallback = ''): string {
  const v = d[key];
  return typeof v === 'string' ? v : fallback;
}

/** A nested object field, or null. */
export function obj(d: Fields, key: string): Fields | null {
  const v = d[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : null;
}

/** An array of numbers field (non-numbers left out), or null when absent. */
export function nums(d: Fields, key: string): number[] | null {
  const v = d[key];
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : null;
}

/** Virtual time rounded to the microsecond: what the page needs, in fewer characters. */
export function ms(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/**
 * The kind and the message of an event. A text trace has no separate kind: for the bench's own
 * topics (net, client, fault, sim) the first word of the message is the kind.
 */
export function kindAndMessage(e: LogEvent): [string, string] {
  if (e.kind !== '' || !['net', 'client', 'fault', 'sim'].includes(e.topic)) return [e.kind, e.message];
  const i = e.message.indexOf(' ');
  return i < 0 ? [e.message, ''] : [e.message.slice(0, i), e.message.slice(i + 1)];
}
