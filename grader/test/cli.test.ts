/**
 * The command line: bad arguments are usage errors (exit 2) found before anything runs;
 * --list needs no tree; --trace's environment; the progress display without a terminal.
 */
import { CATALOGUE, testsOfPart, totalPoints } from '../catalogue';
import { main } from '../cli';
import { createProgress } from '../report/progress';
import { traceEnv } from '../session';

/** Runs main with console output captured. */
async function quietly(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    const status = await main(argv);
    return { status, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

test.each([
  [['--runs', '0'], /--runs.*expected a positive integer/],
  [['--jobs', 'many'], /--jobs.*expected a non-negative integer/],
  [['--memory', '64'], /--memory.*at least 128/],
  [['--timeout', '-1'], /--timeout.*positive number of seconds/],
  [['--seed', '1.5'], /--seed.*non-negative integer/],
  [['--budget', '0'], /--budget.*positive number of seconds/],
  [['--time-scale', 'fast'], /--time-scale.*positive number/],
  [['--bogus'], /unknown option '--bogus'/],
])('%j is a usage error', async (argv, why) => {
  const r = await quietly(argv);
  expect(r.status).toBe(2);
  expect(r.err).toMatch(why);
});

test('an unknown part lists the valid ones, exit 2', async () => {
  const r = await quietly(['2q', '--list']);
  expect(r.status).toBe(2);
  expect(r.err).toMatch(/unknown part: 2q\nvalid parts \(or "all"\):\n {2}2alog /);
});

test('a test pattern that matches nothing is a usage error that suggests names, exit 2', async () => {
  const none = await quietly(['2ac', '--test', 'TestNoSuchThing']);
  expect(none.status).toBe(2);
  expect(none.err).toMatch(/--test "TestNoSuchThing" matches no test name\nlist every test with: npm run grade -- --list/);
  const close = await quietly(['--test', 'leaderelection']);
  expect(close.status).toBe(2);
  expect(close.err).toMatch(/did you mean:\n(?: {2}\w+\n)* {2}TestLeaderElection2AA\n/);
  const elsewhere = await quietly(['2ac', '--test', 'TestLeaderElection2AA']);
  expect(elsewhere.status).toBe(2);
  expect(elsewhere.err).toMatch(/matches no test of part 2ac, but matches 1 in other parts: TestLeaderElection2AA \(2aa\)/);
});

test('--list shows the selection without a tree', async () => {
  const r = await quietly(['2ac', '--list', '--target', '/nowhere']);
  expect(r.status).toBe(0);
  const n = testsOfPart(CATALOGUE, '2ac');
  expect(r.out).toMatch(new RegExp(`^2ac: The RawNode interface \\(${n.length} tests, ${totalPoints(n)} points\\)`));
  expect(r.out).toContain('TestRawNodeStart2AC');
});

test('--trace sets the trace folder (absolute) and asks for every trace', () => {
  expect(traceEnv(undefined)).toEqual({});
  expect(traceEnv('/tmp/t')).toEqual({ RAFTKV_TRACE_DIR: '/tmp/t', RAFTKV_TRACE_ALL: '1' });
});

test('without a terminal there is no bar: lines are printed as they come', () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const p = createProgress(10, false);
    p.update(3, 1);
    p.log(['one', 'two']);
    p.log([]);
    p.stop();
    expect(log.mock.calls).toEqual([['one\ntwo']]);
  } finally {
    log.mockRestore();
  }
});
