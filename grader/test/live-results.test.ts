/**
 * results.json as the run goes: written at the start with every test pending, rewritten as
 * outcomes come in (in the selection's order, a note on top saying how many finished), and,
 * because each write is a whole file renamed into place, always valid: a writer process killed
 * (SIGKILL) in the middle of writing leaves a complete results.json of some earlier moment.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LiveResults, PENDING_MESSAGE } from '../report/live-results';
import type { GradescopeResults } from '../report/gradescope';
import { entryOf, outcomeOf } from './helpers';

const CTX = { seed: 1, target: 'labs' };
const [A, B, C] = ['TestA2B', 'TestB2B', 'TestC2B'].map((n) => entryOf(n, '2b', 5));

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-live-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function read(file: string): GradescopeResults {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GradescopeResults;
}

test('written at once with every test pending, then as outcomes come in, in the selection\'s order', () => {
  const file = path.join(dir, 'out', 'results.json');
  let now = 0;
  const live = new LiveResults(file, [A, B, C], CTX, () => now);
  const start = read(file);
  expect(start.score).toBe(0);
  expect(start.tests.map((t) => t.name)).toEqual(['TestA2B', 'TestB2B', 'TestC2B']);
  expect(start.tests.every((t) => t.status === 'failed' && t.output.includes(PENDING_MESSAGE))).toBe(true);
  expect(start.output).toMatch(/^partial results: 0 of 3 tests finished/);
  now = 4000;
  live.add([outcomeOf(C, true), outcomeOf(A, false, 5, 'Error: wrong value')]);
  const mid = read(file);
  expect(mid.score).toBe(5);
  expect(mid.execution_time).toBe(4);
  expect(mid.tests.map((t) => t.status)).toEqual(['failed', 'failed', 'passed']);
  expect(mid.tests[0].output).toContain('wrong value');
  expect(mid.tests[1].output).toContain(PENDING_MESSAGE);
  expect(mid.output).toMatch(/^partial results: 2 of 3 tests finished/);
});

test('a path that cannot be written does not stop the run (the closing reports it)', () => {
  const blocker = path.join(dir, 'file');
  fs.writeFileSync(blocker, '');
  expect(() => new LiveResults(path.join(blocker, 'results.json'), [A], CTX).add([outcomeOf(A, true)])).not.toThrow();
});

test('a reader never sees half a file, and a writer killed mid-write leaves a complete, valid results.json', async () => {
  const file = path.join(dir, 'results.json');
  // A child that rewrites a large results.json without pause (each a different score).
  const script = `
    const { LiveResults } = require(${JSON.stringify(path.resolve(__dirname, '../report/live-results'))});
    const tests = Array.from({ length: 400 }, (_, i) => ({ name: 'Test' + i + '2B', part: '2b', points: 1, description: 'x'.repeat(500), origin: 'ours', file: 'f' }));
    const live = new LiveResults(${JSON.stringify(file)}, tests, { seed: 1, target: 'labs' });
    let i = 0;
    for (;;) {
      live.add([{ entry: tests[i % 400], passed: true, durationMs: 1, message: '' }]);
      if (++i === 5) process.stdout.write('ready\\n');
    }`;
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
    });
    // Read it again and again while it is rewritten: every read is a whole file.
    const scores = new Set<number>();
    for (let i = 0; i < 3000 && scores.size < 20; i++) scores.add(read(file).score);
    expect(scores.size).toBeGreaterThan(1);
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
  }
  const r = read(file);
  expect(r.tests).toHaveLength(400);
  expect(r.output).toMatch(/^partial results: \d+ of 400 tests finished/);
});
