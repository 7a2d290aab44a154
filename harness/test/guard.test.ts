/**
 * The guard of the test environment (harness/jest/guard.ts): quiet when nothing was touched,
 * and it names what was replaced (a built-in, a jest global, a matcher) or what `expect` gets
 * wrong. Each test puts back what it replaced, in a finally block, before the guard's own
 * afterEach looks.
 */
import { TAMPERED, assertUntouched, misbehaviours, tamperings } from '../jest/guard';

test('nothing is reported in a clean environment (during a test, Math.random is the seeded one)', () => {
  expect(tamperings('after')).toEqual([]);
  expect(() => assertUntouched('after')).not.toThrow();
  expect(tamperings('before')).toEqual(['Math.random was replaced']);
});

test('a replaced built-in is named, and put back it is forgotten', () => {
  const every = Array.prototype.every;
  try {
    Object.defineProperty(Array.prototype, 'every', { value: () => true, writable: true, configurable: true });
    expect(tamperings('after')).toContain('Array.prototype.every was replaced');
    expect(() => assertUntouched('before')).toThrow(new RegExp(`^${TAMPERED} \\(found before the test ran\\): Array\\.prototype\\.every was replaced`));
  } finally {
    Array.prototype.every = every;
  }
  expect(tamperings('after')).toEqual([]);
});

test('Math.random and Date.now may be swapped during a test, but not across tests', () => {
  const now = Date.now;
  try {
    Date.now = () => 5;
    expect(tamperings('after')).toEqual([]);
    expect(tamperings('before')).toEqual(['Math.random was replaced', 'Date.now was replaced']);
  } finally {
    Date.now = now;
  }
});

test('a replaced matcher is found twice: by identity and by behaviour', () => {
  const key = Symbol.for('$$jest-matchers-object');
  const holder = (globalThis as unknown as Record<symbol, { matchers: Record<string, unknown> }>)[key];
  const toBe = holder.matchers.toBe;
  try {
    holder.matchers.toBe = () => ({ pass: true, message: () => '' });
    const found = tamperings('after');
    expect(found).toContain('matchers.toBe was replaced');
    expect(found).toContain('expect(1).toBe(2) passed');
  } finally {
    holder.matchers.toBe = toBe;
  }
});

test('misbehaviours lists what a fake expect gets wrong, and nothing for the real one', () => {
  const noop = (): undefined => undefined;
  const lenient = { toEqual: noop, toBe: noop, toThrow: noop, toBeLessThan: noop, not: { toBeNull: noop } };
  const fake = (() => lenient) as unknown as typeof expect;
  expect(misbehaviours(fake)).toEqual([
    'expect(1).toBe(2) passed',
    'expect({ a: [1] }).toEqual({ a: [2] }) passed',
    'expect([1, 2]).toEqual([1, 2, 3]) passed',
    'expect(bytes [1]).toEqual(bytes [2]) passed',
    'expect(() => {}).toThrow() passed',
    'expect(null).not.toBeNull() passed',
    'expect(2).toBeLessThan(1) passed',
  ]);
  expect(misbehaviours(expect)).toEqual([]);
});

test('the checks leave the test\'s assertion count alone', () => {
  expect.assertions(1);
  tamperings('after');
  expect(1).toBe(1);
});
