/**
 * Project 2B, the KV server: our tests (origin 'ours') for bugs that TinyKV's suite lets
 * through. They run on the simulator like TinyKV's (seed, replay command and trace on
 * failure; every client history is checked for linearizability), and use three hooks of the
 * bench:
 *
 * - crash injection between engine writes (Cluster.armCrash, harness/sim/crash.ts): a store
 *   loses power in the middle of a Ready, before or after one of its writes;
 * - "persist before send" (harness/cluster/persist-check.ts), checked on every message in
 *   every KV test: a store's persisted term and vote must already back each message it sends;
 * - the state-machine replay check (harness/cluster/replay-check.ts): each store's kv data
 *   must be what replaying its raft log up to its applied index gives;
 * - reading a crashed store's raft engine directly (harness/cluster/raft-log-check.ts), and
 *   watching a store's engine writes as they happen (harness/cluster/write-watch.ts).
 */
import { raft_cmdpb } from '@target/proto/codec';
import { CfDefault } from '@target/kv/engine/cf';
import { getApplyState } from '@target/kv/meta/states';
import { PartitionFilter } from '../../../harness/sim/filters';
import { partitionByPrefix } from '../../../harness/check/kv-model';
import { checkClntAppends, clientKey } from '../../../harness/cluster/appends';
import { CALL_TIMEOUT_MS, describeError, latin1 } from '../../../harness/cluster/client';
import type { Cluster } from '../../../harness/cluster/cluster';
import { appendClient, electionChurn, joinValues, waitUntil, writeCrashChaos } from '../../../harness/cluster/crash-chaos';
import { EntriesWrite, entriesWithoutHardStateChange } from '../../../harness/cluster/crash-points';
import { isolateLeader, proposeAtOldLeader, waitNewLeaderCommitted } from '../../../harness/cluster/old-leader';
import { describeLogStateMismatch, showIndexes } from '../../../harness/cluster/raft-log-check';
import { checkReplayAll } from '../../../harness/cluster/replay-check';
import { KV_TEST_TIMEOUT_MS, runKvTest } from '../../../harness/cluster/run';
import { watchStoreWrites } from '../../../harness/cluster/write-watch';

/** Waits until the scheduler knows the leader of region 1 (before any fault: the clients need the region). */
async function mustHaveLeader(cluster: Cluster): Promise<void> {
  if (await cluster.main.leaderOfRegion(1) === null) {
    throw new Error('expected a leader of region 1 within 5 s of the start, but the scheduler knows none (does the leader send region heartbeats?)');
  }
}

/** Replay check on every store (see replay-check.ts). */
function replayAll(cluster: Cluster, when: string): void {
  checkReplayAll(cluster.storeIds(), (id) => cluster.engines(id), when);
}

/** TinyKV's check of every client's appends: a scan of client i's counts[i] keys holds each of its values once, in order. */
async function checkEveryClientsAppends(cluster: Cluster, counts: readonly number[], when: string): Promise<void> {
  for (let cli = 0; cli < counts.length; cli++) {
    const j = counts[cli];
    const v = joinValues(await cluster.client(cli).scan(clientKey(cli, 0), clientKey(cli, j)));
    const problem = checkClntAppends(cli, v, j);
    if (problem !== null) throw new Error(`${when}: ${problem}`);
  }
}

