/** Unit tests of scripts/labs-sync.ts: shared code from solution/, region bodies from labs/. */
import { mergeRegions } from '../../scripts/labs-sync';

const solution = [
  'const a = 1; // changed in solution',
  '  // #region 2B: first',
  '  return real();',
  '  // #endregion',
  '// #region 2C: second',
  'answer();',
  '// #endregion',
  'end',
].join('\n');

test('keeps the skeleton bodies and takes everything else from solution/', () => {
  const labs = [
    'const a = 0;',
    '  // #region 2B: first',
    '  // TODO',
    '  return stub();',
    '  // #endregion',
    '// #region 2C: second',
    'stub2();',
    '// #endregion',
    'end',
  ].join('\n');
  const { text, missing } = mergeRegions(solution, labs);
  expect(missing).toEqual([]);
  expect(text.split('\n')).toEqual([
    'const a = 1; // changed in solution',
    '  // #region 2B: first',
    '  // TODO',
    '  return stub();',
    '  // #endregion',
    '// #region 2C: second',
    'stub2();',
    '// #endregion',
    'end',
  ]);
});

test('a region new in solution/ gets a placeholder and is reported', () => {
  const { text, missing } = mergeRegions(solution, null);
  expect(missing).toEqual(['2B: first', '2C: second']);
  expect(text).toContain("  TODO: write the skeleton's stub for this region");
});
