/**
 * The catalogue's queries on a small made-up catalogue: parts, selection by part and by
 * pattern, and the problems it reports.
 */
import {
  CATALOGUE, type Catalogue, type TestEntry, catalogueProblems, describeParts, leafIds, selectTests, testsOfPart, totalPoints,
} from '../catalogue';

function entry(name: string, part = '2aa', points = 1, origin: 'tinykv' | 'ours' = 'tinykv'): TestEntry {
  return { name, part, points, description: 'Checks something.', origin, file: 'grader/suites/x/a.test.ts' };
}

const CAT: Catalogue = {
  parts: [
    { kind: 'leaf', id: '2alog', title: 'Log', suffix: '2ALog' },
    { kind: 'leaf', id: '2aa', title: 'Election', suffix: '2AA' },
    { kind: 'leaf', id: '2ab', title: 'Replication', suffix: '2AB' },
    { kind: 'leaf', id: '2ac', title: 'RawNode', suffix: '2AC' },
    { kind: 'aggregate', id: '2a', title: '2A', includes: ['2alog', '2aa', '2ab', '2ac'] },
    { kind: 'leaf', id: '2b', title: 'KV', suffix: '2B' },
    { kind: 'aggregate', id: 'later', title: 'Everything', includes: ['2a', '2b'] },
  ],
  tests: [
    entry('TestElect2AA'),
    entry('TestElectAgain2AA', '2aa', 2),
    entry('TestReplicate2AB', '2ab', 2),
    entry('TestRawNode2AC', '2ac', 3),
    entry('TestBasic2B', '2b', 2, 'ours'),
  ],
};

const names = (tests: readonly TestEntry[]): string[] => tests.map((t) => t.name);

function selected(req: { parts: string[]; pattern?: string }): string[] {
  const s = selectTests(CAT, req);
  if (!s.ok) throw new Error(`expected a selection, got: ${s.error}`);
  return names(s.tests);
}

function selectionError(req: { parts: string[]; pattern?: string }): string {
  const s = selectTests(CAT, req);
  if (s.ok) throw new Error(`expected an error, got ${names(s.tests).join(', ')}`);
  return s.error;
}

test('aggregate parts expand to their leaves, recursively and in order', () => {
  expect(leafIds(CAT, '2aa')).toEqual(['2aa']);
  expect(leafIds(CAT, '2a')).toEqual(['2alog', '2aa', '2ab', '2ac']);
  expect(leafIds(CAT, 'later')).toEqual(['2alog', '2aa', '2ab', '2ac', '2b']);
  expect(() => leafIds(CAT, 'nope')).toThrow('unknown part "nope"');
});

test('testsOfPart and totalPoints', () => {
  expect(names(testsOfPart(CAT, '2a'))).toEqual(['TestElect2AA', 'TestElectAgain2AA', 'TestReplicate2AB', 'TestRawNode2AC']);
  expect(testsOfPart(CAT, '2alog')).toEqual([]);
  expect(totalPoints(testsOfPart(CAT, '2a'))).toBe(8);
});

test('no part, or "all", selects every test in catalogue order', () => {
  const all = names(CAT.tests);
  expect(selected({ parts: [] })).toEqual(all);
  expect(selected({ parts: ['all'] })).toEqual(all);
  expect(selected({ parts: ['2b', 'all'] })).toEqual(all);
});

test('parts select the union of their tests, in catalogue order', () => {
  expect(selected({ parts: ['2ab', '2aa'] })).toEqual(['TestElect2AA', 'TestElectAgain2AA', 'TestReplicate2AB']);
  expect(selected({ parts: ['2a', '2aa'] })).toEqual(['TestElect2AA', 'TestElectAgain2AA', 'TestReplicate2AB', 'TestRawNode2AC']);
});

test('an unknown part is an error that lists the valid parts', () => {
  const error = selectionError({ parts: ['2aa', '3a'] });
  expect(error).toContain('unknown part: 3a');
  for (const id of ['2alog', '2aa', '2ab', '2ac', '2a', '2b', 'later', 'all']) expect(error).toContain(id);
});