// A leader cut off with one follower keeps thinking it leads (TinyKV's raft has no check
// quorum), while the other three elect a new leader and overwrite k. A Get sent straight to
// the old leader must not answer the old value: a read served from a minority is stale.
test('TestNoStaleReadFromMinority2B', () => runKvTest('TestNoStaleReadFromMinority2B', { count: 5 }, async (cluster) => {
  await cluster.mustPut('k', 'v1');
  const region = await cluster.main.getRegion(new Uint8Array(0));
  const leader = await cluster.main.leaderOfRegion(region.id);
  if (leader === null) throw new Error(`expected a leader of region ${region.id} within 5 s, but the scheduler knows none`);
  const others = region.peers.filter((p) => p.storeId !== leader.storeId).map((p) => p.storeId);
  const minority = [leader.storeId, others[0]];
  const majority = others.slice(1);
  // Let the old leader's followers apply k=v1 first.
  for (const id of cluster.storeIds()) await cluster.mustGetEqual(cluster.engines(id), 'k', 'v1');

  cluster.sim.trace.record({
    topic: 'fault', kind: 'partition', message: `old leader ${leader.storeId} in the minority [${minority.join(',')}] | [${majority.join(',')}]`,
  });
  cluster.addFilter(new PartitionFilter(minority, majority));
  await cluster.mustPut('k', 'v2');

  const req: raft_cmdpb.IRaftCmdRequest = {
    header: { regionId: region.id, regionEpoch: { ...region.regionEpoch }, peer: { ...leader } },
    requests: [{ cmdType: raft_cmdpb.CmdType.Get, get: { cf: CfDefault, key: new TextEncoder().encode('k') } }],
  };
  const r = await cluster.callCommand(req, 2000);
  r?.snap?.release();
  const err = r?.resp.header?.error;
  const value = r?.resp.responses?.[0]?.get?.value;
  if (r !== null && err == null && value != null && latin1(value) === 'v1') {
    throw new Error(`store ${leader.storeId}, the old leader cut off in a minority [${minority.join(',')}], answered Get("k") with `
      + `the stale value "v1", after the majority [${majority.join(',')}] had committed k = "v2": a read served by a leader that `
      + 'is not (or no longer) backed by a majority is stale. Reads must go through raft like writes (TinyKV\'s hint: put Get in '
      + 'the raft log, answer it when it is applied), or use Raft §8\'s read-only protocol (confirm leadership with a round of '
      + 'heartbeats to a majority before answering).');
  }
  const answer = r === null ? 'no answer in 2 s' : err != null ? describeError(err) : `value ${JSON.stringify(value == null ? '' : latin1(value))}`;
  cluster.sim.trace.record({ topic: 'client', kind: 'return', message: `direct Get at the old leader: ${answer}` });
  cluster.clearFilters();
  await cluster.mustGet('k', 'v2');
}), KV_TEST_TIMEOUT_MS);

// Five stores, three clients appending as in GenericTest, and up to two stores at a time losing
// power at one of their next few engine writes, before or after it: in the middle of a Ready,
// between persisting and applying, between two writes of one apply. Every acknowledged append
// must survive, once, in order; each store's data must be what its log says.
test('TestCrashBetweenWritesLosesNothing2B', () => runKvTest('TestCrashBetweenWritesLosesNothing2B',
  { count: 5, partitionBy: partitionByPrefix(' ') }, async (cluster) => {
    const sim = cluster.sim;
    const nclients = 3;
    const rounds = 3;
    await sim.sleep(2 * cluster.electionTimeoutMs);
    await mustHaveLeader(cluster);
    let crashes = 0;
    for (let round = 0; round < rounds; round++) {
      sim.trace.record({ topic: 'sim', kind: 'round', message: `round ${round}: ${nclients} clients and crashes at engine writes` });
      const clientsFlag = { stop: false };
      const chaosFlag = { stop: false };
      // Three puts for one scan: more applies that write data, the writes a crash can split.
      const clients = Array.from({ length: nclients }, (_, cli) => cluster.spawn(`client ${cli}`, () => appendClient(cluster, cli, clientsFlag, 750)));
      await sim.sleep(200);
      // Two crash loops: at most two of the five stores are down at a time.
      const busy = new Set<number>();
      const chaos = [0, 1].map((k) => cluster.spawn(`write-crash chaos ${k}`, () => writeCrashChaos(cluster, chaosFlag, busy)));
      await sim.sleep(2500);
      chaosFlag.stop = true;
      const stats = await Promise.all(chaos);
      const fired = stats.reduce((a, st) => a + st.writeCrashes, 0);
      crashes += fired;
      sim.trace.record({ topic: 'sim', kind: 'round', message: `round ${round}: ${fired} crashes at engine writes, `
        + `${stats.reduce((a, st) => a + st.missed, 0)} arms missed` });
      clientsFlag.stop = true;
      const counts = await Promise.all(clients);
      await sim.sleep(cluster.electionTimeoutMs);

      await checkEveryClientsAppends(cluster, counts, `after round ${round} (stores crashed at engine writes)`);
      // Before the deletes: a put lost on one store would be hidden by deleting its key.
      replayAll(cluster, `after round ${round}`);
      for (let cli = 0; cli < nclients; cli++) {
        for (let k = 0; k < counts[cli]; k++) await cluster.client(cli).mustDelete(clientKey(cli, k));
      }
    }
    await sim.sleep(cluster.electionTimeoutMs);
    replayAll(cluster, 'at the end');
    if (crashes < 6) {
      throw new Error(`expected the chaos loop to crash stores at engine writes at least 6 times, but only ${crashes} crashes fired `
        + '(do the stores write to their engines at all?)');
    }
  }), KV_TEST_TIMEOUT_MS);

