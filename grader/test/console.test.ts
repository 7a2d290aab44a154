/**
 * The console report: failure summaries, durations, the per-test lines, the replay command
 * and the totals, without colour (as when stdout is not a terminal).
 */
import type { TestEntry } from '../catalogue';
import {
  MAX_FAILURE_LINE_CHARS, MAX_FAILURE_LINES, cleanFailure, colors, failureLines, firstMeaningfulLine, formatDuration, formatHeader,
  formatOutcome, formatSummary, replayCommand, shellQuote, stripAnsi,
} from '../report/console';
import type { TestOutcome } from '../runner/results';

const plain = colors(false);
const ctx = { seed: 7, target: 'labs' };

function entry(name: string, points: number): TestEntry {
  return { name, part: '2aa', points, description: 'Checks something.', origin: 'tinykv', file: 'grader/suites/2a/raft.test.ts' };
}

function outcome(name: string, points: number, passed: boolean, durationMs: number | null, message = ''): TestOutcome {
  return { entry: entry(name, points), passed, durationMs, message };
}

const TO_BE = [
  'Error: expect(received).toBe(expected) // Object.is equality',
  '',
  'Expected: 3',
  'Received: 2',
  '    at Object.<anonymous> (/work/main/grader/suites/2a/raft.test.ts:2:43)',
  '    at Promise.finally.completed (/work/main/node_modules/jest-circus/build/jestAdapterInit.js:1834:28)',
  '    at new Promise (<anonymous>)',
].join('\n');

test('stripAnsi removes colour codes', () => {
  expect(stripAnsi('\u001b[31mred\u001b[39m and \u001b[1mbold\u001b[22m')).toBe('red and bold');
});

test('firstMeaningfulLine turns a matcher failure into Expected, Received', () => {
  expect(firstMeaningfulLine(TO_BE)).toBe('Expected: 3, Received: 2');
  expect(firstMeaningfulLine(`\u001b[2m${TO_BE}\u001b[22m`)).toBe('Expected: 3, Received: 2');
});

test('firstMeaningfulLine keeps the matcher hint when there is a diff instead', () => {
  const diff = 'Error: expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n  Object {';
  expect(firstMeaningfulLine(diff)).toBe('expect(received).toEqual(expected) // deep equality');
});

test('firstMeaningfulLine takes an error\'s own message and skips blank lines and stack frames', () => {
  expect(firstMeaningfulLine('\n\nError: expected state Leader, got Candidate\n    at f (x.ts:1:1)')).toBe('expected state Leader, got Candidate');
  expect(firstMeaningfulLine('TypeError: r.step is not a function\n    at f (x.ts:1:1)')).toBe('TypeError: r.step is not a function');
  expect(firstMeaningfulLine('    at f (x.ts:1:1)\n')).toBe('(no message)');
});

test('firstMeaningfulLine joins a heading that ends in a colon with its next line', () => {
  expect(firstMeaningfulLine('the suite could not run: Configuration error:\n\nCould not locate module @target/raft/x'))
    .toBe('the suite could not run: Configuration error: Could not locate module @target/raft/x');
});

test('cleanFailure drops the frames of jest and Node but keeps the test\'s own', () => {
  expect(cleanFailure(TO_BE)).toBe([
    'Error: expect(received).toBe(expected) // Object.is equality', '', 'Expected: 3', 'Received: 2',
    '    at Object.<anonymous> (/work/main/grader/suites/2a/raft.test.ts:2:43)',
  ].join('\n'));
});

test('formatDuration', () => {
  expect(formatDuration(null)).toBe('-');
  expect(formatDuration(0)).toBe('0 ms');
  expect(formatDuration(12.4)).toBe('12 ms');
  expect(formatDuration(999)).toBe('999 ms');
  expect(formatDuration(1234)).toBe('1.2 s');
});

test('shellQuote and replayCommand', () => {
  expect(shellQuote('TestVoter2AA')).toBe('TestVoter2AA');
  expect(shellQuote('/home/s/my labs')).toBe(`'/home/s/my labs'`);
  expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  expect(replayCommand('TestVoter2AA', ctx)).toBe('npm run grade -- --test TestVoter2AA --seed 7 --target labs');
  expect(replayCommand('TestVoter2AA', { seed: 1, target: '../my labs' })).toBe(`npm run grade -- --test TestVoter2AA --seed 1 --target '../my labs'`);
});

test('a passing test is one line: PASS, points, duration, name', () => {
  expect(formatOutcome(outcome('TestLeaderCycle2AA', 2, true, 3), ctx, plain)).toEqual([
    'PASS   2/2     3 ms  TestLeaderCycle2AA',
  ]);
});

