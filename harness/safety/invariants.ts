/**
 * The safety properties of Raft, checked while a run goes: after every event (afterEvent), and
 * at the points of the Ready loop where a rule applies (a message leaving, a hard state being
 * persisted, an entry or a snapshot being applied, a node restarting).
 *
 * The checker keeps its own record over the whole run, across crashes: which node led which
 * term, what was committed at each index (from every node's commit index and every applied
 * entry), every vote granted, every payload proposed. Node state is read through the public
 * API only: RawNode.status() and raft.raftLog (allEntries, firstIndex, lastIndex, term, committed).
 */
import { Entry, HardState, Message, MessageType } from '@target/proto/eraftpb';
import { MemoryStorage, RawNode, Snapshot, StateType, Status } from '@target/raft';
import { Application, AppliedEntry, payloadOf } from './app';
import { SafetyNode } from './node';

/** A broken invariant: `invariant` names it (the shrinker keeps runs that break the same one), `message` says it in plain words. */
export class SafetyViolation extends Error {
  constructor(readonly invariant: string, message: string) {
    super(message);
    this.name = 'SafetyViolation';
  }
}

/** Fails the run with a broken invariant. */
export function violated(invariant: string, message: string): never {
  throw new SafetyViolation(invariant, message);
}

/** What was committed at one index, and who showed it first. */
interface CommitRecord {
  readonly index: number;
  readonly term: number;
  readonly payload: string;
  /** Where it was seen committed first, e.g. "node 2's commit index". */
  readonly by: string;
  /** The highest term any node had reached when it was seen: every leader of a later term must hold it. */
  readonly termSeen: number;
}

/** What the checker remembers about a node's latest leadership. */
interface LeaderView {
  readonly term: number;
  readonly life: number;
  /** Its log when last checked, and the index of entries[0]. */
  entries: Entry[];
  first: number;
  /** How far into the commit records its log was checked (leader completeness). */
  cursor: number;
  /** Its commit index when last checked. */
  commit: number;
}

/** The last acknowledgement a node sent: in `term` it told the leader it holds entries up to `index`, the last of term `indexTerm`. */
interface Ack {
  readonly term: number;
  readonly index: number;
  readonly indexTerm: number;
}

/** A node's numbers when last checked, to see that they never go back. */
interface Numbers {
  readonly life: number;
  readonly term: number;
  readonly commit: number;
  readonly applied: number;
}

