/**
 * How a jest run's report becomes one outcome per test: passes, failures, and the tests that
 * never reported (timeout, memory, crash or process.exit, a suite that cannot load, a missing
 * test); the runs that earn nothing (a forged report, canaries that misbehave, an error outside
 * any test); and the name pattern that selects exactly the chosen tests.
 */
import type { TestEntry } from '../catalogue';
import { CANARY_MUST_FAIL, CANARY_MUST_PASS } from '../../harness/jest/guard';
import { type FileRunInfo, type ReportedTest, type ReporterReport, distrust, settleFile } from '../runner/results';
import { escapeRegExp, namePattern } from '../runner/spawn';
import { groupByFile } from '../runner/grade';

const FILE = 'grader/suites/2a/raft.test.ts';

function entry(name: string, file = FILE): TestEntry {
  return { name, part: '2aa', points: 1, description: 'Checks something.', origin: 'tinykv', file };
}

function reported(name: string, status: string, failureMessages: string[] = [], durationMs: number | null = 5): ReportedTest {
  return { name, fullName: name, status, durationMs, failureMessages };
}

/** The canaries as they report when nothing was tampered with. */
const CANARIES: ReportedTest[] = [
  reported(CANARY_MUST_PASS, 'passed'),
  reported(CANARY_MUST_FAIL, 'failed', ['Error: expect(received).toBe(expected)\n\nExpected: 2\nReceived: 1']),
];

function report(tests: ReportedTest[], more: Partial<ReporterReport> = {}): ReporterReport {
  return { version: 2, nonce: 'n', events: 1, tests: [...CANARIES, ...tests], running: null, suiteErrors: [], complete: true, ...more };
}

function run(r: ReporterReport | null, more: Partial<FileRunInfo> = {}): FileRunInfo {
  return {
    file: FILE, seed: 1, report: r, integrity: null, exitCode: 1, signal: null, killed: null, timeoutSeconds: 60, memoryMb: 2048,
    outputTail: '', wallMs: 100, ...more,
  };
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
  const out = settleFile([A, B, C], run(r, { killed: 'timeout', signal: 'SIGKILL', exitCode: null, timeoutSeconds: 30 }));
  expect(out.map((o) => [o.passed, o.durationMs, o.message])).toEqual([
    [true, 5, ''],
    [false, null, 'timed out after 30s (killed) while this test was running: an endless loop, or a wait that never ends?'],
    [false, null, 'timed out after 30s (killed) before this test ran: TestB2AA was still running'],
  ]);
});

