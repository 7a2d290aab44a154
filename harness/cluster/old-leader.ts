/**
 * An old leader cut off alone, for our tests of what happens to its log and its proposals.
 * TinyKV's raft has no check quorum: a leader cut off from every other store keeps leading in
 * its term and keeps appending the proposals it gets, but commits none of them; the others
 * elect a new leader, whose entries take the same indexes. When the network heals, the old
 * leader hears the higher term, becomes a follower, and the new leader's log replaces the tail
 * of its own: the entries at its proposals' indexes are of another term.
 *
 * - `isolateLeader`: writes a marker, waits until every store applied it, cuts the leader off;
 * - `proposeAtOldLeader`: sends it Put commands directly (not through the client loop, which
 *   would retry) and finds the index and term raft gave each; their answers are recorded;
 * - `putThroughStores`: a put that only ever asks the given stores (the majority), following
 *   NotLeader hints: the scheduler hears region heartbeats from both leaders while the old
 *   one is cut off, so TinyKV's client would keep calling the old leader and waiting;
 * - `waitNewLeaderCommitted`: waits until the others committed an entry of a newer term past
 *   the old leader's log, so that the old leader can no longer win an election.
 */
import { eraftpb, raft_cmdpb } from '@target/proto/codec';
import { CfDefault } from '@target/kv/engine/cf';
import { raftLogKey } from '@target/kv/meta/keys';
import { getApplyState, getRaftLocalState } from '@target/kv/meta/states';
import { PartitionFilter } from '../sim/filters';
import type { CmdResult, Cluster } from './cluster';
import { describeError, toBytes } from './client';
import { waitUntil } from './crash-chaos';
import { PeerInfo, RegionInfo, showBytes } from './meta';

/** The leader cut off by `isolateLeader`. */
export interface IsolatedLeader {
  /** The old leader's peer. */
  leader: PeerInfo;
  /** The region (1) as the scheduler knew it when the leader was cut off. */
  region: RegionInfo;
  /** The other stores: the majority. */
  others: number[];
  /** The old leader's persisted term when it was cut off. */
  term: number;
  /** The last index of the old leader's persisted log when it was cut off (every store applied up to here). */
  lastIndex: number;
}

/**
 * Puts `key` = `value`, waits until every store applied it (so the others hold everything the
 * leader holds), then cuts the leader off from every other store.
 */
export async function isolateLeader(cluster: Cluster, key: string, value: string): Promise<IsolatedLeader> {
  await cluster.mustPut(key, value);
  for (const id of cluster.storeIds()) await cluster.mustGetEqual(cluster.engines(id), key, value);
  const region = await cluster.main.getRegion(new Uint8Array(0));
  const leader = await cluster.main.leaderOfRegion(region.id);
  if (leader === null) throw new Error(`expected a leader of region ${region.id} within 5 s, but the scheduler knows none`);
  const others = cluster.storeIds().filter((id) => id !== leader.storeId);
  const st = getRaftLocalState(cluster.engines(leader.storeId).raft, region.id);
  cluster.sim.trace.record({ topic: 'fault', kind: 'partition', message: `leader ${leader.storeId} cut off alone from [${others.join(',')}]` });
  cluster.addFilter(new PartitionFilter([leader.storeId], others));
  return { leader, region, others, term: st?.hardState?.term ?? 0, lastIndex: st?.lastIndex ?? 0 };
}

/** A Put command for the region, addressed to `peer`. */
export function putCommand(region: RegionInfo, peer: PeerInfo, key: string, value: string): raft_cmdpb.IRaftCmdRequest {
  return {
    header: { regionId: region.id, regionEpoch: { ...region.regionEpoch }, peer: { ...peer } },
    requests: [{ cmdType: raft_cmdpb.CmdType.Put, put: { cf: CfDefault, key: toBytes(key), value: toBytes(value) } }],
  };
}

/** A command proposed at the old leader, and its answer once it came. */
export interface OldProposal {
  /** The key it puts (the value is "stale <key>"). */
  key: string;
  /** The index and term raft gave its entry in the old leader's log. */
  index: number;
  term: number;
  /** The answer (null: the call timed out), once it came. */
  result: CmdResult | null;
  /** Virtual time of the answer, or null while none came. */
  answeredAt: number | null;
}

/** The keys of the Puts in the old leader's persisted log past `from`, by index. */
function proposedKeys(cluster: Cluster, iso: IsolatedLeader, from: number): Map<string, { index: number; term: number }> {
  const raft = cluster.engines(iso.leader.storeId).raft;
  const out = new Map<string, { index: number; term: number }>();
  for (let i = from + 1; ; i++) {
    const raw = raft.get(raftLogKey(iso.region.id, i));
    if (raw === undefined) return out;
    const e = eraftpb.Entry.decode(raw);
    if ((e.data?.length ?? 0) === 0) continue;
    try {
      const req = raft_cmdpb.RaftCmdRequest.decode(e.data);
      for (const r of req.requests ?? []) {
        if (r.cmdType === raft_cmdpb.CmdType.Put && r.put?.key != null) out.set(new TextDecoder().decode(r.put.key), { index: i, term: e.term });
      }
    } catch {
      // Not a command of ours.
    }
  }
}

