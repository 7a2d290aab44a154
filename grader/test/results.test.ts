/**
 * How a jest run's report becomes one outcome per test: passes, failures, and the tests that
 * never reported (timeout, crash or process.exit, a suite that cannot load, a missing test);
 * and the name pattern that selects exactly the chosen tests.
 */
import type { TestEntry } from '../catalogue';
import { type FileRunInfo, type ReportedTest, type ReporterReport, settleFile } from '../runner/results';
import { escapeRegExp, namePattern } from '../runner/spawn';
import { groupByFile } from '../runner/grade';

const FILE = 'grader/suites/2a/raft.test.ts';

function entry(name: string, file = FILE): TestEntry {
  return { name, part: '2aa', points: 1, description: 'Checks something.', origin: 'tinykv', file };
}

function reported(name: string, status: string, failureMessages: string[] = [], durationMs: number | null = 5): ReportedTest {
  return { name, fullName: name, status, durationMs, failureMessages };
}

function report(tests: ReportedTest[], more: Partial<ReporterReport> = {}): ReporterReport {
  return { version: 1, tests, running: null, suiteErrors: [], complete: true, ...more };
}

function run(r: ReporterReport | null, more: Partial<FileRunInfo> = {}): FileRunInfo {
  return { file: FILE, report: r, exitCode: 1, signal: null, timedOut: false, timeoutSeconds: 60, outputTail: '', wallMs: 100, ...more };
}

const A = entry('TestA2AA');
const B = entry('TestB2AA');
const C = entry('TestC2AA');

test('reported tests pass or fail as jest says', () => {
  const out = settleFile([A, B], run(report([reported('TestA2AA', 'passed'), reported('TestB2AA', 'failed', ['Error: one', 'Error: two'], 7)])));
  expect(out).toEqual([
    { entry: A, passed: true, durationMs: 5, message: '' },
    { entry: B, passed: false, durationMs: 7, message: 'Error: one\n\nError: two' },
  ]);
});

test('a skipped or todo test fails', () => {
  const [o] = settleFile([A], run(report([reported('TestA2AA', 'pending')])));
  expect(o.passed).toBe(false);
  expect(o.message).toBe('the test did not run (jest status: pending)');
});

test('a test that appears twice (inside describe blocks) fails if any copy fails', () => {
  const r = report([reported('TestA2AA', 'passed'), { ...reported('TestA2AA', 'failed', ['Error: no']), fullName: 'group TestA2AA' }]);
  expect(settleFile([A], run(r))[0].passed).toBe(false);
});

test('after a timeout, the running test and the ones after it fail with the limit in the message', () => {
  const r = report([reported('TestA2AA', 'passed')], { running: 'TestB2AA', complete: false });
  const out = settleFile([A, B, C], run(r, { timedOut: true, signal: 'SIGKILL', exitCode: null, timeoutSeconds: 30 }));
  expect(out.map((o) => [o.passed, o.durationMs, o.message])).toEqual([
    [true, 5, ''],
    [false, null, 'timed out after 30s (killed) while this test was running: an endless loop, or a wait that never ends?'],
    [false, null, 'timed out after 30s (killed) before this test ran: TestB2AA was still running'],
  ]);
});

test('a timeout before any test started', () => {
  const [o] = settleFile([A], run(null, { timedOut: true, timeoutSeconds: 5 }));
  expect(o.message).toBe('timed out after 5s (killed) before this test finished');
});

test('a crash or process.exit() fails the unreported tests, naming the one that was running', () => {
  const r = report([reported('TestA2AA', 'passed')], { running: 'TestB2AA', complete: false });
  const out = settleFile([A, B, C], run(r, { exitCode: 0, outputTail: 'line one\n\n  process.exit called with "0"\n' }));
  expect(out[0].passed).toBe(true);
  expect(out[1].message).toBe([
    'the test process ended while this test was running (exit code 0): a crash or a process.exit() in the code under test',
    'last output of the run:',
    '  line one',
    '    process.exit called with "0"',
  ].join('\n'));
  expect(out[2].message).toMatch(/^the test process ended before this test ran \(exit code 0\)/);
  expect(settleFile([A], run(null, { exitCode: null, signal: 'SIGSEGV' }))[0].message).toMatch(/\(killed by SIGSEGV\)/);
});

test('a suite that cannot load fails every test with its error', () => {
  const r = report([], { suiteErrors: ['Error: Cannot find module \'@target/raft\''] });
  const out = settleFile([A, B], run(r));
  expect(out.map((o) => o.message)).toEqual([
    'the suite could not run: Cannot find module \'@target/raft\'',
    'the suite could not run: Cannot find module \'@target/raft\'',
  ]);
});

test('a completed run that lacks a test says the catalogue and the suite disagree', () => {
  const [o] = settleFile([A], run(report([])));
  expect(o.message).toBe(`${FILE} has no test named TestA2AA (the catalogue and the suite disagree)`);
});

test('namePattern matches exactly the chosen names, also under describe blocks', () => {
  const re = new RegExp(namePattern(['TestA2AA', 'TestFollowerCheckMessageType_MsgAppend2AB']), 'i');
  for (const yes of ['TestA2AA', 'group TestA2AA', 'TestFollowerCheckMessageType_MsgAppend2AB']) expect(re.test(yes)).toBe(true);
  for (const no of ['TestA2AAx', 'xTestA2AA', 'TestA2A', 'TestB2AA']) expect(re.test(no)).toBe(false);
  expect(escapeRegExp('a.b*c(d)[e]$^|\\')).toBe('a\\.b\\*c\\(d\\)\\[e\\]\\$\\^\\|\\\\');
});

test('groupByFile keeps the order in which files first appear', () => {
  const x = entry('TestX2AA', 'b.test.ts');
  const y = entry('TestY2AA', 'a.test.ts');
  const z = entry('TestZ2AA', 'b.test.ts');
  expect([...groupByFile([x, y, z])]).toEqual([['b.test.ts', [x, z]], ['a.test.ts', [y]]]);
});
