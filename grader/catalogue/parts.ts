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
];
