/**
 * The viewer's colours: roles, faults, message types and the checker's marks.
 */
import { OpMark } from '../view-data';

/** The band colour of each role (Role order). */
export const ROLE_COLORS: readonly string[] = ['#dfe4ea', '#f7d774', '#86d19a', '#f1f1f1'];
/** The role names (Role order). */
export const ROLE_NAMES: readonly string[] = ['follower', 'candidate', 'leader', '?'];

/** Distinct colours for message types, by the type's index. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#d62728', '#393b79', '#637939'];

/** The colour of message type `i`. */
export function typeColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** The colour of an operation bar by its mark (OpMark order). */
export const OP_COLORS: readonly string[] = ['#a9bcd9', '#f2b880', '#73c487', '#e5383b'];

/** Colours of the index lines in a lane. */
export const INDEX_COLORS = { last: '#2c6fbb', commit: '#1b7a3a', applied: '#8e44ad' } as const;

/** Faults: a down store, the two sides of a partition, dropped messages. */
export const FAULT_COLORS = {
  down: 'rgba(60, 60, 60, 0.55)',
  side: ['rgba(230, 57, 70, 0.13)', 'rgba(69, 123, 157, 0.16)'],
  drop: '#d62728',
  crash: '#c1121f',
  start: '#2a9d8f',
  arm: '#f4a261',
} as const;

/** The text colour on a bar of a given mark. */
export function opTextColor(mark: number): string {
  return mark === OpMark.Stuck ? '#ffffff' : '#1d2330';
}
