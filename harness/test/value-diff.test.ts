/**
 * describeValueDiff: a wrong scan of appended values explained as missing, extra or different
 * values, not as two long lines.
 */
import { describeValueDiff, splitValues } from '../cluster/value-diff';

/** Client 0's values j in [from, to), joined as a scan joins them. */
function values(from: number, to: number): string {
  let s = '';
  for (let j = from; j < to; j++) s += `x 0 ${j} y`;
  return s;
}

test('splitValues cuts a joined scan into its values and keeps stray text as its own token', () => {
  expect(splitValues('x 0 1 yx 0 2 y')).toEqual(['x 0 1 y', 'x 0 2 y']);
  expect(splitValues('junkx 0 1 y tail')).toEqual(['junk', 'x 0 1 y', 'tail']);
  expect(splitValues('')).toEqual([]);
});

test('equal scans have no diff', () => {
  expect(describeValueDiff(values(0, 5), values(0, 5))).toBe('');
});

test('values missing at the end are named', () => {
  expect(describeValueDiff(values(0, 91), values(0, 89))).toBe(
    'expected 91 values, the scan returned 89; the first 89 agree\nmissing at the end: `x 0 89 y`, `x 0 90 y`');
});

test('a value missing in the middle is placed after its predecessor', () => {
  const got = values(0, 4) + values(5, 10);
  expect(describeValueDiff(values(0, 10), got)).toBe(
    'expected 10 values, the scan returned 9; the first 4 agree\nmissing after `x 0 3 y`: `x 0 4 y`');
});

test('a value applied twice shows as extra and as returned more than once', () => {
  const got = values(0, 3) + 'x 0 2 y' + values(3, 5);
  expect(describeValueDiff(values(0, 5), got)).toBe(
    'expected 5 values, the scan returned 6; the first 3 agree\nextra after `x 0 2 y`: `x 0 2 y`\n'
    + 'returned more than once: `x 0 2 y` (an entry applied twice?)');
});

test('different values list both sides, capped', () => {
  const d = describeValueDiff(values(0, 20), values(0, 2) + values(100, 118));
  expect(d.split('\n')[1]).toBe('different at the end: expected `x 0 2 y`, `x 0 3 y`, `x 0 4 y`, `x 0 5 y`, `x 0 6 y`, `x 0 7 y` and 12 more; '
    + 'got `x 0 100 y`, `x 0 101 y`, `x 0 102 y`, `x 0 103 y`, `x 0 104 y`, `x 0 105 y` and 12 more');
});