/** A short form of an entry for messages: "5@t3 'p12'". */
export function entryText(index: number, term: number, payload: string): string {
  return `${index}@t${term} ${payload === '' ? '(empty)' : `'${payload}'`}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The checker of one run; see the file comment. */
export class SafetyChecker {
  private readonly leaderOfTerm = new Map<number, number>();
  private readonly committed = new Map<number, CommitRecord>();
  private readonly commitOrder: CommitRecord[] = [];
  private readonly seenCommit = new Map<number, number>();
  private readonly numbers = new Map<number, Numbers>();
  private readonly leaders = new Map<number, LeaderView>();
  private readonly votes = new Map<string, number>();
  private readonly acks = new Map<number, Ack>();
  private readonly proposed = new Map<string, number>();
  private readonly committedPayloads = new Map<string, number>();
  private maxTerm = 0;

  /** The highest index seen committed so far. */
  highestCommitted(): number {
    let hi = 0;
    for (const i of this.committed.keys()) hi = Math.max(hi, i);
    return hi;
  }

  /** The index at which a payload was committed, if it was. */
  indexOfPayload(payload: string): number | undefined {
    for (const r of this.commitOrder) if (r.payload === payload) return r.index;
    return undefined;
  }

  /** The application is about to propose `payload`. */
  onPropose(payload: string): void {
    this.proposed.set(payload, (this.proposed.get(payload) ?? 0) + 1);
  }

  /** Records that `index` holds (term, payload) and is committed; throws if something else was committed there. */
  recordCommitted(index: number, term: number, payload: string, by: string): void {
    const had = this.committed.get(index);
    if (had !== undefined) {
      if (had.term !== term || had.payload !== payload) {
        violated('committed-entries-agree', `two different entries were committed at index ${index}: `
          + `${entryText(index, had.term, had.payload)} (seen first at ${had.by}) and ${entryText(index, term, payload)} (at ${by}). `
          + 'Once an entry is committed no node may ever commit another one at its index.');
      }
      return;
    }
    const rec: CommitRecord = { index, term, payload, by, termSeen: this.maxTerm };
    this.committed.set(index, rec);
    this.commitOrder.push(rec);
    if (payload === '') return;
    const times = (this.committedPayloads.get(payload) ?? 0) + 1;
    this.committedPayloads.set(payload, times);
    const proposals = this.proposed.get(payload) ?? 0;
    if (times > proposals) {
      violated('committed-payloads-proposed', proposals === 0
        ? `payload '${payload}' was committed at index ${index} (at ${by}) but nobody proposed it.`
        : `payload '${payload}' was proposed ${proposals} time(s) and is now committed ${times} times (again at index ${index}, at ${by}). `
          + 'A proposal must become one entry: look for a message (a forwarded MsgPropose) sent twice, or entries appended twice.');
    }
  }

  /**
   * A node's Ready asks to persist `next` over `stored`: term and commit never go back, and a
   * vote, once cast in a term, does not change.
   */
  onPersistHardState(node: number, stored: HardState, next: HardState): void {
    if (next.term < stored.term) {
      violated('persisted-term-monotonic', `node ${node}'s Ready asks to persist term ${next.term}, but its storage already holds term ${stored.term}: the term must never go back.`);
    }
    if (next.commit < stored.commit) {
      violated('persisted-commit-monotonic', `node ${node}'s Ready asks to persist commit ${next.commit}, but its storage already holds commit ${stored.commit}: the commit index must never go back.`);
    }
    if (next.term === stored.term && stored.vote !== 0 && next.vote !== stored.vote) {
      violated('one-vote-per-term', `node ${node} persisted a vote for ${stored.vote} in term ${stored.term}, and its Ready now asks to persist a vote for ${next.vote} in the same term.`);
    }
  }

  /**
   * Node `node` is sending `m`, its Ready persisted into `storage`: the message's term, a vote
   * it grants or asks for, and the entries it acknowledges must already be on its disk.
   */
  onSend(node: number, m: Message, storage: MemoryStorage): void {
    const hs = storage.hardState;
    const what = `${MessageType[m.msgType]} ${m.from}->${m.to} in term ${m.term}`;
    const hint = 'A Ready\'s hard state and entries must be persisted before its messages are sent: does ready() hand out the hard state whenever term, vote or commit changed?';
    if (m.term > hs.term) {
      violated('persist-before-send', `node ${node} sent ${what}, but the term in its storage is ${hs.term}. ${hint}`);
    }
    if (m.msgType === MessageType.MsgRequestVoteResponse && !m.reject) {
      if (hs.term !== m.term || hs.vote !== m.to) {
        violated('persist-before-send', `node ${node} granted its vote to ${m.to} in term ${m.term}, but its storage holds term ${hs.term} vote ${hs.vote}: after a crash it could vote again. ${hint}`);
      }
      const key = `${node}:${m.term}`;
      const before = this.votes.get(key);
      if (before !== undefined && before !== m.to) {
        violated('one-vote-per-term', `node ${node} granted its vote in term ${m.term} to ${before}, and later to ${m.to}.`);
      }
      this.votes.set(key, m.to);
    }
    if (m.msgType === MessageType.MsgRequestVote && (hs.term !== m.term || hs.vote !== node)) {
      violated('persist-before-send', `node ${node} asked for votes in term ${m.term}, but its storage holds term ${hs.term} vote ${hs.vote} (not its own vote). ${hint}`);
    }
    if (m.msgType === MessageType.MsgAppendResponse && !m.reject) {
      const snapIndex = storage.firstIndex() - 1;
      if (m.index > storage.lastIndex() && m.index > snapIndex) {
        violated('persist-before-send', `node ${node} acknowledged entries up to ${m.index} to ${m.to} (term ${m.term}), but its storage holds entries only up to ${storage.lastIndex()}. ${hint}`);
      }
      const prev = this.acks.get(node);
      if (m.index > snapIndex && (prev === undefined || prev.term !== m.term || prev.index <= m.index)) {
        this.acks.set(node, { term: m.term, index: m.index, indexTerm: storage.term(m.index) });
      }
    }
  }

  /** Node `node`'s application is applying `e`: the next index, and what was committed there. */
  onApply(node: number, app: Application, e: Entry): AppliedEntry {
    if (e.index !== app.applied + 1) {
      violated('apply-in-order', `node ${node} was handed entry ${e.index} to apply, but its application has applied up to ${app.applied}: `
        + `each index must be applied once, in order (expected ${app.applied + 1}). Check nextEnts() and how advance() moves applied.`);
    }
    const applied: AppliedEntry = { index: e.index, term: e.term, payload: payloadOf(e.data) };
    this.recordCommitted(e.index, e.term, applied.payload, `node ${node}'s apply`);
    return applied;
  }

  /** Node `node` is about to install `snap` (its Ready's snapshot) over an application at `app.applied`. */
  beforeSnapshot(node: number, app: Application, snap: Snapshot): void {
    const at = snap.metadata.index;
    if (at <= app.applied) {
      violated('apply-in-order', `node ${node} was handed a snapshot at index ${at} to install, but its application has already applied up to ${app.applied}: `
        + 'installing it would take the state back. A follower ignores snapshots that are not newer than its commit index.');
    }
  }

  /** Node `node` installed a snapshot: every entry its data holds must be what was committed there. */
  afterSnapshot(node: number, app: Application, snap: Snapshot): void {
    const { index, term } = snap.metadata;
    const last = app.history[app.history.length - 1];
    if (app.applied !== index || (index > 0 && last.term !== term)) {
      violated('snapshot-matches-state', `node ${node} installed a snapshot at ${index}@t${term} whose data is an application state up to ${app.applied}: the data must be the state at the snapshot's index.`);
    }
    for (const e of app.history) this.recordCommitted(e.index, e.term, e.payload, `the snapshot node ${node} installed`);
  }

  /** A node was restarted from its storage: it comes back with what it had persisted. */
  onRestart(n: SafetyNode, rn: RawNode): void {
    const st = rn.status();
    const hs = n.storage.hardState;
    if (st.hardState.term !== hs.term || st.hardState.vote !== hs.vote || st.hardState.commit < hs.commit) {
      violated('restart-from-storage', `node ${n.id} restarted over a storage holding term ${hs.term} vote ${hs.vote} commit ${hs.commit}, `
        + `but came back with term ${st.hardState.term} vote ${st.hardState.vote} commit ${st.hardState.commit}. newRaft must load the hard state from Storage.initialState().`);
    }
    if (st.applied !== n.app.applied) {
      violated('restart-from-storage', `node ${n.id} restarted with Config.applied = ${n.app.applied}, but status().applied is ${st.applied}.`);
    }
    const before = this.numbers.get(n.id);
    if (before !== undefined && (st.hardState.term < before.term || st.hardState.commit < before.commit)) {
      violated('state-survives-restart', `node ${n.id} had term ${before.term} commit ${before.commit} before it crashed (all of it persisted), `
        + `and restarted with term ${st.hardState.term} commit ${st.hardState.commit}.`);
    }
  }

  /** The check after every event, over every node that is up. */
  afterEvent(nodes: readonly SafetyNode[]): void {
    const up: { n: SafetyNode; rn: RawNode; st: Status; entries: Entry[]; first: number; last: number }[] = [];
    for (const n of nodes) {
      if (n.rn === null) continue;
      const log = n.rn.raft.raftLog;
      const st = n.rn.status();
      this.maxTerm = Math.max(this.maxTerm, st.hardState.term);
      up.push({ n, rn: n.rn, st, entries: log.allEntries(), first: log.firstIndex(), last: log.lastIndex() });
    }
    for (const u of up) this.checkNode(u.n, u.rn, u.st, u.entries, u.first, u.last);
    for (let i = 0; i < up.length; i++) {
      for (let j = i + 1; j < up.length; j++) {
        this.checkLogMatching(up[i].n.id, up[i].entries, up[i].first, up[j].n.id, up[j].entries, up[j].first);
      }
    }
  }

  private checkNode(n: SafetyNode, rn: RawNode, st: Status, entries: Entry[], first: number, last: number): void {
    const term = st.hardState.term;
    const commit = rn.raft.raftLog.committed;
    // Never back, within one life of the node.
    const before = this.numbers.get(n.id);
    if (before !== undefined && before.life === n.life) {
      if (term < before.term) violated('term-monotonic', `node ${n.id}'s term went back from ${before.term} to ${term}.`);
      if (commit < before.commit) violated('commit-monotonic', `node ${n.id}'s commit index went back from ${before.commit} to ${commit}.`);
      if (st.applied < before.applied) violated('applied-monotonic', `node ${n.id}'s applied index went back from ${before.applied} to ${st.applied}.`);
    }
    this.numbers.set(n.id, { life: n.life, term, commit, applied: st.applied });

    // What it acknowledged to the leader of its term stays in its log while that term lasts.
    const ack = this.acks.get(n.id);
    if (ack !== undefined && ack.term === term && ack.index >= first) {
      const e = ack.index <= last ? entries[ack.index - first] : undefined;
      if (e === undefined || e.term !== ack.indexTerm) {
        violated('acknowledged-entries-stay', `node ${n.id} told the leader of term ${term} that it holds entries up to ${ack.index} (the last of term ${ack.indexTerm}), `
          + `and now ${e === undefined ? `its log ends at ${last}` : `holds term ${e.term} there`}, still in term ${term}. The leader may have counted those entries to commit them: `
          + 'a follower only truncates its log at a real conflict (a stale or duplicated MsgAppend, or a snapshot whose last entry it holds, must not cut it).');
      }
    }

    // What its commit index covers is committed, for ever.
    if (commit > last) {
      violated('commit-within-log', `node ${n.id}'s commit index is ${commit}, past the last entry of its log (${last}): a node can only commit entries it holds.`);
    }
    const seen = this.seenCommit.get(n.id) ?? 0;
    for (let i = Math.max(seen + 1, first); i <= commit; i++) {
      const e = entries[i - first];
      this.recordCommitted(i, e.term, payloadOf(e.data), `node ${n.id}'s commit index (${commit})`);
    }
    if (commit > seen) this.seenCommit.set(n.id, commit);

    if (st.softState.raftState !== StateType.Leader) return;
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== n.id) {
      violated('one-leader-per-term', `nodes ${other} and ${n.id} were both leader in term ${term}. A node grants at most one vote per term, so two majorities cannot form in one term: check handleRequestVote.`);
    }
    this.leaderOfTerm.set(term, n.id);
    this.checkLeader(n, term, commit, entries, first, last);
  }

  /**
   * Append-only during a term; commits by counting only entries of its term; and complete:
   * every entry committed before the term is in its log.
   */
  private checkLeader(n: SafetyNode, term: number, commit: number, entries: Entry[], first: number, last: number): void {
    let view = this.leaders.get(n.id);
    if (view !== undefined && view.term === term && view.life === n.life) {
      if (commit > view.commit && commit >= first && entries[commit - first].term !== term) {
        violated('leader-commits-own-term', `node ${n.id}, leader in term ${term}, moved its commit index from ${view.commit} to ${commit}, `
          + `an entry of term ${entries[commit - first].term}. A leader commits by counting replicas only entries of its own term (Raft §5.4.2, Figure 8): `
          + 'older entries are committed with them. Check the term test in maybeCommit.');
      }
      view.commit = commit;
      const viewLast = view.first + view.entries.length - 1;
      for (let i = Math.max(view.first, first); i <= viewLast; i++) {
        const old = view.entries[i - view.first];
        if (i > last) {
          violated('leader-append-only', `node ${n.id}, leader in term ${term}, held entry ${entryText(i, old.term, payloadOf(old.data))} and no longer does (its log now ends at ${last}): a leader never removes its own entries.`);
        }
        const now = entries[i - first];
        if (now.term !== old.term || !sameBytes(now.data, old.data)) {
          violated('leader-append-only', `node ${n.id}, leader in term ${term}, rewrote entry ${i}: it was ${entryText(i, old.term, payloadOf(old.data))}, it is now ${entryText(i, now.term, payloadOf(now.data))}. A leader never changes its own entries.`);
        }
      }
      view.entries = entries;
      view.first = first;
    } else {
      view = { term, life: n.life, entries, first, cursor: 0, commit };
      this.leaders.set(n.id, view);
    }
    for (; view.cursor < this.commitOrder.length; view.cursor++) {
      const rec = this.commitOrder[view.cursor];
      if (rec.termSeen >= term || rec.index < first) continue;
      const e = rec.index <= last ? entries[rec.index - first] : undefined;
      if (e === undefined || e.term !== rec.term || payloadOf(e.data) !== rec.payload) {
        violated('leader-completeness', `node ${n.id} is leader in term ${term}, but its log ${e === undefined ? `ends at ${last} and lacks` : `holds ${entryText(rec.index, e.term, payloadOf(e.data))} instead of`} `
          + `the committed entry ${entryText(rec.index, rec.term, rec.payload)} (seen committed at ${rec.by} when the highest term was ${rec.termSeen}). `
          + 'A leader must hold every entry committed before its term: check the up-to-date test in handleRequestVote and the term check in maybeCommit.');
      }
    }
  }

  /** Two logs with an entry of the same index and term agree on every entry up to it. */
  private checkLogMatching(a: number, ea: Entry[], fa: number, b: number, eb: Entry[], fb: number): void {
    const lo = Math.max(fa, fb);
    const hi = Math.min(fa + ea.length - 1, fb + eb.length - 1);
    let top = hi;
    while (top >= lo && ea[top - fa].term !== eb[top - fb].term) top--;
    for (let i = top; i >= lo; i--) {
      const x = ea[i - fa];
      const y = eb[i - fb];
      if (x.term !== y.term || !sameBytes(x.data, y.data)) {
        violated('log-matching', `nodes ${a} and ${b} both hold entry ${top} of term ${ea[top - fa].term}, but differ at index ${i}: `
          + `node ${a} has ${entryText(i, x.term, payloadOf(x.data))}, node ${b} has ${entryText(i, y.term, payloadOf(y.data))}. `
          + 'Logs that agree on an entry agree on everything before it: check the (index, logTerm) test and the truncation in handleAppendEntries.');
      }
    }
  }
}
