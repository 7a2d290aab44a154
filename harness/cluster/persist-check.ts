/**
 * "Persist before send", checked on every raft message a store sends (SimStoreRuntime's
 * beforeSend hook; the Cluster installs it in every KV test unless `checkPersistBeforeSend`
 * is false), and a record of which peer led each term.
 *
 * Raft's safety rests on a node remembering across a crash what it told others: its term and
 * its vote. So when a message leaves a store, the RaftLocalState *persisted in its raft
 * engine* (not the one in memory) must already say so:
 *
 * 1. any message of term T: persisted hardState.term >= T;
 * 2. a granted MsgRequestVoteResponse (reject = false) to candidate C in term T: persisted
 *    term > T, or term == T and vote == C;
 * 3. a MsgRequestVote of candidate X in term T: persisted term > T, or term == T and vote == X.
 *
 * A store that restarts from a snapshot apply interrupted by a crash takes its term from the
 * kv engine's truncated state (PeerStorage's recovery), so for rule 1 the truncated term in
 * the kv engine counts as persisted too.
 *
 * The first violation fails the test (through Cluster.problem) with a message that explains
 * the rule; later messages are not checked.
 *
 * Leaders per term: only a leader sends MsgAppend, MsgHeartbeat, MsgSnapshot and
 * MsgTimeoutNow, each stamped with its term. So the senders of those messages, by term, are
 * the leaders the cluster had in each term, whatever the store's code traces: a test can
 * check that no term had two (Raft's Election Safety). This is read off the wire, so it holds
 * for any implementation, and a leader that never sent anything is not seen (it could not
 * have done harm either).
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { getApplyState, getRaftLocalState } from '@target/kv/meta/states';
import type { SimEngine } from '../sim/sim-engine';

/** The two engines of a store, as the checker reads them. */
export interface CheckedEngines {
  kv: SimEngine;
  raft: SimEngine;
}

/** A peer seen acting as leader in a term. */
export interface LeaderSighting {
  term: number;
  peerId: number;
  storeId: number;
  /** Virtual time of its first leader-only message in that term. */
  firstMs: number;
  /** That message, described. */
  what: string;
}

/** Two leaders seen in one term. */
export interface LeaderConflict {
  term: number;
  first: LeaderSighting;
  second: LeaderSighting;
}

const LEADER_ONLY = new Set<eraftpb.MessageType>([
  eraftpb.MessageType.MsgAppend, eraftpb.MessageType.MsgHeartbeat, eraftpb.MessageType.MsgSnapshot, eraftpb.MessageType.MsgTimeoutNow,
]);

interface Persisted {
  /** SimEngine.writes of the raft engine when this was read. */
  writes: number;
  regionId: number;
  term: number;
  vote: number;
  commit: number;
  found: boolean;
}

function typeName(t: eraftpb.MessageType): string {
  return eraftpb.MessageType[t] ?? `MsgType${t}`;
}

/** Checks persist-before-send and records leaders per term; see the file comment. */
export class PersistChecker {
  private violated = false;
  private readonly cache = new Map<number, Persisted>();
  private readonly leaders = new Map<number, LeaderSighting>();
  private readonly conflicts: LeaderConflict[] = [];
  /** Messages checked so far. */
  checked = 0;

  constructor(
    private readonly enginesOf: (storeId: number) => CheckedEngines,
    private readonly report: (e: Error) => void,
    private readonly now: () => number,
  ) {}

