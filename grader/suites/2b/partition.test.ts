/**
 * Project 2B, the KV server (2 of 3): GenericTests with the network re-partitioned at random
 * every election timeout or so (TinyKV's test_test.go). Each test also checks that the
 * clients' history is linearizable.
 */
import { runGenericTest } from '../../../harness/cluster/generic-test';
import { KV_TEST_TIMEOUT_MS } from '../../../harness/cluster/run';

test('TestManyPartitionsOneClient2B', () => runGenericTest('TestManyPartitionsOneClient2B'), KV_TEST_TIMEOUT_MS);

test('TestManyPartitionsManyClients2B', () => runGenericTest('TestManyPartitionsManyClients2B'), KV_TEST_TIMEOUT_MS);
