/**
 * Each store's raft state over time, from the best source the trace has for it (see
 * StateSource): the bench's state samples (data, or their text in a text trace); else the
 * store's own election lines ("[region 1] 2 is leader in term 6, leader 2"); else the terms of
 * the messages it sent. Only region 1's peer is drawn when a store has several.
 */
import type { LogEvent } from '../logs/read';
import { dataOf, Fields, ms, num, str } from './fields';
import { MessageTable, Role, StateSource, StateTable } from './view-data';

/** One state, before it goes into a table. */
interface State {
  t: number;
  role: number;
  term: number;
  vote: number;
  lead: number;
  commit: number;
  applied: number;
  last: number;
  progress: number[] | null;
}

const ROLES: Record<string, number> = { follower: Role.Follower, candidate: Role.Candidate, leader: Role.Leader };

const TEXT_STATE = /^\[region (\d+)\] (\S+) term (\d+) vote (\d+) lead (\d+)(?: last (\d+))? commit (\d+) applied (\d+)(?: progress (.*))?$/;
const ELECTION = /is (follower|candidate|leader) in term (\d+), leader (\d+)/;

/** The region and state of a state event (data or text), or null. */
function sampleOf(e: LogEvent): { region: number; state: State } | null {
  const d: Fields | null = dataOf(e, 'state');
  if (d !== null) {
    const progress = Array.isArray(d.progress)
      ? (d.progress as unknown[]).flatMap((p) => (Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === 'number') ? p as number[] : []))
      : null;
    return {
      region: num(d, 'region', 1),
      state: {
        t: e.t, role: ROLES[str(d, 'role')] ?? Role.Unknown, term: num(d, 'term'), vote: num(d, 'vote'), lead: num(d, 'lead'),
        commit: num(d, 'commit'), applied: num(d, 'applied'), last: num(d, 'last'), progress: progress === null || progress.length === 0 ? null : progress,
      },
    };
  }
  const m = TEXT_STATE.exec(e.message);
  if (m === null) return null;
  const progress = m[9] === undefined ? null
    : m[9].split(' ').flatMap((p) => /^(\d+):(\d+)\/(\d+)$/.exec(p)?.slice(1).map(Number) ?? []);
  return {
    region: Number(m[1]),
    state: {
      t: e.t, role: ROLES[m[2]] ?? Role.Unknown, term: Number(m[3]), vote: Number(m[4]), lead: Number(m[5]),
      commit: Number(m[7]), applied: Number(m[8]), last: m[6] === undefined ? -1 : Number(m[6]), progress,
    },
  };
}

function table(states: readonly State[]): StateTable {
  return {
    t: states.map((s) => ms(s.t)),
    role: states.map((s) => s.role),
    term: states.map((s) => s.term),
    vote: states.map((s) => s.vote),
    lead: states.map((s) => s.lead),
    commit: states.map((s) => s.commit),
    applied: states.map((s) => s.applied),
    last: states.map((s) => s.last),
    progress: states.map((s) => s.progress),
  };
}

function unknownState(t: number, role: number, term: number, lead: number): State {
  return { t, role, term, vote: -1, lead, commit: -1, applied: -1, last: -1, progress: null };
}

/** The states of `store` and where they come from; see the file comment. */
export function buildStates(events: readonly LogEvent[], store: number, messages: MessageTable): { source: StateSource; states: StateTable } {
  const byRegion = new Map<number, State[]>();
  const elections: State[] = [];
  for (const e of events) {
    if (e.store !== store) continue;
    if (e.topic === 'state') {
      const s = sampleOf(e);
      if (s === null) continue;
      const list = byRegion.get(s.region);
      if (list === undefined) byRegion.set(s.region, [s.state]);
      else list.push(s.state);
    } else if (e.topic === 'election') {
      const m = ELECTION.exec(e.message);
      if (m !== null) elections.push(unknownState(e.t, ROLES[m[1]], Number(m[2]), Number(m[3])));
    }
  }
  const regions = [...byRegion.keys()].sort((x, y) => x - y);
  const samples = byRegion.get(1) ?? (regions.length > 0 ? byRegion.get(regions[0]) : undefined);
  if (samples !== undefined) return { source: 'samples', states: table(samples) };
  if (elections.length > 0) return { source: 'election', states: table(elections) };
  // The terms of the messages it sent: a step each time the term grows.
  const terms: State[] = [];
  let term = -1;
  for (let i = 0; i < messages.id.length; i++) {
    if (messages.from[i] !== store || messages.term[i] <= term) continue;
    term = messages.term[i];
    terms.push(unknownState(messages.sent[i], Role.Unknown, term, -1));
  }
  return { source: terms.length > 0 ? 'messages' : 'none', states: table(terms) };
}
