/**
 * Gradescope's results.json: its shape (checked against the documented schema), scores,
 * statuses, outputs and tags; the settings (visibility by default, part and test, standard
 * output, leaderboard, Markdown or text); and what a student reads in a failure: the seed, a
 * replay command for their own machine, no path of the grading machine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_FAILURE_CHARS, localPaths, studentReplay, toGradescope } from '../report/gradescope';
import { DEFAULT_SETTINGS, type GradescopeSettings, SETTINGS_ENV, parseSettings, settingsFromEnv } from '../report/gradescope-settings';
import { block, code, prose } from '../report/markdown';
import type { TestOutcome } from '../runner/results';
import { gradescopeProblems } from './gradescope-schema';

const ROOT = path.resolve(__dirname, '..', '..');

function outcome(name: string, part: string, points: number, passed: boolean, message = ''): TestOutcome {
  return {
    entry: { name, part, points, description: `${name} checks something.`, origin: part === '2alog' ? 'ours' : 'tinykv', file: 'grader/suites/2a/x.test.ts' },
    passed,
    durationMs: 1,
    message,
  };
}

const ctx = { seed: 3, target: 'solution' };
const TEXT: GradescopeSettings = { ...DEFAULT_SETTINGS, format: 'text' };

test('results.json (text): score, tests, execution_time and the output formats; a failure names the seed and the replay command', () => {
  const r = toGradescope([outcome('TestA2AA', '2aa', 2, true), outcome('TestB2ALog', '2alog', 1, false, '\u001b[31mError: boom\u001b[39m')], ctx, 12_600, undefined, TEXT);
  expect(r).toEqual({
    score: 2,
    execution_time: 13,
    output_format: 'text',
    test_output_format: 'text',
    tests: [
      { name: 'TestA2AA', score: 2, max_score: 2, status: 'passed', output: 'TestA2AA checks something.', tags: ['2aa', 'tinykv'] },
      {
        name: 'TestB2ALog', score: 0, max_score: 1, status: 'failed', tags: ['2alog', 'ours'],
        output: [
          'TestB2ALog checks something.', '', 'Failed (base seed 3):', '', '    Error: boom', '',
          'Replay it on your machine (the same seed replays the same run):', '',
          '    npm run grade -- --test TestB2ALog --seed 3 --target solution',
        ].join('\n'),
      },
    ],
  });
  expect(gradescopeProblems(JSON.parse(JSON.stringify(r)))).toEqual([]);
});

test('Markdown (the default): prose escaped, failures and commands in code blocks, so Promise<void> stays whole', () => {
  const r = toGradescope([outcome('TestA2AA', '2aa', 1, false, 'src.ts(3,1): error TS2322: Type \'string\' is not assignable to type \'Promise<void>\'.')], ctx, 0, undefined, DEFAULT_SETTINGS);
  expect(r.output_format).toBe('md');
  expect(r.test_output_format).toBe('md');
  expect(r.tests[0].output).toContain("```text\nsrc.ts(3,1): error TS2322: Type 'string' is not assignable to type 'Promise<void>'.\n```");
  expect(r.tests[0].output).toContain('```text\nnpm run grade -- --test TestA2AA --seed 3 --target solution\n```');
  expect(prose('a <b> c_d *e*', 'md')).toBe('a \\<b\\> c\\_d \\*e\\*');
  expect(code('x`y', 'md')).toBe('``x`y``');
  expect(block('has ``` inside', 'md')).toBe('````text\nhas ``` inside\n````');
  expect(gradescopeProblems(r)).toEqual([]);
});

test('the grader\'s note (a tree that does not compile): the reason as prose, the compiler\'s errors in a code block, after the preamble', () => {
  const note = 'not graded: the tree does not compile (1 error; first: raft/raft.ts:1:1: error TS2322: no)\n  raft/raft.ts:1:1: error TS2322: Promise<void>';
  const r = toGradescope([outcome('TestA2AA', '2aa', 1, false, note)], ctx, 0, note, { ...DEFAULT_SETTINGS, preamble: '**Your submission**' });
  expect(r.output).toBe([
    '**Your submission**', '',
    'not graded: the tree does not compile \\(1 error; first: raft/raft.ts:1:1: error TS2322: no\\)', '',
    '```text\nraft/raft.ts:1:1: error TS2322: Promise<void>\n```',
  ].join('\n'));
  // A tree that was not graded has nothing to replay.
  expect(r.tests[0].output).not.toContain('Replay');
});

test('visibility: a default, by part, by test (a test wins over its part); stdout visibility; all valid per the schema', () => {
  const settings: GradescopeSettings = {
    ...DEFAULT_SETTINGS, visibility: 'after_due_date', byPart: { '2aa': 'after_published' }, byTest: { TestC2AA: 'hidden' }, stdoutVisibility: 'visible',
  };
  const r = toGradescope([outcome('TestA2AA', '2aa', 1, true), outcome('TestC2AA', '2aa', 1, true), outcome('TestD2AB', '2ab', 1, true)], ctx, 0, undefined, settings);
  expect(r.visibility).toBe('after_due_date');
  expect(r.stdout_visibility).toBe('visible');
  expect(r.tests.map((t) => t.visibility)).toEqual(['after_published', 'hidden', undefined]);
  expect('visibility' in r.tests[2]).toBe(false);
  expect(gradescopeProblems(r)).toEqual([]);
});

test('leaderboard, when asked: points, tests passed, and time ascending', () => {
  const r = toGradescope([outcome('TestA2AA', '2aa', 2, true), outcome('TestB2AA', '2aa', 1, false, 'x')], ctx, 4_000, undefined, { ...DEFAULT_SETTINGS, leaderboard: true });
  expect(r.leaderboard).toEqual([{ name: 'Points', value: 2 }, { name: 'Tests passed', value: 1 }, { name: 'Time (s)', value: 4, order: 'asc' }]);
  expect(gradescopeProblems(r)).toEqual([]);
  expect(toGradescope([], ctx, 0, undefined, DEFAULT_SETTINGS).leaderboard).toBeUndefined();
});

test('no grading-machine path reaches a student: the tree is labs/, project paths are relative, a trace is how to write it locally', () => {
  const tree = '/autograder/labs';
  const sub = { seed: 1, target: tree };
  const message = [
    'Error: the log was cut',
    `    at Raft.step (${tree}/raft/raft.ts:120:5)`,
    `    at Object.<anonymous> (${ROOT}/grader/suites/2b/basic.test.ts:10:3)`,
    '  replay: npm run grade -- --test TestX2B --seed 1 --target /autograder/labs',
    '  trace: /tmp/raftkv-traces/TestX2B-seed9.trace',
  ].join('\n');
  const r = toGradescope([outcome('TestX2B', '2bkv', 1, false, message)], sub, 0, undefined, TEXT);
  const out = r.tests[0].output;
  expect(out).toContain('at Raft.step (labs/raft/raft.ts:120:5)');
  expect(out).not.toMatch(/\/autograder|\/tmp\/|replay: npm/);
  expect(out).toContain('    npm run grade -- --test TestX2B --seed 1\n');
  expect(out).toContain('Add --trace traces to the command above');
  expect(localPaths(`${ROOT}/labs/raft/log.ts`, { seed: 1, target: 'labs' })).toBe('labs/raft/log.ts');
  expect(studentReplay('TestX2B', { seed: 4, target: 'labs' })).toBe('npm run grade -- --test TestX2B --seed 4');
  expect(studentReplay('TestX2B', { seed: 4, target: 'solution' })).toBe('npm run grade -- --test TestX2B --seed 4 --target solution');
});

test('an empty run scores 0; a very long failure is cut', () => {
  expect(toGradescope([], ctx, 0, undefined, TEXT)).toEqual({ score: 0, tests: [], execution_time: 0, output_format: 'text', test_output_format: 'text' });
  const r = toGradescope([outcome('TestA2AA', '2aa', 1, false, 'x'.repeat(MAX_FAILURE_CHARS * 2))], ctx, 1, undefined, TEXT);
  expect(r.tests[0].output.length).toBeLessThan(MAX_FAILURE_CHARS + 400);
  expect(r.tests[0].output).toContain('... (cut)');
});

test('settings: parsed strictly; read from the file RAFTKV_GRADESCOPE_SETTINGS names; the defaults without it', () => {
  expect(parseSettings({ visibility: 'hidden', byPart: { '2aa': 'visible' }, format: 'text' })).toEqual({
    visibility: 'hidden', byPart: { '2aa': 'visible' }, byTest: {}, leaderboard: false, format: 'text',
  });
  expect(() => parseSettings({ visibility: 'secret' })).toThrow(/visibility: "secret" is not one of hidden, after_due_date/);
  expect(() => parseSettings({ byTest: { TestA: 'later' } })).toThrow(/byTest\.TestA/);
  expect(() => parseSettings({ format: 'html' })).toThrow(/format/);
  expect(settingsFromEnv({})).toBe(DEFAULT_SETTINGS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-settings-'));
  try {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ byTest: { TestA2AA: 'hidden' }, preamble: 'hi' }));
    expect(settingsFromEnv({ [SETTINGS_ENV]: file })).toMatchObject({ byTest: { TestA2AA: 'hidden' }, preamble: 'hi', format: 'md' });
    expect(() => settingsFromEnv({ [SETTINGS_ENV]: path.join(dir, 'missing.json') })).toThrow(/ENOENT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the schema checker itself catches unknown fields, bad values and a missing score', () => {
  expect(gradescopeProblems({ score: 1, tests: [], stdout_visiblity: 'visible' })).toEqual(['results: unknown field "stdout_visiblity"']);
  expect(gradescopeProblems({ score: 1, tests: [{ name: 'x', status: 'ok' }] })).toEqual(['tests[0].status: invalid value "ok"']);
  expect(gradescopeProblems({ tests: [{ name: 'x' }] })).toEqual(['results: no top-level score, and not every test has one']);
  expect(gradescopeProblems({ score: 0, output_format: 'markdown', leaderboard: [{ value: 1 }] }))
    .toEqual(['results.output_format: invalid value "markdown"', 'leaderboard[0]: needs a name and a value']);
});
