/**
 * The pool of parallel jobs: never more than `jobs` at once, every result by index, results
 * handed over as they come, stopping early; and InOrder, which hands them back in order.
 */
import { InOrder, runPool } from '../runner/pool';

/** A task that finishes when the test says so. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

test('at most `jobs` tasks at once, results by index, handed over as they finish', async () => {
  const gates = [deferred(), deferred(), deferred(), deferred()];
  let running = 0;
  let most = 0;
  const finished: number[] = [];
  const pool = runPool([0, 1, 2, 3], async (i) => {
    running++;
    most = Math.max(most, running);
    await gates[i].promise;
    running--;
    return i * 10;
  }, { jobs: 2, onResult: (_r, i) => finished.push(i) });
  for (const i of [1, 0, 3, 2]) {
    gates[i].resolve();
    await new Promise((r) => setImmediate(r));
  }
  expect(await pool).toEqual([0, 10, 20, 30]);
  expect(most).toBe(2);
  expect(finished).toEqual([1, 0, 3, 2]);
});

test('stopped() ends the pool before the next task starts', async () => {
  const started: number[] = [];
  const out = await runPool([0, 1, 2, 3], (i) => {
    started.push(i);
    return Promise.resolve(i);
  }, { jobs: 1, stopped: () => started.length >= 2 });
  expect(started).toEqual([0, 1]);
  expect(out).toEqual([0, 1, undefined, undefined]);
});

test('InOrder releases each result once it and all before it are in', () => {
  const seen: string[] = [];
  const o = new InOrder<string>((r, i) => seen.push(`${i}:${r}`));
  o.put(2, 'c');
  o.put(1, 'b');
  expect(seen).toEqual([]);
  o.put(0, 'a');
  expect(seen).toEqual(['0:a', '1:b', '2:c']);
  o.put(3, 'd');
  expect(seen).toEqual(['0:a', '1:b', '2:c', '3:d']);
});
