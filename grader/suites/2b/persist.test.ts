/**
 * Project 2B, the KV server (3 of 3): GenericTests that crash and restart every store after
 * each round, so what a store persisted must be enough to carry on (TinyKV's test_test.go).
 * Each test also checks that the clients' history is linearizable.
 */
import { runGenericTest } from '../../../harness/cluster/generic-test';
import { KV_TEST_TIMEOUT_MS } from '../../../harness/cluster/run';

test('TestPersistOneClient2B', () => runGenericTest('TestPersistOneClient2B'), KV_TEST_TIMEOUT_MS);

test('TestPersistConcurrent2B', () => runGenericTest('TestPersistConcurrent2B'), KV_TEST_TIMEOUT_MS);

test('TestPersistConcurrentUnreliable2B', () => runGenericTest('TestPersistConcurrentUnreliable2B'), KV_TEST_TIMEOUT_MS);

test('TestPersistPartition2B', () => runGenericTest('TestPersistPartition2B'), KV_TEST_TIMEOUT_MS);

test('TestPersistPartitionUnreliable2B', () => runGenericTest('TestPersistPartitionUnreliable2B'), KV_TEST_TIMEOUT_MS);
