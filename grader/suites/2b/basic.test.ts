/**
 * Project 2B, the KV server (1 of 3): TinyKV's kv/test_raftstore/test_test.go, on the
 * simulator. A GenericTest (harness/cluster/generic-test.ts) runs clients against 5 stores
 * for 3 rounds of 5 s of virtual time; each test also checks that the clients' history is
 * linearizable. A failure prints the seed, the replay command and the trace file.
 */
import { PartitionFilter } from '../../../harness/sim/filters';
import { runGenericTest } from '../../../harness/cluster/generic-test';
import { KV_TEST_TIMEOUT_MS, runKvTest } from '../../../harness/cluster/run';

test('TestBasic2B', () => runGenericTest('TestBasic2B'), KV_TEST_TIMEOUT_MS);

test('TestConcurrent2B', () => runGenericTest('TestConcurrent2B'), KV_TEST_TIMEOUT_MS);

test('TestUnreliable2B', () => runGenericTest('TestUnreliable2B'), KV_TEST_TIMEOUT_MS);

// A request in the minority partition must not go through until the partition heals; the
// leader of the original network ends up in the minority.
test('TestOnePartition2B', () => runKvTest('TestOnePartition2B', { count: 5 }, async (cluster) => {
  const region = await cluster.main.getRegion(new Uint8Array(0));
  const leader = await cluster.main.leaderOfRegion(region.id);
  if (leader === null) throw new Error(`expected a leader of region ${region.id} within 5 s, but the scheduler knows none`);
  let s1 = [leader.storeId];
  let s2: number[] = [];
  for (const p of region.peers) {
    if (p.id === leader.id) continue;
    if (s1.length < 3) s1.push(p.storeId);
    else s2.push(p.storeId);
  }

  // The leader is in the majority: the partition does not affect writes and reads.
  cluster.addFilter(new PartitionFilter(s1, s2));
  await cluster.mustPut('k1', 'v1');
  await cluster.mustGet('k1', 'v1');
  await cluster.mustGetNone(cluster.engines(s2[0]), 'k1');
  await cluster.mustGetNone(cluster.engines(s2[1]), 'k1');
  cluster.clearFilters();

  // The old leader is in the minority: a new leader must be elected.
  s2 = [...s2, s1[2]];
  s1 = s1.slice(0, 2);
  cluster.addFilter(new PartitionFilter(s1, s2));
  await cluster.mustGet('k1', 'v1');
  await cluster.mustPut('k1', 'changed');
  await cluster.mustGetEqual(cluster.engines(s1[0]), 'k1', 'v1');
  await cluster.mustGetEqual(cluster.engines(s1[1]), 'k1', 'v1');
  cluster.clearFilters();

  // Once the partition heals, the old leader must catch up.
  await cluster.mustPut('k2', 'v2');
  await cluster.mustGetEqual(cluster.engines(s1[0]), 'k2', 'v2');
  await cluster.mustGetEqual(cluster.engines(s1[0]), 'k1', 'changed');
}), KV_TEST_TIMEOUT_MS);
