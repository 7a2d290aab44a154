/** Gradescope's results.json: its shape, scores, statuses, outputs and tags. */
import { MAX_FAILURE_CHARS, toGradescope } from '../report/gradescope';
import type { TestOutcome } from '../runner/results';

function outcome(name: string, part: string, points: number, passed: boolean, message = ''): TestOutcome {
  return {
    entry: { name, part, points, description: `${name} checks something.`, origin: part === '2alog' ? 'ours' : 'tinykv', file: 'grader/suites/2a/x.test.ts' },
    passed,
    durationMs: 1,
    message,
  };
}

const ctx = { seed: 3, target: 'solution' };

test('results.json has score, tests and execution_time, and nothing else', () => {
  const r = toGradescope([outcome('TestA2AA', '2aa', 2, true), outcome('TestB2ALog', '2alog', 1, false, '\u001b[31mError: boom\u001b[39m')], ctx, 12_600);
  expect(r).toEqual({
    score: 2,
    execution_time: 13,
    tests: [
      { name: 'TestA2AA', score: 2, max_score: 2, status: 'passed', output: 'TestA2AA checks something.', tags: ['2aa', 'tinykv'] },
      {
        name: 'TestB2ALog', score: 0, max_score: 1, status: 'failed', tags: ['2alog', 'ours'],
        output: 'TestB2ALog checks something.\n\nError: boom\n\nreplay: npm run grade -- --test TestB2ALog --seed 3 --target solution',
      },
    ],
  });
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
});

test('an empty run scores 0', () => {
  expect(toGradescope([], ctx, 0)).toEqual({ score: 0, tests: [], execution_time: 0 });
});

test('a very long failure is cut', () => {
  const r = toGradescope([outcome('TestA2AA', '2aa', 1, false, 'x'.repeat(MAX_FAILURE_CHARS * 2))], ctx, 1);
  expect(r.tests[0].output.length).toBeLessThan(MAX_FAILURE_CHARS + 300);
  expect(r.tests[0].output).toContain('... (cut)');
});