// Stores keep crashing every ~300 ms while a client writes: the leader (two times out of
// three) between events, which starts an election, the others often at the very write that
// persists their new term or vote in that election, before or after it. The persist-before-send
// check (on in every KV test) fails the test at the first message a store sends before its
// raft engine holds the term or vote behind it. At the end, no term may have had two leaders:
// leaders are read off the wire (only a leader sends MsgAppend, MsgHeartbeat, MsgSnapshot and
// MsgTimeoutNow, each with its term), so this holds whatever the store traces.
test('TestHardStatePersistedBeforeSend2B', () => runKvTest('TestHardStatePersistedBeforeSend2B', { count: 5 }, async (cluster) => {
  const sim = cluster.sim;
  const check = cluster.persistCheck;
  if (check === null) throw new Error('this test needs the persist-before-send check of the cluster');
  await sim.sleep(2 * cluster.electionTimeoutMs);
  await mustHaveLeader(cluster);
  const acked: [string, string][] = [];
  const clientFlag = { stop: false };
  const client = cluster.spawn('client', async () => {
    const c = cluster.client(0);
    for (let j = 0; !clientFlag.stop; j++) {
      const key = `k${String(j).padStart(5, '0')}`;
      try {
        await c.mustPut(key, `v${j}`);
        acked.push([key, `v${j}`]);
      } catch (e) {
        // Under this much churn a put may time out; it is recorded as of unknown outcome.
        if (!(e instanceof Error && e.message.startsWith('request timeout'))) throw e;
      }
    }
  });
  const churnFlag = { stop: false };
  const churn = cluster.spawn('election churn', () => electionChurn(cluster, churnFlag));
  await sim.sleep(5000);
  churnFlag.stop = true;
  const stats = await churn;
  clientFlag.stop = true;
  await client;
  await sim.sleep(cluster.electionTimeoutMs);

  for (const [key, value] of acked) await cluster.mustGet(key, value);
  const conflicts = check.describeLeaderConflicts();
  if (conflicts !== null) {
    throw new Error(`two leaders were elected in the same term (Raft's Election Safety), seen on the wire:\n${conflicts}\n`
      + 'A node that forgets its vote (or its term) across a crash can vote twice in one term: persist the HardState before '
      + 'sending the messages of a Ready, and restart from it.');
  }
  const terms = check.leadersByTerm().size;
  sim.trace.record({ topic: 'sim', kind: 'check', message: `${terms} terms with a leader; ${stats.writeCrashes} crashes at hard-state writes, `
    + `${stats.plainCrashes} between events; ${check.checked} messages checked; ${acked.length} puts acknowledged` });
  if (stats.writeCrashes + stats.plainCrashes < 6 || terms < 3) {
    throw new Error(`expected the churn to crash stores at least 6 times and the cluster to elect leaders in at least 3 terms, `
      + `but there were ${stats.writeCrashes + stats.plainCrashes} crashes and ${terms} terms with a leader`);
  }
  if (acked.length === 0) throw new Error('expected some puts to succeed between crashes, but none did');
}), KV_TEST_TIMEOUT_MS);

