/**
 * Project 2C, the KV server (part 2ckv): TinyKV's 6 KV tests of log GC and snapshots
 * (kv/test_raftstore/test_test.go), under their names. Each GenericTest also checks, as TinyKV
 * does, that every store's log was trimmed (applied − truncated <= 2 × the GC limit), and that
 * the clients' history is linearizable. Points as in tests-2b.ts.
 */
import type { TestEntry } from './types';

const KV = 'grader/suites/2c/kv.test.ts';
const KV_UNRELIABLE = 'grader/suites/2c/kv_unreliable.test.ts';

function tinykv(file: string, name: string, points: number, description: string): TestEntry {
  return { name, part: '2ckv', points, description, origin: 'tinykv', file };
}

/** The 2C KV tests ported from TinyKV. */
export const TINYKV_2C_KV_TESTS: readonly TestEntry[] = [
  tinykv(KV, 'TestOneSnapshot2C', 4,
    'A store cut off while the others compact their log catches up through a snapshot, keeps it across a restart, and every log stays trimmed.'),
  tinykv(KV, 'TestSnapshotRecover2C', 5,
    'One client with a small GC limit; every store restarts after each round and must recover from its snapshot and log.'),
  tinykv(KV, 'TestSnapshotRecoverManyClients2C', 6,
    'Twenty clients with a small GC limit and restarts of every store after each round.'),
  tinykv(KV_UNRELIABLE, 'TestSnapshotUnreliable2C', 5,
    'Five clients with a small GC limit on a network that loses messages, snapshot chunks included.'),
  tinykv(KV_UNRELIABLE, 'TestSnapshotUnreliableRecover2C', 6,
    'Five clients, a small GC limit, lost messages, and restarts of every store after each round.'),
  tinykv(KV_UNRELIABLE, 'TestSnapshotUnreliableRecoverConcurrentPartition2C', 7,
    'Five clients, a small GC limit, lost messages, restarts and random partitions: the hardest scenario of Project 2.'),
];