test('a failing test adds the whole failure (one frame of the test\'s own code) and the replay command', () => {
  expect(formatOutcome(outcome('TestLeaderElection2AA', 2, false, 1500, TO_BE), ctx, plain)).toEqual([
    'FAIL   0/2    1.5 s  TestLeaderElection2AA',
    '      Error: expect(received).toBe(expected) // Object.is equality',
    '',
    '      Expected: 3',
    '      Received: 2',
    '          at Object.<anonymous> (/work/main/grader/suites/2a/raft.test.ts:2:43)',
    '      replay: npm run grade -- --test TestLeaderElection2AA --seed 7 --target labs',
  ]);
  expect(formatOutcome(outcome('TestSplitVote2AA', 3, false, null, 'timed out after 60s (killed) while this test was running'), ctx, plain)[0])
    .toBe('FAIL   0/3        -  TestSplitVote2AA');
});

test('a long failure is cut to MAX_FAILURE_LINES lines, saying how many more and where they are', () => {
  const message = Array.from({ length: MAX_FAILURE_LINES + 12 }, (_, i) => `line ${i + 1}`).join('\n');
  const lines = formatOutcome(outcome('TestA2AA', 1, false, 1, message), { ...ctx, failuresFile: '/tmp/f.txt' }, plain);
  expect(lines).toHaveLength(1 + MAX_FAILURE_LINES + 2);
  expect(lines[MAX_FAILURE_LINES]).toBe(`      line ${MAX_FAILURE_LINES}`);
  expect(lines[MAX_FAILURE_LINES + 1]).toBe('      ... 12 more lines; the whole message is in /tmp/f.txt');
  const long = formatOutcome(outcome('TestA2AA', 1, false, 1, `want ${'x'.repeat(MAX_FAILURE_LINE_CHARS)}`), ctx, plain);
  expect(long[1]).toMatch(/ \.\.\. \(5 more characters\)$/);
  expect(long[2]).toBe('      rerun with --json FILE for the whole message');
});

test('a KV failure shows its trace, how to read it and to view it, and only the grader\'s replay line', () => {
  const message = 'get wrong value\n\n  test TestBasic2B failed at virtual time 12.0 ms (seed 5, base seed 7)\n'
    + '  replay: npm run grade -- --test TestBasic2B --seed 7 --target solution\n  trace: /tmp/raftkv-traces/TestBasic2B-seed5.trace';
  expect(formatOutcome(outcome('TestBasic2B', 4, false, 10, message), ctx, plain)).toEqual([
    'FAIL   0/4    10 ms  TestBasic2B',
    '      get wrong value',
    '',
    '        test TestBasic2B failed at virtual time 12.0 ms (seed 5, base seed 7)',
    '        trace: /tmp/raftkv-traces/TestBasic2B-seed5.trace',
    '      read it: npm run logs -- /tmp/raftkv-traces/TestBasic2B-seed5.trace --peers',
    '      view: npm run view -- /tmp/raftkv-traces/TestBasic2B-seed5.trace',
    '      replay: npm run grade -- --test TestBasic2B --seed 7 --target labs',
  ]);
});

test('failureLines drops library frames, folds blank lines and keeps the first own frame only', () => {
  expect(failureLines('\n\nError: boom\n\n\n\nmore\n    at f (/p/grader/suites/a.test.ts:1:1)\n    at g (/p/harness/x.ts:2:2)\n\n'))
    .toEqual(['Error: boom', '', 'more', '    at f (/p/grader/suites/a.test.ts:1:1)']);
  expect(failureLines('')).toEqual(['(no message)']);
});

test('on the skeleton, the frame shown is the TODO that calls notImplemented, not the helper', () => {
  const msg = 'NotImplementedError: not implemented: RaftLog.lastIndex (labs/raft/log.ts)\n'
    + '    at notImplemented (/p/labs/raft/errors.ts:65:9)\n    at RaftLog.lastIndex (/p/labs/raft/log.ts:88:5)\n'
    + '    at Object.<anonymous> (/p/grader/suites/2a/log.test.ts:10:3)';
  expect(failureLines(msg)).toEqual(['NotImplementedError: not implemented: RaftLog.lastIndex (labs/raft/log.ts)',
    '    at RaftLog.lastIndex (/p/labs/raft/log.ts:88:5)']);
});

test('colour is used only when asked for', () => {
  const lines = formatOutcome(outcome('TestA2AA', 1, false, 1, 'Error: boom'), ctx, colors(true));
  expect(lines[0]).toContain('\u001b[');
  expect(stripAnsi(lines.join('\n'))).toBe(formatOutcome(outcome('TestA2AA', 1, false, 1, 'Error: boom'), ctx, plain).join('\n'));
});

test('the summary gives points and counts', () => {
  const outcomes = [outcome('TestA2AA', 1, true, 1), outcome('TestB2AA', 2, false, 1, 'x'), outcome('TestC2AA', 3, true, 1)];
  expect(formatSummary(outcomes, plain)).toEqual(['Points: 4/6', '2 passed, 1 failed']);
  expect(formatSummary([], plain)).toEqual(['Points: 0/0', '0 passed, 0 failed']);
});

test('the header names the target, the seed and the size of the run', () => {
  const tests = [entry('TestA2AA', 1), entry('TestB2AA', 2)];
  expect(formatHeader(tests, 1, ctx, '/work/main/labs')).toBe('grading 2 tests (3 points) in 1 suite file against labs (/work/main/labs), seed 7');
});