// Stores lose power right after a raft write that appends log entries without changing the hard
// state (a leader's new proposals, a follower's entries whose commit index has not moved yet),
// while two clients append. Each time, while the store is down, its raft engine is read
// directly: the RaftLocalState it will restart from must name the last entry it wrote (index
// and term), with no entry past it. A store that writes RaftLocalState only when the hard state
// changes restarts with a log shorter than what it wrote and acknowledged.
test('TestLastIndexPersistedWithEntries2B', () => runKvTest('TestLastIndexPersistedWithEntries2B',
  { count: 5, partitionBy: partitionByPrefix(' ') }, async (cluster) => {
    const sim = cluster.sim;
    const nclients = 2;
    await sim.sleep(2 * cluster.electionTimeoutMs);
    await mustHaveLeader(cluster);
    const clientsFlag = { stop: false };
    const clients = Array.from({ length: nclients }, (_, cli) => cluster.spawn(`client ${cli}`, () => appendClient(cluster, cli, clientsFlag, 750)));
    let crashes = 0;
    for (let round = 0; round < 8; round++) {
      await sim.sleep(sim.randomInt(100, 300));
      const up = cluster.storeIds().filter((s) => cluster.isRunning(s));
      const id = up[sim.randomInt(0, up.length - 1)];
      const seen: { write: EntriesWrite | null } = { write: null };
      cluster.armCrash(id, {
        when: 'after',
        match: entriesWithoutHardStateChange(cluster.engines(id), 1, (w) => { seen.write = w; }),
        label: 'its next raft write of log entries that leaves the hard state as it was',
      });
      if (!await waitUntil(cluster, () => !cluster.isRunning(id), 1000, 2)) {
        cluster.disarmCrash(id);
        continue;
      }
      crashes++;
      const problem = describeLogStateMismatch(cluster.engines(id), id);
      if (problem !== null) {
        throw new Error(`store ${id} lost power right after a raft write that appended entries ${showIndexes(seen.write?.indexes ?? [])} `
          + `without changing its hard state; read while it is down: ${problem}`);
      }
      await sim.sleep(sim.randomInt(100, 300));
      cluster.startServer(id);
    }
    clientsFlag.stop = true;
    const counts = await Promise.all(clients);
    await sim.sleep(cluster.electionTimeoutMs);
    await checkEveryClientsAppends(cluster, counts, 'after stores crashed right after appending entries');
    replayAll(cluster, 'at the end');
    if (crashes < 5) {
      throw new Error(`expected at least 5 crashes right after a raft write of entries without a new hard state, but only ${crashes} `
        + 'fired (does the store write its Ready\'s entries to the raft engine?)');
    }
  }), KV_TEST_TIMEOUT_MS);

/** How long after applying the entry at a proposal's index the store may take to answer it (virtual ms). */
const STALE_ANSWER_MS = 200;

