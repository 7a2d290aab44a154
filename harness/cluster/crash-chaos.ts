/**
 * Fault loops for our 2B tests (grader/suites/2b/ours.test.ts), on top of Cluster.armCrash:
 *
 * - `appendClient`: GenericTest's client: puts "<cli> <j>" = "x <cli> <j> y" or scans its keys
 *   and checks it reads every value it put, in order (GenericTest does each half of the time;
 *   the share of puts can be raised);
 * - `writeCrashChaos`: crashes a store *at an engine write* (one of its next few writes,
 *   before or after it, chosen from the seed) and restarts it 100-500 ms later: a power loss
 *   in the middle of a Ready, between two of its writes;
 * - `electionChurn`: crashes stores, the leader often, every ~300 ms (at most two down at a
 *   time), either between events or at the write that persists a new term or vote, and
 *   restarts each 200-600 ms later.
 *
 * Each loop runs until its `stop` flag is set and returns with every store it crashed running
 * again.
 */
import { nthMatch, nthWrite, onEngine } from '../sim/crash';
import { clientKey, clientValue, nextValue } from './appends';
import type { Cluster } from './cluster';
import { appliedIndexOfData, hardStateChange } from './crash-points';

/** Polls `cond` every `stepMs` of virtual time until it holds (true) or `timeoutMs` passed (false). */
export async function waitUntil(cluster: Cluster, cond: () => boolean, timeoutMs: number, stepMs = 5): Promise<boolean> {
  const end = cluster.sim.now() + timeoutMs;
  for (;;) {
    if (cond()) return true;
    if (cluster.sim.now() >= end) return false;
    await cluster.sim.sleep(stepMs);
  }
}

const decoder = new TextDecoder();

/** The values joined into one string (TinyKV: bytes.Join(values, "")). */
export function joinValues(values: Uint8Array[]): string {
  return values.map((v) => decoder.decode(v)).join('');
}

/** A stop flag shared with a loop. */
export interface StopFlag {
  stop: boolean;
}

/**
 * GenericTest's client `cli`: puts (with probability `putPerMille`/1000, GenericTest's 500 by
 * default) and scans until told to stop; returns how many puts it made.
 */
export async function appendClient(cluster: Cluster, cli: number, flag: StopFlag, putPerMille = 500): Promise<number> {
  const sim = cluster.sim;
  const c = cluster.client(cli);
  let j = 0;
  let last = '';
  while (!flag.stop) {
    if (sim.randomInt(0, 999) < putPerMille) {
      const value = clientValue(cli, j);
      await c.mustPut(clientKey(cli, j), value);
      last = nextValue(last, value);
      j++;
    } else {
      const v = joinValues(await c.scan(clientKey(cli, 0), clientKey(cli, j)));
      if (v !== last) {
        throw new Error(`get wrong value, client ${cli}: a scan of its ${j} keys should return every value it put, in order\n`
          + `want: ${last}\ngot:  ${v}`);
      }
    }
  }
  return j;
}

/** What a fault loop did. */
export interface ChaosStats {
  /** Crashes at an armed engine write. */
  writeCrashes: number;
  /** Crashes between events (stopServer). */
  plainCrashes: number;
  /** Arms that did not fire in time (disarmed). */
  missed: number;
}

/**
 * Crashes a random store (one that `busy` does not hold: several loops may share it) before
 * or after one of its next engine writes, all chosen from the seed: half of the time a
 * follower's 1st or 2nd write of an applied index past a Put or a Delete (the write that must
 * also carry their data), otherwise any store's 1st to 4th write counted over both engines,
 * the kv engine only or the raft engine only. Restarts the store 100-500 ms later, waits
 * 50-200 ms, and again, until stopped.
 */
