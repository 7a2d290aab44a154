/**
 * State samples for the trace: after a store ran (a timer, a delivery), the bench reads the
 * raft state of each of its peers (term, vote, leader, role, commit, applied, last index and,
 * on a leader, every member's match and next) and records a "state" event, but only when it
 * differs from the last one recorded for that peer: a KV trace grows by a fraction, not twice.
 *
 * The store does not help: the bench reaches its peers through the RaftStore object the
 * cluster holds (its router's peers, each with its RawNode) and reads the fields that
 * RawNode.status() reports (Raft's term, vote, lead, state, prs and its RaftLog's committed
 * and applied: fields outside the lab's regions), without allocating anything unless the state
 * changed: this runs after every piece of store code. A tree that lacks them gets no samples;
 * one whose lastIndex() throws (`not implemented`) gets samples without the last index; the
 * run itself is never affected. Reading the state draws no random numbers and takes no
 * virtual time.
 */
import type { RaftStore } from '@target/kv/raftstore/store';
import type { Peer } from '@target/kv/raftstore/peer';
import type { Simulator } from '../sim/simulator';
import type { StateData } from '../sim/trace-data';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ROLES = ['follower', 'candidate', 'leader'];

/** The fields read, as a tree has them (checked at run time: a student's tree may differ). */
interface RaftFieldsRead {
  term: number;
  vote: number;
  lead: number;
  state: number;
  raftLog: { committed: number; applied: number; lastIndex(): number };
  prs: Map<number, { match: number; next: number }>;
}

/** The last state recorded for one peer: its numbers, and [id, match, next, ...] when leader. */
interface Last {
  readonly nums: number[];
  readonly progress: number[];
}

/** The peers of a store by region, if its object has them where the tree keeps them. */
function peersOf(store: RaftStore): Map<number, Peer> | null {
  const router = (store as unknown as { router?: { peers?: unknown } }).router;
  const peers = router?.peers;
  return peers instanceof Map ? (peers as Map<number, Peer>) : null;
}

/** The raft node of a peer, if it has the fields read. */
function raftOf(peer: Peer): RaftFieldsRead | null {
  const r = (peer as unknown as { raftGroup?: { raft?: Partial<RaftFieldsRead> } }).raftGroup?.raft;
  if (r === undefined || typeof r.term !== 'number' || typeof r.state !== 'number' || !(r.prs instanceof Map)) return null;
  if (typeof r.raftLog?.committed !== 'number' || typeof r.raftLog.applied !== 'number') return null;
  return r as RaftFieldsRead;
}

/** Samples the peers of one life of one store; see the file comment. */
export class StoreStateSampler {
  private readonly last = new Map<number, Last>();
  /** Off once the tree showed it cannot be sampled. */
  private on = true;
  /** Off once lastIndex() threw: samples go on without `last` (-1 below). */
  private lastIndexOn = true;

  constructor(private readonly sim: Simulator, private readonly storeId: number, private readonly store: RaftStore) {}

  /** Records a state event for every peer whose state changed since its last one. */
  sample(): void {
    if (!this.on) return;
    const peers = peersOf(this.store);
    if (peers === null) {
      this.on = false;
      return;
    }
    for (const [regionId, peer] of peers) {
      const r = raftOf(peer);
      if (r === null) {
        this.on = false;
        return;
      }
      const last = this.lastIndex(r);
      const before = this.last.get(regionId);
      if (before !== undefined && this.same(before, r, last)) continue;
      const progress: number[] = [];
      if (r.state === 2) for (const [id, p] of r.prs) progress.push(id, p.match, p.next);
      this.last.set(regionId, { nums: [r.term, r.vote, r.lead, r.state, r.raftLog.committed, r.raftLog.applied, last], progress });
      this.sim.trace.record({ store: this.storeId, topic: 'state', kind: '', data: stateData(regionId, r, last, progress) });
    }
  }

  private lastIndex(r: RaftFieldsRead): number {
    if (!this.lastIndexOn) return -1;
    try {
      return r.raftLog.lastIndex();
    } catch {
      this.lastIndexOn = false;
      return -1;
    }
  }

  /** True if the peer's state is still the one recorded last. */
  private same(before: Last, r: RaftFieldsRead, last: number): boolean {
    const n = before.nums;
    if (n[0] !== r.term || n[1] !== r.vote || n[2] !== r.lead || n[3] !== r.state || n[4] !== r.raftLog.committed
      || n[5] !== r.raftLog.applied || n[6] !== last) return false;
    if (r.state !== 2) return before.progress.length === 0;
    const p = before.progress;
    if (p.length !== r.prs.size * 3) return false;
    let i = 0;
    for (const [id, pr] of r.prs) {
      if (p[i] !== id || p[i + 1] !== pr.match || p[i + 2] !== pr.next) return false;
      i += 3;
    }
    return true;
  }
}

/** The state event's data; members in id order. */
function stateData(region: number, r: RaftFieldsRead, last: number, progress: readonly number[]): StateData {
  const s: Mutable<StateData> = {
    type: 'state', region, role: ROLES[r.state] ?? String(r.state), term: r.term, vote: r.vote, lead: r.lead,
    commit: r.raftLog.committed, applied: r.raftLog.applied,
  };
  if (last >= 0) s.last = last;
  if (progress.length > 0) {
    const members: [number, number, number][] = [];
    for (let i = 0; i + 2 < progress.length; i += 3) members.push([progress[i], progress[i + 1], progress[i + 2]]);
    s.progress = members.sort((a, b) => a[0] - b[0]);
  }
  return s;
}