// A leader cut off alone keeps taking proposals (TinyKV's raft has no check quorum) while the
// others elect a new leader, whose entries take the same indexes. Once the network heals, the
// old leader applies the new leader's entries; each one it applies at the index of one of its
// own proposals, with another term, means that proposal can never succeed: the store must answer
// it at once (StaleCommand, or NotLeader), within 200 ms, not leave the client waiting for its
// timeout (1 s per call, 5 s per request).
test('TestOvertakenProposalsGetStaleCommand2B', () => runKvTest('TestOvertakenProposalsGetStaleCommand2B', { count: 5 }, async (cluster) => {
  const sim = cluster.sim;
  const iso = await isolateLeader(cluster, 'marker', 'before the partition');
  const old = iso.leader.storeId;
  const proposals = await proposeAtOldLeader(cluster, iso, ['overtaken 1', 'overtaken 2', 'overtaken 3'], 20_000);
  await waitNewLeaderCommitted(cluster, iso, 5000);
  // The moment the old leader applies each proposal's index: at the very kv write.
  const appliedAt = new Map<number, number>();
  const stopWatch = watchStoreWrites(cluster, old, (_batch, engine) => {
    if (engine !== 'kv') return;
    const applied = getApplyState(cluster.engines(old).kv, iso.region.id)?.appliedIndex ?? 0;
    for (const p of proposals) if (p.index <= applied && !appliedAt.has(p.index)) appliedAt.set(p.index, sim.now());
  });
  sim.trace.record({ topic: 'fault', kind: 'heal', message: `old leader ${old} reconnected; its proposals: `
    + proposals.map((p) => `${JSON.stringify(p.key)} at ${p.index} (term ${p.term})`).join(', ') });
  cluster.clearFilters();
  for (let i = 0; i < proposals.length; i++) await cluster.mustPut(`after ${i}`, `v${i}`);
  const last = Math.max(...proposals.map((p) => p.index));
  if (!await waitUntil(cluster, () => proposals.every((p) => appliedAt.has(p.index)), 5000)) {
    const applied = getApplyState(cluster.engines(old).kv, iso.region.id)?.appliedIndex ?? 0;
    throw new Error(`expected store ${old}, the old leader, to apply the new leader's entries up to index ${last} within 5 s of the `
      + `network healing (the new leader committed them), but its applied index is ${applied}`);
  }
  const lastApplied = Math.max(...appliedAt.values());
  await waitUntil(cluster, () => proposals.every((p) => p.result !== null), Math.max(0, lastApplied + STALE_ANSWER_MS - sim.now()));
  stopWatch();
  for (const p of proposals) {
    const at = appliedAt.get(p.index) ?? 0;
    const what = `the Put of ${JSON.stringify(p.key)} that store ${old} proposed at index ${p.index} in term ${p.term}, while cut off`;
    if (p.result === null || p.answeredAt === null || p.answeredAt > at + STALE_ANSWER_MS) {
      const late = p.answeredAt === null ? `got no answer within ${STALE_ANSWER_MS} ms` : `was answered only ${(p.answeredAt - at).toFixed(0)} ms later`;
      throw new Error(`store ${old} applied the new leader's entry at index ${p.index} (of a newer term) at t=${at.toFixed(1)} ms, but ${what}, `
        + `${late}: its client waits for its timeout (${CALL_TIMEOUT_MS} ms per call, more per request) for a command that can never `
        + 'succeed. When the entry applied at a proposal\'s index has another term (or a later entry is applied), answer the '
        + 'proposal\'s callback at once with ErrStaleCommand, then forget it.');
    }
    const err = p.result.resp.header?.error;
    p.result.snap?.release();
    if (err == null) {
      throw new Error(`store ${old} answered ${what} with success, but the entry at index ${p.index} is the new leader's, of another `
        + 'term: that Put was never committed. Answer a proposal with its response only when the entry applied at its index has '
        + 'its term; otherwise with ErrStaleCommand.');
    }
    if (err.staleCommand == null && err.notLeader == null) {
      throw new Error(`store ${old} answered ${what} with ${describeError(err)}; expected StaleCommand (its entry was overtaken by `
        + 'another leader\'s) or NotLeader');
    }
  }
  sim.trace.record({ topic: 'sim', kind: 'check', message: proposals.map((p) => `${JSON.stringify(p.key)} at ${p.index}: applied at `
    + `t=${(appliedAt.get(p.index) ?? 0).toFixed(1)}, answered at t=${(p.answeredAt ?? 0).toFixed(1)} with `
    + `${describeError(p.result?.resp.header?.error ?? {})}`).join('; ') });
  await cluster.mustGet('marker', 'before the partition');
}), KV_TEST_TIMEOUT_MS);