export async function writeCrashChaos(cluster: Cluster, flag: StopFlag, busy: Set<number> = new Set()): Promise<ChaosStats> {
  const sim = cluster.sim;
  const stats: ChaosStats = { writeCrashes: 0, plainCrashes: 0, missed: 0 };
  while (!flag.stop) {
    const free = cluster.storeIds().filter((s) => !busy.has(s) && cluster.isRunning(s));
    if (free.length === 0) {
      await sim.sleep(50);
      continue;
    }
    const which = (['any', 'kv', 'raft', 'apply', 'apply', 'apply'] as const)[sim.randomInt(0, 5)];
    // A leader that loses an apply gets its clients' retries, which may write the same data
    // again; a follower does not: aim the apply crashes at followers when there are some.
    const leader = leaderStore(cluster);
    const followers = free.filter((s) => s !== leader);
    const pool = which === 'apply' && followers.length > 0 ? followers : free;
    const id = pool[sim.randomInt(0, pool.length - 1)];
    busy.add(id);
    const n = sim.randomInt(1, 4);
    const when = sim.randomInt(0, 1) === 0 ? 'before' : 'after';
    if (which === 'apply') {
      const k = Math.min(n, 2);
      const match = nthMatch(appliedIndexOfData(cluster.engines(id)), k);
      cluster.armCrash(id, { when, match, label: `its write #${k} from now of an applied index past a Put or Delete` });
    } else {
      const match = which === 'any' ? nthWrite(n) : onEngine(which, nthWrite(n));
      cluster.armCrash(id, { when, match, label: `its ${which === 'any' ? '' : `${which}-engine `}write #${n} from now` });
    }
    if (await waitUntil(cluster, () => !cluster.isRunning(id), 1000, 2)) {
      stats.writeCrashes++;
      await sim.sleep(sim.randomInt(100, 500));
      cluster.startServer(id);
    } else {
      cluster.disarmCrash(id);
      stats.missed++;
    }
    busy.delete(id);
    await sim.sleep(sim.randomInt(50, 200));
  }
  return stats;
}

/** The store of the leader the scheduler knows for region 1, or null. */
function leaderStore(cluster: Cluster): number | null {
  return cluster.scheduler.getRegionById(1)?.leader?.storeId ?? null;
}

/**
 * Every ~300 ms: two times out of three, the leader the scheduler knows (if it is up and at
 * most one store is down) crashes at once, between events, which starts an election;
 * otherwise, if fewer than two stores are down or armed, a random store that is up either
 * crashes at once (a third of the time) or is armed to crash at its next write that persists a
 * new term or vote (before or after it, from the seed), which comes with the next election. A
 * crashed store comes back 200-600 ms later; an arm that did not fire within 3 s is disarmed.
 * Returns once stopped with every store up.
 */
export async function electionChurn(cluster: Cluster, flag: StopFlag): Promise<ChaosStats> {
  const sim = cluster.sim;
  const stats: ChaosStats = { writeCrashes: 0, plainCrashes: 0, missed: 0 };
  const pending: Promise<void>[] = [];
  const busy = new Set<number>();
  const bringBack = async (id: number): Promise<void> => {
    await sim.sleep(sim.randomInt(200, 600));
    cluster.startServer(id);
  };
  const crashNow = async (id: number): Promise<void> => {
    cluster.stopServer(id);
    stats.plainCrashes++;
    await bringBack(id);
    busy.delete(id);
  };
  const crashAtElection = async (id: number): Promise<void> => {
    const when = sim.randomInt(0, 1) === 0 ? 'before' : 'after';
    cluster.armCrash(id, { when, match: hardStateChange(cluster.engines(id)), label: 'its next write of a new term or vote' });
    if (await waitUntil(cluster, () => !cluster.isRunning(id), 3000, 2)) {
      stats.writeCrashes++;
      await bringBack(id);
    } else {
      cluster.disarmCrash(id);
      stats.missed++;
    }
    busy.delete(id);
  };
  while (!flag.stop) {
    await sim.sleep(sim.randomInt(250, 350));
    if (flag.stop) break;
    const up = cluster.storeIds().filter((id) => !busy.has(id) && cluster.isRunning(id));
    const down = cluster.storeIds().filter((id) => !cluster.isRunning(id)).length;
    const leader = leaderStore(cluster);
    let id: number;
    if (leader !== null && up.includes(leader) && down <= 1 && sim.randomInt(0, 2) > 0) {
      id = leader;
    } else if (busy.size < 2 && up.length > 0) {
      id = up[sim.randomInt(0, up.length - 1)];
    } else {
      continue;
    }
    busy.add(id);
    const plain = id === leader || sim.randomInt(0, 2) === 0;
    pending.push(cluster.spawn(`crash and restart store ${id}`, () => (plain ? crashNow(id) : crashAtElection(id))));
  }
  await Promise.all(pending);
  return stats;
}