test('a timeout before any test started', () => {
  const [o] = settleFile([A], run(null, { killed: 'timeout', timeoutSeconds: 5 }));
  expect(o.message).toBe('timed out after 5s (killed) before this test finished (loading the suite and the code under test took too long, or hung)');
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
  const r = { ...report([], { suiteErrors: ['Error: Cannot find module \'@target/raft\''] }), tests: [] };
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

test('memory: a run killed by the watchdog, and one that ran out of heap', () => {
  const r = report([], { running: 'TestA2AA', complete: false });
  expect(settleFile([A], run(r, { killed: 'memory', memoryMb: 512, signal: 'SIGKILL' }))[0].message)
    .toMatch(/^the test process used more than 512 MB of memory and was killed while this test was running/);
  const oom = run(r, { signal: 'SIGABRT', exitCode: null, memoryMb: 384, outputTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' });
  expect(settleFile([A, B], oom).map((o) => o.message)).toEqual([
    'the test process ran out of memory (heap limit 384 MB) while this test was running: a log or a queue that grows without bound?',
    'the test process ran out of memory (heap limit 384 MB) before this test ran: a log or a queue that grows without bound?',
  ]);
});

test('a run with an integrity problem earns nothing, even for tests that passed', () => {
  const r = report([reported('TestA2AA', 'passed')]);
  const out = settleFile([A], run(r, { integrity: 'the results file was forged' }));
  expect(out[0]).toEqual({ entry: A, passed: false, durationMs: 5, message: 'no result of this run can be trusted: the results file was forged' });
});

test('canaries: missing, a must-fail that passed, a must-pass that failed, each fail the whole file', () => {
  const passing = [reported('TestA2AA', 'passed'), reported('TestB2AA', 'passed')];
  const without = { ...report(passing), tests: passing };
  expect(distrust(run(without))).toMatch(/^the test environment was tampered with: the grader's canary tests did not run/);
  const neutered = report(passing);
  neutered.tests[1] = reported(CANARY_MUST_FAIL, 'passed');
  expect(distrust(run(neutered))).toMatch(/^the test environment was tampered with: the canary test that must fail \(expect\(1\)\.toBe\(2\)\) did not fail/);
  const broken = report(passing);
  broken.tests[0] = reported(CANARY_MUST_PASS, 'failed', ['Error: the test environment was tampered with (found before the test ran): Object.is was replaced']);
  expect(distrust(run(broken))).toBe('the test environment was tampered with (found before the test ran): Object.is was replaced; no result of this file can be trusted');
  const crashed = report(passing);
  crashed.tests[0] = reported(CANARY_MUST_PASS, 'failed', ['Error: boom from a timer\n    at x (y.ts:1:1)']);
  expect(distrust(run(crashed))).toMatch(/^the grader's canary test failed \(Error: boom from a timer\)/);
  expect(settleFile([A, B], run(crashed)).every((o) => !o.passed)).toBe(true);
  expect(distrust(run(report(passing)))).toBeNull();
});

test('an error outside any test fails the tests that passed in the same file', () => {
  const r = report([reported('TestA2AA', 'passed')], { suiteErrors: ['an uncaught error outside the tests: Error: boom'] });
  const [o] = settleFile([A], run(r));
  expect(o.passed).toBe(false);
  expect(o.message).toMatch(/^an error escaped from the code under test outside any test \(an uncaught error outside the tests: Error: boom\)/);
});

test('the memory limit named is the group\'s (the heap limit is below it); a kill by the system names memory', () => {
  const r = report([], { running: 'TestA2AA', complete: false });
  expect(settleFile([A], run(r, { killed: 'memory', memoryMb: 342, groupLimitMb: 512, signal: 'SIGKILL' }))[0].message)
    .toMatch(/^the test process used more than 512 MB of memory and was killed while this test was running/);
  // Killed by SIGKILL, but not by the grader: the kernel's out-of-memory killer, most likely.
  const [o] = settleFile([A], run(r, { signal: 'SIGKILL', exitCode: null, groupLimitMb: 512, peakRssMb: 480 }));
  expect(o.message).toMatch(/^the test process was killed by the system \(SIGKILL\) while this test was running: most likely it used more than the memory there is/);
  expect(o.message).toContain('this run\'s limit is 512 MB; it was last seen holding 480 MB');
});

test('a scaled time limit says how it was scaled', () => {
  const r = report([], { running: 'TestA2AA', complete: false });
  const [o] = settleFile([A], run(r, { killed: 'timeout', signal: 'SIGKILL', timeoutSeconds: 126, timeScale: 2.1 }));
  expect(o.message).toBe('timed out after 126s (killed) while this test was running: an endless loop, or a wait that never ends? '
    + '(the limit: --timeout 60 s x2.1 for this machine\'s speed)');
});

test('a run cut by a budget: the running test was stopped, the ones after it did not run', () => {
  const cutoff = { notRun: 'not run: out of time (budget 30 s)', stopped: 'stopped: out of time (budget 30 s)' };
  const r = report([reported('TestA2AA', 'passed')], { running: 'TestB2AA', complete: false });
  expect(settleFile([A, B, C], run(r, { killed: 'cutoff', cutoff, signal: 'SIGKILL' })).map((o) => o.message))
    .toEqual(['', cutoff.stopped, cutoff.notRun]);
});
