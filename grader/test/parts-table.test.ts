/**
 * The per-part table: which parts get a row (leaves with tests, aggregates spanning more than
 * one leaf), in catalogue order, with passes and points.
 */
import type { Catalogue } from '../catalogue';
import { colors } from '../report/console';
import { formatPartTable, partRows } from '../report/parts-table';
import { entryOf, outcomeOf } from './helpers';

const CAT: Catalogue = {
  parts: [
    { kind: 'leaf', id: 'xa', title: 'First', suffix: 'XA' },
    { kind: 'leaf', id: 'xb', title: 'Second', suffix: 'XB' },
    { kind: 'aggregate', id: 'x', title: 'Both', includes: ['xa', 'xb'] },
    { kind: 'leaf', id: 'ya', title: 'Other', suffix: 'YA' },
  ],
  tests: [],
};

test('leaves with tests and the aggregate that spans them, in catalogue order', () => {
  const rows = partRows(CAT, [
    outcomeOf(entryOf('T1XB', 'xb', 3), true),
    outcomeOf(entryOf('T2XA', 'xa', 1), false),
    outcomeOf(entryOf('T3XA', 'xa', 2), true),
  ]);
  expect(rows).toEqual([
    { part: 'xa', title: 'First', passed: 1, total: 2, points: 2, maxPoints: 3 },
    { part: 'xb', title: 'Second', passed: 1, total: 1, points: 3, maxPoints: 3 },
    { part: 'x', title: 'Both', passed: 2, total: 3, points: 5, maxPoints: 6 },
  ]);
  expect(formatPartTable(rows, colors(false))).toEqual([
    'part    tests   points',
    'xa        1/2      2/3  First',
    'xb        1/1      3/3  Second',
    'x         2/3      5/6  Both',
  ]);
});

test('an aggregate is left out when the selection covers one of its leaves only', () => {
  expect(partRows(CAT, [outcomeOf(entryOf('T1XA', 'xa'), true)]).map((r) => r.part)).toEqual(['xa']);
  expect(formatPartTable([], colors(false))).toEqual([]);
});
