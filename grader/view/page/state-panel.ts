/**
 * The panel of every store's state at the cursor: running or down, role, term, vote, leader,
 * last log index, commit, applied, and on a leader each member's match and next. Each value's
 * cell says which store and field it is (data-store, data-field), for the tests and for
 * people copying values.
 */
import type { StoreLane, ViewData } from '../view-data';
import { ROLE_NAMES } from './colors';
import { el } from './dom';
import { inSpans, rowAt } from './lookup';

/** The panel's columns: [field, heading]. */
const COLUMNS: readonly [string, string][] = [
  ['status', 'store'], ['role', 'role'], ['term', 'term'], ['vote', 'vote'], ['lead', 'lead'], ['last', 'last'],
  ['commit', 'commit'], ['applied', 'applied'], ['progress', 'match/next per peer'],
];

/** A number for the panel: '?' when unknown (-1). */
function n(v: number): string {
  return v < 0 ? '?' : String(v);
}

/** The values of one store at time t, by field. */
export function stateValues(lane: StoreLane, t: number): Record<string, string> {
  const running = inSpans(lane.up, t);
  const i = rowAt(lane.states.t, t);
  const st = lane.states;
  if (i < 0) return { status: running ? 'up' : 'down', role: '?', term: '?', vote: '?', lead: '?', last: '?', commit: '?', applied: '?', progress: '' };
  const p = st.progress[i];
  const progress: string[] = [];
  if (p !== null) for (let k = 0; k + 2 < p.length; k += 3) progress.push(`${p[k]}: ${p[k + 1]}/${p[k + 2]}`);
  return {
    status: running ? 'up' : 'down',
    role: ROLE_NAMES[st.role[i]] ?? '?',
    term: n(st.term[i]),
    vote: n(st.vote[i]),
    lead: n(st.lead[i]),
    last: n(st.last[i]),
    commit: n(st.commit[i]),
    applied: n(st.applied[i]),
    progress: progress.join(', '),
  };
}

/** Fills `table` with the states at time t. */
export function renderStatePanel(table: HTMLTableElement, data: ViewData, t: number): void {
  table.replaceChildren();
  const head = el('tr');
  for (const [, title] of COLUMNS) head.append(el('th', title));
  table.append(el('thead'));
  table.tHead?.append(head);
  const body = el('tbody');
  for (const lane of data.lanes) {
    const values = stateValues(lane, t);
    const row = el('tr', '', { 'data-store': String(lane.store), class: values.status === 'down' ? 'down' : values.role });
    for (const [field] of COLUMNS) {
      const text = field === 'status' ? `s${lane.store}${values.status === 'down' ? ' (down)' : ''}` : values[field];
      row.append(el('td', text, { 'data-store': String(lane.store), 'data-field': field }));
    }
    body.append(row);
  }
  table.append(body);
}
