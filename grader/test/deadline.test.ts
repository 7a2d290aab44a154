/**
 * The time budgets, on a fake clock (the grader reads the wall clock; its tests must not): the
 * pool stops starting tasks once the run's budget is spent; execute() fails the files it never
 * started with "not run: out of time (budget S s)", the test that was running when a budget cut
 * its run with "stopped: ...", keeps the results that came in before, does not resume a file
 * cut by a budget, and stops a file whose tests used up the file's budget.
 */
import type { TestEntry } from '../catalogue';
import { CANARY_MUST_FAIL, CANARY_MUST_PASS } from '../../harness/jest/guard';
import { Deadline, FILE_BUDGET_TESTS, fileCutoff, firstCutoff, runCutoff } from '../runner/deadline';
import { type RunTask, execute } from '../runner/execute';
import { runPool } from '../runner/pool';
import type { FileRunInfo, ReportedTest } from '../runner/results';
import type { SuiteRunOptions } from '../runner/spawn';
import { entryOf } from './helpers';

/** A clock that moves only when told. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

test('a deadline expires when its time has passed on its clock, and says why', () => {
  const clock = fakeClock();
  const d = new Deadline(30, runCutoff(30), clock.now);
  expect(d.expired()).toBe(false);
  expect(d.remainingMs()).toBe(30_000);
  clock.advance(29_999);
  expect(d.expired()).toBe(false);
  clock.advance(1);
  expect(d.expired()).toBe(true);
  expect(d.remainingMs()).toBe(0);
  expect(firstCutoff([Deadline.none(clock.now), d])?.notRun).toMatch(/^not run: out of time \(budget 30 s\)/);
  expect(firstCutoff([Deadline.none(clock.now)])).toBeNull();
  expect(() => new Deadline(0, runCutoff(0))).toThrow('positive');
});

test('the pool starts no task once the budget is spent; the tasks that ran keep their results', async () => {
  const clock = fakeClock();
  const d = new Deadline(30, runCutoff(30), clock.now);
  const results = await runPool([0, 1, 2, 3, 4], (i) => {
    clock.advance(12_000);
    return Promise.resolve(i * 10);
  }, { jobs: 1, stopped: () => d.expired() });
  expect(results).toEqual([0, 10, 20, undefined, undefined]);
});

function reported(name: string, status = 'passed'): ReportedTest {
  return { name, fullName: name, status, durationMs: 1000, failureMessages: status === 'failed' ? ['Error: no'] : [] };
}
const CANARIES = [reported(CANARY_MUST_PASS), { ...reported(CANARY_MUST_FAIL, 'failed'), failureMessages: ['Expected: 2'] }];

/** The info of a run of `opts` in which `passed` passed; `running` was running when it ended, unless null. */
function info(opts: SuiteRunOptions, passed: readonly string[], running: string | null, more: Partial<FileRunInfo> = {}): FileRunInfo {
  return {
    file: opts.file, seed: opts.seed, integrity: null, exitCode: running === null ? 0 : null, signal: running === null ? null : 'SIGKILL',
    killed: null, timeoutSeconds: opts.timeoutSeconds, memoryMb: opts.memoryMb, outputTail: '', wallMs: 1,
    report: { version: 2, nonce: 'n', events: 1, tests: [...CANARIES, ...passed.map((n) => reported(n))], running, suiteErrors: [], complete: running === null },
    ...more,
  };
}

const WORKSPACE = { dir: '/nonexistent', cacheDir: '/nonexistent', close: (): void => undefined };
const FIXED = (): Map<string, string> => new Map([['grader/x.ts', 'h']]);

function task(file: string, names: readonly string[]): RunTask {
  return { file, seed: 1, entries: names.map((n): TestEntry => entryOf(n, '2b', 1, file)) };
}

