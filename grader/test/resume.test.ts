/**
 * Resuming a file after a run that ended early: the culprit fails, the tests that did not run
 * get another run, at most MAX_RESUMES times; runs that cannot be trusted or that name no
 * culprit are not resumed.
 */
import type { TestEntry } from '../catalogue';
import { CANARY_MUST_FAIL, CANARY_MUST_PASS } from '../../harness/jest/guard';
import type { FileRunInfo, ReportedTest } from '../runner/results';
import { MAX_RESUMES, resumableCulprit, runResuming } from '../runner/resume';
import { entryOf } from './helpers';

const [A, B, C, D] = ['TestA2AA', 'TestB2AA', 'TestC2AA', 'TestD2AA'].map((n) => entryOf(n, '2aa'));

function passed(name: string): ReportedTest {
  return { name, fullName: name, status: 'passed', durationMs: 1, failureMessages: [] };
}
const CANARIES: ReportedTest[] = [passed(CANARY_MUST_PASS), { ...passed(CANARY_MUST_FAIL), status: 'failed', failureMessages: ['Expected: 2'] }];

/** A run in which `ok` passed and then `hung` hung (or, with hung null, everything completed). */
function runOf(ok: readonly string[], hung: string | null, more: Partial<FileRunInfo> = {}): FileRunInfo {
  return {
    file: 'f', seed: 1, integrity: null, exitCode: null, signal: 'SIGKILL', killed: hung === null ? null : 'timeout', timeoutSeconds: 5,
    memoryMb: 2048, outputTail: '', wallMs: 1,
    report: { version: 2, nonce: 'n', events: 1, tests: [...CANARIES, ...ok.map(passed)], running: hung, suiteErrors: [], complete: hung === null },
    ...more,
  };
}

/** A fake runOnce: each call takes the next script entry; records which tests it was asked for. */
function scripted(script: ((names: string[]) => FileRunInfo)[]): { runOnce: (e: readonly TestEntry[]) => Promise<FileRunInfo>; asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    runOnce: (entries) => {
      const names = entries.map((e) => e.name);
      asked.push(names);
      const next = script.shift();
      if (next === undefined) throw new Error('no more runs scripted');
      return Promise.resolve(next(names));
    },
  };
}

test('a hang in one test costs that test only: the rest run again without it', async () => {
  const s = scripted([
    () => runOf(['TestA2AA'], 'TestB2AA'),
    (names) => runOf(names, null),
  ]);
  const r = await runResuming([A, B, C, D], s.runOnce);
  expect(s.asked).toEqual([['TestA2AA', 'TestB2AA', 'TestC2AA', 'TestD2AA'], ['TestC2AA', 'TestD2AA']]);
  expect(r.runs).toHaveLength(2);
  expect(r.outcomes.map((o) => [o.entry.name, o.passed])).toEqual([
    ['TestA2AA', true], ['TestB2AA', false], ['TestC2AA', true], ['TestD2AA', true],
  ]);
  expect(r.outcomes[1].message).toMatch(/^timed out after 5s \(killed\) while this test was running/);
});

test('resumes stop after MAX_RESUMES, and the tests left say so', async () => {
  const names = ['TestA2AA', 'TestB2AA', 'TestC2AA', 'TestD2AA', 'TestE2AA', 'TestF2AA'];
  const entries = names.map((n) => entryOf(n, '2aa'));
  const s = scripted(Array.from({ length: MAX_RESUMES + 1 }, () => (asked: string[]) => runOf([], asked[0])));
  const r = await runResuming(entries, s.runOnce);
  expect(s.asked.map((a) => a[0])).toEqual(names.slice(0, MAX_RESUMES + 1));
  expect(r.outcomes.every((o) => !o.passed)).toBe(true);
  const left = r.outcomes[MAX_RESUMES + 1];
  expect(left.message.split('\n')[0]).toMatch(/before this test ran: .* was still running \(the file was resumed 3 times after runs that ended early; the grader stopped there\)$/);
});

test('no resume without a culprit, for an untrusted run, or for a complete run', () => {
  expect(resumableCulprit(runOf([], 'TestA2AA'))).toBe('TestA2AA');
  expect(resumableCulprit(runOf([], null))).toBeNull();
  expect(resumableCulprit(runOf([], 'TestA2AA', { integrity: 'forged' }))).toBeNull();
  const loading = runOf([], null, { killed: 'timeout' });
  expect(resumableCulprit({ ...loading, report: loading.report === null ? null : { ...loading.report, complete: false } })).toBeNull();
  expect(resumableCulprit({ ...loading, report: null })).toBeNull();
});

test('a run cut by a budget is not resumed; a file stopped between runs gives its unrun tests the reason', async () => {
  const cutoff = { notRun: 'not run: out of time (budget 30 s)', stopped: 'stopped: out of time (budget 30 s)' };
  expect(resumableCulprit(runOf(['TestA2AA'], 'TestB2AA', { killed: 'cutoff', cutoff }))).toBeNull();
  const { runOnce, asked } = scripted([() => runOf(['TestA2AA'], 'TestB2AA')]);
  const r = await runResuming([A, B, C, D], runOnce, MAX_RESUMES, () => true, () => cutoff.notRun);
  expect(asked).toHaveLength(1);
  expect(r.outcomes.map((o) => o.message)).toEqual(['', expect.stringMatching(/^timed out after 5s/), cutoff.notRun, cutoff.notRun]);
});
