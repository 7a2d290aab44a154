/**
 * Project 2B: TinyKV's PeerStorage unit tests (kv/raftstore/peer_storage_test.go, part 2bps,
 * their names have no part suffix in TinyKV) and its 11 KV tests (kv/test_raftstore/
 * test_test.go, part 2bkv), ported one for one under their names. Every KV test also checks
 * that the clients' history is linearizable.
 *
 * Points follow the scale of tests-2a.ts, moved up for whole clusters: 1 for a PeerStorage
 * unit test; 4 for a cluster on a reliable network; 5 when messages are lost, the network is
 * partitioned, or all stores restart; 6 when restarts combine with lost messages or partitions.
 */
import type { TestEntry } from './types';

const PEER_STORAGE = 'grader/suites/2b/peer_storage.test.ts';
const BASIC = 'grader/suites/2b/basic.test.ts';
const PARTITION = 'grader/suites/2b/partition.test.ts';
const PERSIST = 'grader/suites/2b/persist.test.ts';

function tinykv(file: string, name: string, part: string, points: number, description: string): TestEntry {
  return { name, part, points, description, origin: 'tinykv', file };
}

/** The 2B tests ported from TinyKV. */
export const TINYKV_2B_TESTS: readonly TestEntry[] = [
  tinykv(PEER_STORAGE, 'TestPeerStorageTerm', '2bps', 1,
    'PeerStorage.term answers from the truncated state at the truncated index, from the log after it, and ErrCompacted before it.'),
  tinykv(PEER_STORAGE, 'TestPeerStorageEntries', '2bps', 1,
    'PeerStorage.entries reads back appended entries and answers ErrCompacted at or before the truncated index.'),
  tinykv(PEER_STORAGE, 'TestPeerStorageAppend', '2bps', 1,
    'PeerStorage.append writes new entries, overwrites a conflicting tail and deletes what followed it, and appends after the last entry.'),
  tinykv(BASIC, 'TestBasic2B', '2bkv', 4,
    'One client puts and scans its keys on 5 stores over a reliable network; every acknowledged write is read back, in order.'),
  tinykv(BASIC, 'TestConcurrent2B', '2bkv', 4,
    'Five clients put and scan concurrently on a reliable network; no write is lost or duplicated.'),
  tinykv(BASIC, 'TestUnreliable2B', '2bkv', 5,
    'Five clients on a network that drops more and more messages (about 10% more every chaos round).'),
  tinykv(BASIC, 'TestOnePartition2B', '2bkv', 4,
    'A majority partition keeps serving; a minority (with the old leader) neither serves the new write nor sees it until the partition heals.'),
  tinykv(PARTITION, 'TestManyPartitionsOneClient2B', '2bkv', 5,
    'One client while the stores are re-partitioned at random every half second or so.'),
  tinykv(PARTITION, 'TestManyPartitionsManyClients2B', '2bkv', 5,
    'Five clients while the stores are re-partitioned at random.'),
  tinykv(PERSIST, 'TestPersistOneClient2B', '2bkv', 5,
    'One client; after each round every store crashes and restarts from its engines, and nothing acknowledged is lost.'),
  tinykv(PERSIST, 'TestPersistConcurrent2B', '2bkv', 5,
    'Five clients with every store crashing and restarting after each round.'),
  tinykv(PERSIST, 'TestPersistConcurrentUnreliable2B', '2bkv', 6,
    'Five clients, lost messages, and every store crashing and restarting after each round.'),
  tinykv(PERSIST, 'TestPersistPartition2B', '2bkv', 6,
    'Five clients, random partitions, and every store crashing and restarting after each round.'),
  tinykv(PERSIST, 'TestPersistPartitionUnreliable2B', '2bkv', 6,
    'Five clients, random partitions, lost messages, and crashes and restarts: the hardest 2B scenario.'),
];
