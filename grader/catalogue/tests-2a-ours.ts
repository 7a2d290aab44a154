/**
 * The 2A tests written for this lab (origin 'ours'): the RaftLog / MemoryStorage first step
 * (grader/suites/2a/log.test.ts, names ending in 2ALog, part '2alog') and the classic bugs that
 * TinyKV's tests let through (grader/suites/2a/classic_bugs.test.ts, names ending in 2AA or
 * 2AB, parts '2aa' and '2ab').
 *
 * Adding a test is adding one entry; grader/test/catalogue.test.ts fails, listing the names,
 * while a suite test is missing here or an entry here has no test. Points follow the scale in
 * catalogue/tests-2a.ts (1 for one node driven directly, including RaftLog and storage unit
 * tests; 2 for several nodes on the test network; 3 for several nodes through a failure).
 */
import type { TestEntry } from './types';

const FILES = {
  log: 'grader/suites/2a/log.test.ts',
  classic: 'grader/suites/2a/classic_bugs.test.ts',
} as const;

/** One 'ours' entry of this file: `ours('log', 'TestX2ALog', '2alog', 1, 'What it checks.')`. */
export function ours(file: keyof typeof FILES, name: string, part: string, points: number, description: string): TestEntry {
  return { name, part, points, description, origin: 'ours', file: FILES[file] };
}

/** log.test.ts: RaftLog and MemoryStorage (part 2alog). */
const LOG_TESTS: readonly TestEntry[] = [
  // ours('log', 'TestSomething2ALog', '2alog', 1, 'What it checks, in one sentence.'),
];

/** classic_bugs.test.ts: the mistakes TinyKV's own tests do not catch (parts 2aa, 2ab). */
const CLASSIC_TESTS: readonly TestEntry[] = [
  // ours('classic', 'TestSomething2AB', '2ab', 2, 'What it checks, in one sentence.'),
];

/** Every 'ours' 2A test. */
export const OURS_2A_TESTS: readonly TestEntry[] = [...LOG_TESTS, ...CLASSIC_TESTS];
