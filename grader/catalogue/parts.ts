/**
 * The graded parts, as data. A new project part (2B, 2C) is one leaf entry per sub-part plus
 * an aggregate entry, and its tests go in their own catalogue file (see catalogue/index.ts).
 */
import type { Part } from './types';

/** Every part the grader knows, leaves and aggregates, in grading order. */
export const PARTS: readonly Part[] = [
  { kind: 'leaf', id: '2alog', title: 'RaftLog, the first step of 2A', suffix: '2ALog' },
  { kind: 'leaf', id: '2aa', title: 'Leader election', suffix: '2AA' },
  { kind: 'leaf', id: '2ab', title: 'Log replication', suffix: '2AB' },
  { kind: 'leaf', id: '2ac', title: 'The RawNode interface', suffix: '2AC' },
  { kind: 'aggregate', id: '2a', title: 'Project 2A: the raft core', includes: ['2alog', '2aa', '2ab', '2ac'] },
  { kind: 'leaf', id: '2bps', title: 'PeerStorage, the first step of 2B', suffix: '' },
  { kind: 'leaf', id: '2bkv', title: 'The fault-tolerant KV server', suffix: '2B' },
  { kind: 'aggregate', id: '2b', title: 'Project 2B: a fault-tolerant KV server on Raft', includes: ['2bps', '2bkv'] },
  { kind: 'leaf', id: '2craft', title: 'Raft: snapshots and their flow control', suffix: '2C' },
  { kind: 'leaf', id: '2ckv', title: 'KV server: log GC and snapshots', suffix: '2C' },
  { kind: 'aggregate', id: '2c', title: 'Project 2C: snapshots and log GC', includes: ['2craft', '2ckv'] },
];
