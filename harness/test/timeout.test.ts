/**
 * One per-test time limit: the grader's --timeout reaches jest's config and the KV tests'
 * own limit through RAFTKV_TEST_TIMEOUT_MS.
 */
import * as path from 'node:path';
import { testTimeoutMs } from '../jest/timeout';

const KEY = 'RAFTKV_TEST_TIMEOUT_MS';

function withEnv<T>(value: string | undefined, f: () => T): T {
  const saved = process.env[KEY];
  if (value === undefined) delete process.env[KEY];
  else process.env[KEY] = value;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env[KEY];
    else process.env[KEY] = saved;
  }
}

test('testTimeoutMs takes the grader\'s limit, else the fallback', () => {
  expect(withEnv('300000', () => testTimeoutMs(120_000))).toBe(300_000);
  expect(withEnv(undefined, () => testTimeoutMs(120_000))).toBe(120_000);
  expect(withEnv('', () => testTimeoutMs(5))).toBe(5);
  expect(withEnv('soon', () => testTimeoutMs(5))).toBe(5);
  expect(withEnv('-1', () => testTimeoutMs(5))).toBe(5);
});

test('jest.config.js sets jest\'s testTimeout from the same variable', () => {
  const file = path.join(__dirname, '..', '..', 'jest.config.js');
  const load = (): { testTimeout?: number } => {
    let cfg: { testTimeout?: number } = {};
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config is CommonJS, read as jest reads it
      cfg = require(file) as { testTimeout?: number };
    });
    return cfg;
  };
  expect(withEnv('300000', load).testTimeout).toBe(300_000);
  expect(withEnv(undefined, load).testTimeout).toBe(20_000);
});
