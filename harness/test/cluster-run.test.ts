/**
 * Unit tests of the KV test runner (harness/cluster/run.ts) and the cluster's client side on a
 * small cluster of the reference store: a failing test names its seed, its replay command and
 * its trace file; a non-linearizable history fails; work started with spawn fails the test as
 * soon as it throws; and the client API (put, get, delete, scan, engine checks) works.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KvTestFailure, replayCommand, runKvTest } from '../cluster/run';

const saved = { dir: process.env.RAFTKV_TRACE_DIR, all: process.env.RAFTKV_TRACE_ALL, target: process.env.RAFTKV_TARGET };
let dir = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-run-test-'));
  process.env.RAFTKV_TRACE_DIR = dir;
  delete process.env.RAFTKV_TRACE_ALL;
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [['RAFTKV_TRACE_DIR', saved.dir], ['RAFTKV_TRACE_ALL', saved.all], ['RAFTKV_TARGET', saved.target]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** Runs `p`, which must reject, and returns what it rejected with. */
async function failureOf(p: Promise<void>): Promise<KvTestFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KvTestFailure);
    return e as KvTestFailure;
  }
  throw new Error('expected the test to fail, but it passed');
}

test('a one-store cluster serves puts, gets, deletes and scans, and the engine shows them', async () => {
  await runKvTest('one store', { count: 1 }, async (c) => {
    await c.mustPut('b', '2');
    await c.mustPut('a', '1');
    await c.mustPut('c', '3');
    await c.mustGet('a', '1');
    expect(new TextDecoder().decode(await c.get('missing'))).toBe('');
    await c.mustDelete('c');
    const values = (await c.scan('', '')).map((v) => new TextDecoder().decode(v));
    expect(values).toEqual(['1', '2']);
    expect((await c.scan('b', 'c')).length).toBe(1);
    await c.mustGetEqual(c.engines(1), 'a', '1');
    await c.mustGetNone(c.engines(1), 'c');
    expect(c.history.operations().map((op) => op.input.op)).toEqual(['put', 'put', 'put', 'get', 'get', 'delete', 'scan', 'scan']);
  });
});

test('a failure names the seed, the replay command and the trace file, which is written', async () => {
  process.env.RAFTKV_TARGET = 'labs';
  const f = await failureOf(runKvTest('TestFailing', { count: 1 }, async (c) => {
    await c.sim.sleep(1234);
    throw new Error('expected 1, got 2');
  }));
  expect(f.message).toMatch(/^expected 1, got 2\n/);
  expect(f.message).toContain(`seed ${f.seed}, base seed ${f.base}`);
  expect(f.message).toContain('failed at virtual time 1234.0 ms');
  expect(f.message).toContain(`replay: npm run grade -- --test TestFailing --seed ${f.base} --target labs`);
  expect(f.tracePath).not.toBeNull();
  expect(f.message).toContain(`trace: ${f.tracePath ?? ''}`);
  expect(path.dirname(f.tracePath ?? '')).toBe(dir);
  expect(fs.readFileSync(f.tracePath ?? '', 'utf8')).toMatch(/^# seed \d+/);
});

test('a passing test writes no trace, unless RAFTKV_TRACE_ALL=1', async () => {
  await runKvTest('quiet', { count: 1 }, async (c) => c.sim.sleep(10));
  expect(fs.readdirSync(dir)).toEqual([]);
  process.env.RAFTKV_TRACE_ALL = '1';
  await runKvTest('traced', { count: 1 }, async (c) => c.sim.sleep(10));
  expect(fs.readdirSync(dir).sort()).toEqual([expect.stringMatching(/^traced-seed\d+\.trace$/), expect.stringMatching(/^traced-seed\d+\.trace\.jsonl\.gz$/)]);
});

test('a history that is not linearizable fails the test with the checker\'s explanation', async () => {
  const f = await failureOf(runKvTest('stale read', { count: 1 }, async (c) => {
    // A put of "1" that returned, then a get that started later and saw nothing.
    const put = c.history.begin(0, { op: 'put', key: 'k', value: '1' }, 10);
    c.history.end(put, {}, 20);
    const get = c.history.begin(1, { op: 'get', key: 'k' }, 30);
    c.history.end(get, { value: '' }, 40);
  }));
  expect(f.message).toMatch(/expected the history of client operations to be linearizable, but the checker says 'illegal'/);
});

test('spawned work that throws fails the test at once', async () => {
  const f = await failureOf(runKvTest('spawned', { count: 1 }, async (c) => {
    void c.spawn('client 7', async () => {
      await c.sim.sleep(25);
      throw new Error('client 7 saw a wrong value');
    });
    await c.sim.sleep(1_000_000);
  }));
  expect(f.message).toMatch(/^client 7 saw a wrong value/);
  expect(f.virtualMs).toBe(25);
});

test('a request to a cluster that never answers ends in "request timeout", on virtual time', async () => {
  const f = await failureOf(runKvTest('no answers', { count: 1 }, async (c) => {
    await c.main.getRegion(new Uint8Array(0));
    c.stopServer(1);
    await c.mustPut('k', 'v');
  }));
  expect(f.message).toMatch(/^request timeout: Put of key "k" \(client -1\) got no successful answer in 10 tries/);
  // The put is recorded with an unknown outcome; a write that may have happened does not break the check.
  expect(f.virtualMs).toBeGreaterThan(50_000);
});

test('replayCommand quotes what the shell would split', () => {
  delete process.env.RAFTKV_TARGET;
  expect(replayCommand('TestBasic2B', 3)).toBe('npm run grade -- --test TestBasic2B --seed 3 --target solution');
  process.env.RAFTKV_TARGET = '/tmp/my tree';
  expect(replayCommand('a b', 1)).toBe(`npm run grade -- --test 'a b' --seed 1 --target '/tmp/my tree'`);
});
