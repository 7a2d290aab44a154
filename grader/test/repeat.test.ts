/**
 * --runs: the seeds and the jest runs it makes, the per-test statistics, the trace path taken
 * from a failure, the folded outcome, and the table and failing-run lines it prints.
 */
import { colors } from '../report/console';
import { formatFailingRuns, formatRate, formatRunsTable, formatSeeds } from '../report/runs-table';
import { foldRuns, repeatTasks, seedsOf, statsOf, tracePathIn } from '../runner/repeat';
import { entryOf, outcomeOf } from './helpers';

const plain = colors(false);
const A = entryOf('TestA2B', '2b', 3, 'grader/suites/2b/a.test.ts');
const B = entryOf('TestB2B', '2b', 2, 'grader/suites/2b/b.test.ts');
const C = entryOf('TestC2B', '2b', 1, 'grader/suites/2b/a.test.ts');

const KV_FAILURE = [
  'expected the history of client operations to be linearizable',
  '',
  '  test TestA2B failed at virtual time 812.3 ms (seed 99, base seed 7)',
  '  replay: npm run grade -- --test TestA2B --seed 7 --target labs',
  '  trace: /tmp/raftkv-traces/TestA2B-seed99.trace',
].join('\n');

test('seeds are base, base + 1, ...; one jest run per (file, seed), seeds outermost', () => {
  expect(seedsOf(5, 3)).toEqual([5, 6, 7]);
  const tasks = repeatTasks([A, B, C], 10, 2);
  expect(tasks.map((t) => [t.file, t.seed, t.entries.map((e) => e.name)])).toEqual([
    ['grader/suites/2b/a.test.ts', 10, ['TestA2B', 'TestC2B']],
    ['grader/suites/2b/b.test.ts', 10, ['TestB2B']],
    ['grader/suites/2b/a.test.ts', 11, ['TestA2B', 'TestC2B']],
    ['grader/suites/2b/b.test.ts', 11, ['TestB2B']],
  ]);
});

test('tracePathIn finds the trace a KV failure names, and nothing in other messages', () => {
  expect(tracePathIn(KV_FAILURE)).toBe('/tmp/raftkv-traces/TestA2B-seed99.trace');
  expect(tracePathIn('trace: /x/y.trace.jsonl')).toBe('/x/y.trace.jsonl');
  expect(tracePathIn('Expected: 3\nReceived: 2')).toBeNull();
  expect(tracePathIn('trace: (could not be written)')).toBeNull();
});

test('statsOf: passes, mean and standard deviation of finished runs, failing seeds in order', () => {
  const s = statsOf(A, [
    { seed: 9, outcome: outcomeOf(A, false, 300, KV_FAILURE) },
    { seed: 7, outcome: outcomeOf(A, true, 100) },
    { seed: 8, outcome: outcomeOf(A, true, 200) },
    { seed: 10, outcome: outcomeOf(A, false, null, 'timed out') },
  ]);
  expect(s.runs).toBe(4);
  expect(s.passes).toBe(2);
  expect(s.meanMs).toBe(200);
  expect(s.sdMs).toBeCloseTo(Math.sqrt(20000 / 3), 6);
  expect(s.failures).toEqual([
    { seed: 9, message: KV_FAILURE, trace: '/tmp/raftkv-traces/TestA2B-seed99.trace' },
    { seed: 10, message: 'timed out', trace: null },
  ]);
  expect(s.records.map((r) => r.seed)).toEqual([7, 8, 9, 10]);
});

test('foldRuns: a test passes only if every run passed', () => {
  const ok = statsOf(B, [{ seed: 1, outcome: outcomeOf(B, true, 10) }, { seed: 2, outcome: outcomeOf(B, true, 30) }]);
  expect(foldRuns(ok)).toEqual({ entry: B, passed: true, durationMs: 20, message: '' });
  const bad = statsOf(B, [{ seed: 1, outcome: outcomeOf(B, true, 10) }, { seed: 2, outcome: outcomeOf(B, false, 30, 'Error: lost a write') }]);
  expect(foldRuns(bad)).toEqual({ entry: B, passed: false, durationMs: 20, message: 'failed 1 of 2 runs (seeds 2); seed 2:\nError: lost a write' });
  expect(foldRuns(statsOf(B, [])).passed).toBe(false);
});

test('the table: passes/runs, rate, mean ± sd, failing seeds', () => {
  const a = statsOf(A, [
    { seed: 1, outcome: outcomeOf(A, true, 1200) },
    { seed: 2, outcome: outcomeOf(A, false, 1400, KV_FAILURE) },
  ]);
  const b = statsOf(B, [{ seed: 1, outcome: outcomeOf(B, true, 3) }, { seed: 2, outcome: outcomeOf(B, true, 5) }]);
  expect(formatRunsTable([a, b], plain)).toEqual([
    'test        passed    rate   time (mean ± sd)  failing seeds',
    'TestA2B        1/2     50%     1.3 s ± 100 ms  2',
    'TestB2B        2/2    100%        4 ms ± 1 ms',
  ]);
  expect(formatFailingRuns([a, b], { seed: 1, target: 'labs' }, plain)).toEqual([
    'FAIL TestA2B seed 2: expected the history of client operations to be linearizable',
    '      trace: /tmp/raftkv-traces/TestA2B-seed99.trace',
    '      replay: npm run grade -- --test TestA2B --seed 2 --target labs',
  ]);
});

test('rates and seed lists', () => {
  expect(formatRate(39, 40)).toBe('97.5%');
  expect(formatRate(0, 3)).toBe('0%');
  expect(formatRate(0, 0)).toBe('-');
  const many = statsOf(A, Array.from({ length: 10 }, (_, i) => ({ seed: i + 1, outcome: outcomeOf(A, false) })));
  expect(formatSeeds(many)).toBe('1, 2, 3, 4, 5, 6, 7, 8 (+2 more)');
  expect(formatFailingRuns([many], { seed: 1, target: 'labs' }, plain).at(-1)).toBe('      ... and 7 more failing seeds of TestA2B');
});