test('--budget: a file cut while running keeps what finished, the running test is "stopped", later files "not run"', async () => {
  const clock = fakeClock();
  const deadline = new Deadline(30, runCutoff(30), clock.now);
  const calls: string[][] = [];
  const done: number[] = [];
  const results = await execute({
    tasks: [task('a', ['TestA12B', 'TestA22B']), task('b', ['TestB12B', 'TestB22B', 'TestB32B']), task('c', ['TestC12B'])],
    targetDir: '/t', timeoutSeconds: 60, memoryMb: 512, jobs: 1, workspace: WORKSPACE, deadline, clock: clock.now, fingerprint: FIXED,
    onTaskDone: (_r, i) => done.push(i),
    runFile: (opts) => {
      calls.push([...opts.names]);
      if (opts.file === 'a') {
        clock.advance(20_000);
        return Promise.resolve(info(opts, opts.names, null));
      }
      // File b: one test passes, then the budget runs out during the second; the runner is cut.
      clock.advance(15_000);
      const cut = opts.cutoff?.() ?? null;
      expect(cut).not.toBeNull();
      return Promise.resolve(info(opts, ['TestB12B'], 'TestB22B', { killed: 'cutoff', cutoff: cut }));
    },
  });
  expect(calls).toEqual([['TestA12B', 'TestA22B'], ['TestB12B', 'TestB22B', 'TestB32B']]);
  expect(done).toEqual([0, 1, 2]);
  const byName = new Map(results.flatMap((r) => r.outcomes).map((o) => [o.entry.name, o]));
  expect([...byName.keys()]).toEqual(['TestA12B', 'TestA22B', 'TestB12B', 'TestB22B', 'TestB32B', 'TestC12B']);
  expect(byName.get('TestA22B')?.passed).toBe(true);
  expect(byName.get('TestB12B')?.passed).toBe(true);
  expect(byName.get('TestB22B')?.message).toMatch(/^stopped: out of time \(budget 30 s\) while this test was running/);
  expect(byName.get('TestB32B')?.message).toMatch(/^not run: out of time \(budget 30 s\)/);
  expect(byName.get('TestC12B')?.message).toMatch(/^not run: out of time \(budget 30 s\)/);
});

test('a file\'s budget: after FILE_BUDGET_TESTS per-test limits of hangs, the rest of the file is not run', async () => {
  const clock = fakeClock();
  const names = ['TestH12B', 'TestH22B', 'TestH32B', 'TestH42B', 'TestH52B', 'TestH62B'];
  const calls: string[][] = [];
  const results = await execute({
    tasks: [task('h', names)], targetDir: '/t', timeoutSeconds: 10, memoryMb: 512, jobs: 1, workspace: WORKSPACE,
    clock: clock.now, fingerprint: FIXED,
    runFile: (opts) => {
      calls.push([...opts.names]);
      // Each run: its first test hangs until the per-test limit kills it.
      clock.advance(10_000);
      const cut = opts.cutoff?.() ?? null;
      if (cut !== null) return Promise.resolve(info(opts, [], opts.names[0], { killed: 'cutoff', cutoff: cut }));
      return Promise.resolve(info(opts, [], opts.names[0], { killed: 'timeout' }));
    },
  });
  expect(calls).toHaveLength(FILE_BUDGET_TESTS);
  const outcomes = results[0].outcomes;
  expect(outcomes.slice(0, 2).map((o) => o.message)).toEqual([expect.stringMatching(/^timed out after 10s/), expect.stringMatching(/^timed out after 10s/)]);
  expect(outcomes[2].message).toBe(fileCutoff(30, 10).stopped);
  for (const o of outcomes.slice(3)) expect(o.message).toBe(fileCutoff(30, 10).notRun);
  expect(fileCutoff(30, 10).notRun).toMatch(/^not run: out of time for this suite file \(30 s, 3 times the per-test limit of 10 s\)/);
});

test('a budget spent between two runs of a file: the file is not resumed, its unrun tests say why', async () => {
  const clock = fakeClock();
  const deadline = new Deadline(30, runCutoff(30), clock.now);
  let runs = 0;
  const results = await execute({
    tasks: [task('r', ['TestR12B', 'TestR22B', 'TestR32B'])], targetDir: '/t', timeoutSeconds: 60, memoryMb: 512, jobs: 1,
    workspace: WORKSPACE, deadline, clock: clock.now, fingerprint: FIXED,
    runFile: (opts) => {
      runs++;
      clock.advance(31_000);
      return Promise.resolve(info(opts, [], 'TestR12B', { killed: 'timeout' }));
    },
  });
  expect(runs).toBe(1);
  const [first, ...rest] = results[0].outcomes;
  expect(first.message).toMatch(/^timed out after 60s \(killed\) while this test was running/);
  for (const o of rest) expect(o.message).toMatch(/^not run: out of time \(budget 30 s\)/);
});