test('a part with no tests is an error', () => {
  expect(selectionError({ parts: ['2alog'] })).toBe('part 2alog has no tests yet');
});

test('a pattern equal to a name selects that test alone', () => {
  expect(selected({ parts: [], pattern: 'TestElect2AA' })).toEqual(['TestElect2AA']);
});

test('any other pattern is a regular expression searched in names', () => {
  expect(selected({ parts: [], pattern: 'Elect' })).toEqual(['TestElect2AA', 'TestElectAgain2AA']);
  expect(selected({ parts: [], pattern: '2A[BC]$' })).toEqual(['TestReplicate2AB', 'TestRawNode2AC']);
  expect(selected({ parts: ['2ab'], pattern: 'Test' })).toEqual(['TestReplicate2AB']);
});

test('a pattern that matches nothing says so and how to list the tests', () => {
  const error = selectionError({ parts: [], pattern: 'elect' });
  expect(error).toContain('--test "elect" matches no test name');
  expect(error).toContain('did you mean:\n  TestElect2AA\n  TestElectAgain2AA');
  expect(error).toContain('npm run grade -- --list');
  expect(selectionError({ parts: [], pattern: 'Zzz' })).not.toContain('did you mean');
});

test('a pattern that matches only outside the chosen parts names them', () => {
  expect(selectionError({ parts: ['2aa'], pattern: 'TestBasic2B' })).toContain('matches no test of part 2aa, but matches 1 in other parts: TestBasic2B (2b)');
});

test('an invalid regular expression is an error', () => {
  expect(selectionError({ parts: [], pattern: 'Test(' })).toContain('is not a valid regular expression');
});

test('describeParts gives size and points, or says a part is empty', () => {
  const lines = describeParts(CAT);
  expect(lines[0]).toBe('2alog  Log (no tests yet)');
  expect(lines[4]).toBe('2a     2A (4 tests, 8 points)');
});

test('catalogueProblems finds duplicate names, wrong suffixes, bad points, bad parts and cycles', () => {
  const bad: Catalogue = {
    parts: [
      { kind: 'leaf', id: '2aa', title: 'x', suffix: '2AA' },
      { kind: 'aggregate', id: 'loop', title: 'x', includes: ['loop'] },
      { kind: 'aggregate', id: 'ghost', title: 'x', includes: ['2zz'] },
    ],
    tests: [
      entry('TestA2AA'),
      entry('TestA2AA'),
      entry('TestB2AB'),
      entry('TestC2AA', '2aa', 0),
      entry('TestD2AA', 'loop'),
      { ...entry('TestE2AA'), description: 'no full stop' },
      { ...entry('TestF2AA'), file: 'labs/raft/raft.ts' },
    ],
  };
  expect(catalogueProblems(bad)).toEqual([
    'aggregate part "loop": part "loop" includes itself (loop > loop)',
    'aggregate part "ghost": unknown part "2zz"',
    'test TestA2AA is listed twice',
    'test TestB2AB: a test of part 2aa must end in "2AA"',
    'test TestC2AA: points must be a positive integer, got 0',
    'test TestD2AA: part "loop" is not a leaf part',
    'test TestE2AA: the description must be one line ending in a full stop',
    'test TestF2AA: file "labs/raft/raft.ts" is not a suite under grader/suites/',
  ]);
  expect(catalogueProblems(CAT)).toEqual([]);
});

test('in the real catalogue, each test name selects exactly that test', () => {
  for (const t of CATALOGUE.tests) {
    const s = selectTests(CATALOGUE, { parts: [], pattern: t.name });
    expect(s.ok && names(s.tests)).toEqual([t.name]);
  }
});

test('the real catalogue defines 2a as 2alog + 2aa + 2ab + 2ac', () => {
  expect(leafIds(CATALOGUE, '2a')).toEqual(['2alog', '2aa', '2ab', '2ac']);
});
