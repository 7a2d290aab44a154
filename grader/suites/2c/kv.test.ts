/**
 * Project 2C, the KV server (1 of 2): TinyKV's 2C tests of kv/test_raftstore/test_test.go, on the
 * simulator. With a small raft-log GC limit, the log is compacted while clients write, so a
 * store that falls behind (restarted, partitioned, or losing messages) can only catch up
 * through a snapshot. Every GenericTest also checks that the logs were trimmed on every store
 * and that the clients' history is linearizable.
 */
import { CfLock } from '@target/kv/engine/cf';
import { getApplyState } from '@target/kv/meta/states';
import { RAFT_INIT_LOG_INDEX, RAFT_INIT_LOG_TERM } from '@target/kv/meta/keys';
import { PartitionFilter } from '../../../harness/sim/filters';
import { runGenericTest } from '../../../harness/cluster/generic-test';
import { KV_TEST_TIMEOUT_MS, runKvTest } from '../../../harness/cluster/run';

// A follower cut off while the majority compacts its log catches up through one snapshot,
// keeps what it got across a restart, and everyone's log stays trimmed.
test('TestOneSnapshot2C', () => runKvTest('TestOneSnapshot2C', { count: 3, config: { raftLogGcCountLimit: 10 } }, async (cluster) => {
  const cf = CfLock;
  await cluster.mustPutCF(cf, 'k1', 'v1');
  await cluster.mustPutCF(cf, 'k2', 'v2');
  await cluster.mustGetCfEqual(cluster.engines(1), cf, 'k1', 'v1');
  await cluster.mustGetCfEqual(cluster.engines(1), cf, 'k2', 'v2');

  for (const id of cluster.storeIds()) {
    const state = getApplyState(cluster.engines(id).kv, 1);
    const t = state?.truncatedState ?? {};
    if ((t.index ?? 0) !== RAFT_INIT_LOG_INDEX || (t.term ?? 0) !== RAFT_INIT_LOG_TERM) {
      throw new Error(`store ${id}: expected the truncated state to be still the initial (${RAFT_INIT_LOG_INDEX}, ${RAFT_INIT_LOG_TERM}) `
        + `before any compaction, but it is (${t.index ?? 0}, ${t.term ?? 0})`);
    }
  }

  // Store 1 is cut off; the majority writes enough for its log to be compacted.
  cluster.addFilter(new PartitionFilter([1], [2, 3]));
  for (let i = 100; i < 115; i++) await cluster.mustPutCF(cf, `k${i}`, `v${i}`);
  await cluster.mustDeleteCF(cf, 'k2');
  await cluster.sim.sleep(500);
  await cluster.mustGetCfNone(cluster.engines(1), cf, 'k100');
  cluster.clearFilters();

  // Store 1 must catch up with a snapshot.
  await cluster.mustGetCfEqual(cluster.engines(1), cf, 'k1', 'v1');
  await cluster.mustGetCfEqual(cluster.engines(1), cf, 'k100', 'v100');
  await cluster.mustGetCfNone(cluster.engines(1), cf, 'k2');

  cluster.stopServer(1);
  cluster.startServer(1);
  await cluster.mustGetCfEqual(cluster.engines(1), cf, 'k1', 'v1');

  for (const id of cluster.storeIds()) {
    const state = getApplyState(cluster.engines(id).kv, 1);
    const applied = state?.appliedIndex ?? 0;
    const truncated = state?.truncatedState?.index ?? 0;
    if (applied - truncated > 20) {
      throw new Error(`store ${id}: expected applied − truncated <= 20 (the log is compacted every 10 entries), `
        + `but it is ${applied} − ${truncated} = ${applied - truncated}: the log was not trimmed`);
    }
  }
}), KV_TEST_TIMEOUT_MS);

test('TestSnapshotRecover2C', () => runGenericTest('TestSnapshotRecover2C'), KV_TEST_TIMEOUT_MS);

test('TestSnapshotRecoverManyClients2C', () => runGenericTest('TestSnapshotRecoverManyClients2C'), KV_TEST_TIMEOUT_MS);