/**
 * Sends a Put of each key (value "stale <key>") straight to the old leader, waiting up to
 * `timeoutMs` for each answer, and waits (up to 1 s) until its raft engine holds their
 * entries; returns them with their index and term. The answers fill in as they come.
 */
export async function proposeAtOldLeader(cluster: Cluster, iso: IsolatedLeader, keys: string[], timeoutMs: number): Promise<OldProposal[]> {
  const sim = cluster.sim;
  const proposals: OldProposal[] = keys.map((key) => ({ key, index: 0, term: 0, result: null, answeredAt: null }));
  for (const p of proposals) {
    void cluster.callCommand(putCommand(iso.region, iso.leader, p.key, `stale ${p.key}`), timeoutMs).then((r) => {
      p.result = r;
      p.answeredAt = r === null ? null : sim.now();
    });
  }
  let found = new Map<string, { index: number; term: number }>();
  const logged = await waitUntil(cluster, () => {
    found = proposedKeys(cluster, iso, iso.lastIndex);
    return keys.every((k) => found.has(k));
  }, 1000);
  if (!logged) {
    const early = proposals.find((p) => p.result !== null);
    const why = early?.result?.resp.header?.error != null ? ` (it answered ${showBytes(toBytes(early.key))} with ${describeError(early.result.resp.header.error)})` : '';
    throw new Error(`expected store ${iso.leader.storeId}, the leader cut off alone, to append the ${keys.length} Puts sent to it within 1 s `
      + `(it still leads its term: TinyKV's raft has no check quorum), but its raft engine holds ${found.size} of them${why}`);
  }
  for (const p of proposals) Object.assign(p, found.get(p.key));
  return proposals;
}

/** The client id under which `putThroughStores` records its puts in the cluster's history. */
export const MAJORITY_CLIENT = -2;

/**
 * Puts `key` = `value` by asking only `stores`, starting with the first of them and following
 * NotLeader hints among them; each call waits up to 1 s. Recorded in the cluster's history
 * (client MAJORITY_CLIENT) for the linearizability check. Returns the store that took it;
 * throws if none did within `timeoutMs`.
 */
export async function putThroughStores(cluster: Cluster, region: RegionInfo, stores: number[], key: string, value: string, timeoutMs = 5000): Promise<number> {
  const sim = cluster.sim;
  const end = sim.now() + timeoutMs;
  const token = cluster.history.begin(MAJORITY_CLIENT, { op: 'put', key, value }, sim.now());
  let at = 0;
  let next = stores[0];
  let last = 'no answer';
  while (sim.now() < end) {
    const r = await cluster.callCommand(putCommand(region, { id: next, storeId: next }, key, value), 1000);
    const err = r?.resp.header?.error;
    r?.snap?.release();
    if (r !== null && err == null) {
      cluster.history.end(token, {}, sim.now());
      return next;
    }
    last = r === null ? `no answer from store ${next}` : `store ${next}: ${describeError(err ?? {})}`;
    const hint = err?.notLeader?.leader?.storeId ?? 0;
    if (hint !== 0 && stores.includes(hint) && hint !== next) {
      next = hint;
    } else {
      at = (at + 1) % stores.length;
      next = stores[at];
      await sim.sleep(50);
    }
  }
  cluster.history.unknown(token);
  throw new Error(`expected stores [${stores.join(',')}] (a majority) to take a Put of ${showBytes(toBytes(key))} within ${timeoutMs} ms, `
    + `but none did; last: ${last}`);
}

/**
 * Waits up to `timeoutMs` until one of the other stores applied an entry past the old leader's
 * log of when it was cut off: a new leader was elected and committed its first entry, so the
 * old leader (whose last term is older) cannot win an election any more.
 */
export async function waitNewLeaderCommitted(cluster: Cluster, iso: IsolatedLeader, timeoutMs: number): Promise<void> {
  const applied = (id: number): number => getApplyState(cluster.engines(id).kv, iso.region.id)?.appliedIndex ?? 0;
  if (!await waitUntil(cluster, () => iso.others.some((id) => applied(id) > iso.lastIndex), timeoutMs, 10)) {
    throw new Error(`expected stores [${iso.others.join(',')}] (a majority) to elect a leader and commit an entry past index `
      + `${iso.lastIndex} within ${timeoutMs} ms of the old leader ${iso.leader.storeId} being cut off, but their applied indexes are `
      + `${iso.others.map((id) => applied(id)).join(', ')}`);
  }
}
