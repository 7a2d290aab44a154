/**
 * Unit tests of GenericTest's values and of checkClntAppends (TinyKV's check that every
 * append of a client is present once and in order).
 */
import { checkClntAppends, clientKey, clientPrefix, clientValue, nextValue } from '../cluster/appends';

describe('GenericTest values', () => {
  test('keys, values and prefixes have TinyKV\'s format', () => {
    expect(clientKey(3, 42)).toBe('3 00000042');
    expect(clientKey(12, 0)).toBe('12 00000000');
    expect(clientValue(3, 42)).toBe('x 3 42 y');
    expect(clientPrefix(3)).toBe('3 ');
    expect(clientKey(3, 42).startsWith(clientPrefix(3))).toBe(true);
    expect(nextValue('x 0 0 y', 'x 0 1 y')).toBe('x 0 0 yx 0 1 y');
  });

  test('keys sort in put order, so a scan returns the values in order', () => {
    const keys = [0, 1, 9, 10, 99, 100, 12345].map((j) => clientKey(1, j));
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('checkClntAppends', () => {
  const all = (cli: number, n: number): string => Array.from({ length: n }, (_, j) => clientValue(cli, j)).join('');

  test('accepts every append once and in order', () => {
    expect(checkClntAppends(0, all(0, 12), 12)).toBeNull();
    expect(checkClntAppends(0, '', 0)).toBeNull();
  });

  test('ignores other clients\' values and values past the count', () => {
    expect(checkClntAppends(1, all(2, 3) + all(1, 5) + clientValue(1, 7), 5)).toBeNull();
  });

  test('reports a missing element', () => {
    const v = clientValue(0, 0) + clientValue(0, 2);
    expect(checkClntAppends(0, v, 3)).toMatch(/missing element "x 0 1 y"/);
  });

  test('reports a duplicate element', () => {
    const v = clientValue(0, 0) + clientValue(0, 1) + clientValue(0, 1);
    expect(checkClntAppends(0, v, 2)).toMatch(/duplicate element "x 0 1 y"/);
  });

  test('reports the wrong order', () => {
    const v = clientValue(0, 1) + clientValue(0, 0);
    expect(checkClntAppends(0, v, 2)).toMatch(/wrong order for element "x 0 1 y"/);
  });

  test('does not take "x 1 1 y" for part of "x 1 11 y"', () => {
    expect(checkClntAppends(1, clientValue(1, 0) + clientValue(1, 11), 2)).toMatch(/missing element "x 1 1 y"/);
  });
});