  /** The hook: called with every message store `storeId` sends. */
  beforeSend(storeId: number, msg: raft_serverpb.IRaftMessage, kind: 'message' | 'chunk'): void {
    const m = msg.message;
    if (m == null) return;
    const term = m.term ?? 0;
    const type = m.msgType ?? eraftpb.MessageType.MsgHup;
    if (LEADER_ONLY.has(type) && term > 0) {
      this.sawLeader(storeId, m.from ?? 0, term, `${typeName(type)} ${m.from ?? 0}->${m.to ?? 0}${kind === 'chunk' ? ' (snapshot chunk)' : ''}`);
    }
    if (this.violated) return;
    this.checked++;
    const regionId = msg.regionId ?? 0;
    const voting = type === eraftpb.MessageType.MsgRequestVote || type === eraftpb.MessageType.MsgRequestVoteResponse;
    const p = this.persisted(storeId, regionId, voting ? Infinity : term);
    if (!p.found) return;
    const what = `store ${storeId} sent ${typeName(type)} ${m.from ?? 0}->${m.to ?? 0} in term ${term} at t=${this.now().toFixed(3)}ms`;
    const holds = `its raft engine holds hardState {term ${p.term}, vote ${p.vote}, commit ${p.commit}} (the RaftLocalState of region ${regionId})`;
    if (p.term < term && this.truncatedTerm(storeId, regionId) < term) {
      this.fail(`${what}, but ${holds}: the message's term is not persisted yet. If the store lost power right after this send, `
        + `it would restart in term ${p.term} and could act in term ${term} as if it had never been there (vote again, accept another leader's entries).`);
      return;
    }
    if (type === eraftpb.MessageType.MsgRequestVoteResponse && m.reject !== true) {
      if (!(p.term > term || (p.term === term && p.vote === (m.to ?? 0)))) {
        this.fail(`${what}, granting its vote to peer ${m.to ?? 0}, but ${holds}: the vote is not persisted yet. If the store lost `
          + `power right after this send, it would restart without that vote and could grant a second vote in term ${term}: two leaders in one term.`);
      }
      return;
    }
    if (type === eraftpb.MessageType.MsgRequestVote) {
      if (!(p.term > term || (p.term === term && p.vote === (m.from ?? 0)))) {
        this.fail(`${what}, asking for votes as candidate ${m.from ?? 0}, but ${holds}: its own vote for itself is not persisted yet. `
          + `If the store lost power right after this send, it would restart without that vote and could vote for another candidate in term ${term}.`);
      }
    }
  }

  /** The first leader seen in each term, by term. */
  leadersByTerm(): Map<number, LeaderSighting> {
    return new Map(this.leaders);
  }

  /** Every time a second peer was seen leading a term that already had a leader. */
  leaderConflicts(): readonly LeaderConflict[] {
    return this.conflicts;
  }

  /** "Two leaders in term T", one line per conflict (the first 5), or null if there was none. */
  describeLeaderConflicts(): string | null {
    if (this.conflicts.length === 0) return null;
    return this.conflicts.slice(0, 5).map((c) => `term ${c.term}: peer ${c.first.peerId} (store ${c.first.storeId}) sent ${c.first.what} `
      + `at t=${c.first.firstMs.toFixed(3)}ms, and peer ${c.second.peerId} (store ${c.second.storeId}) sent ${c.second.what} `
      + `at t=${c.second.firstMs.toFixed(3)}ms`).join('\n');
  }

  private sawLeader(storeId: number, peerId: number, term: number, what: string): void {
    const known = this.leaders.get(term);
    const sighting: LeaderSighting = { term, peerId, storeId, firstMs: this.now(), what };
    if (known === undefined) {
      this.leaders.set(term, sighting);
      return;
    }
    if (known.peerId !== peerId && !this.conflicts.some((c) => c.term === term && c.second.peerId === peerId)) {
      this.conflicts.push({ term, first: known, second: sighting });
    }
  }

  /**
   * The persisted state of the region on the store, read again only if the raft engine was
   * written since the last read and the last read's term is below `term`: a persisted term
   * only grows, so a term read earlier that is high enough still is (pass Infinity to force a
   * fresh read, for the votes).
   */
  private persisted(storeId: number, regionId: number, term: number): Persisted {
    const eng = this.enginesOf(storeId);
    const cached = this.cache.get(storeId);
    if (cached !== undefined && cached.regionId === regionId && cached.found && (cached.writes === eng.raft.writes || cached.term >= term)) return cached;
    const st = getRaftLocalState(eng.raft, regionId);
    const hs = st?.hardState;
    const p: Persisted = {
      writes: eng.raft.writes, regionId, found: st !== undefined, term: hs?.term ?? 0, vote: hs?.vote ?? 0, commit: hs?.commit ?? 0,
    };
    this.cache.set(storeId, p);
    return p;
  }

  private truncatedTerm(storeId: number, regionId: number): number {
    return getApplyState(this.enginesOf(storeId).kv, regionId)?.truncatedState?.term ?? 0;
  }

  private fail(message: string): void {
    this.violated = true;
    this.report(new Error(`persist before send: ${message}\n`
      + 'Raft must persist its term and vote before sending any message that depends on them. TinyKV\'s hint: in handleRaftReady, '
      + 'persist the Ready first (saveReadyState writes its entries and its HardState to the raft engine), then send its messages.'));
  }
}
