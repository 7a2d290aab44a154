/**
 * Project 2C, the KV server (2 of 2): TinyKV's 2C GenericTests with lost messages, restarts
 * and partitions, on the simulator. See kv.test.ts.
 */
import { runGenericTest } from '../../../harness/cluster/generic-test';
import { KV_TEST_TIMEOUT_MS } from '../../../harness/cluster/run';

test('TestSnapshotUnreliable2C', () => runGenericTest('TestSnapshotUnreliable2C'), KV_TEST_TIMEOUT_MS);

test('TestSnapshotUnreliableRecover2C', () => runGenericTest('TestSnapshotUnreliableRecover2C'), KV_TEST_TIMEOUT_MS);

test('TestSnapshotUnreliableRecoverConcurrentPartition2C', () => runGenericTest('TestSnapshotUnreliableRecoverConcurrentPartition2C'), KV_TEST_TIMEOUT_MS);
