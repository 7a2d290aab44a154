/**
 * The core of `npm run labs:check` (scripts/labs-check.ts): parsing regions, comparing one
 * file of labs/ with its solution/ twin, comparing the file sets, and two small trees on disk.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkTrees, compareFile, compareFileSets, formatViolation, listFiles, main, parseRegions,
} from '../../scripts/labs-check';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

const SOLUTION = lines(
  'export function f(): number {',
  '  // #region 2AA: count the votes',
  '  const votes = 3;',
  '  return votes;',
  '  // #endregion',
  '}',
  '// #region 2AB: the log',
  'export const log = [1, 2];',
  '// #endregion',
);

const LABS = lines(
  'export function f(): number {',
  '  // #region 2AA: count the votes',
  "  throw new Error('TODO(2AA): count the votes');",
  '  // #endregion',
  '}',
  '// #region 2AB: the log',
  '// #endregion',
);

test('parseRegions keeps the lines outside regions and the markers', () => {
  const p = parseRegions(SOLUTION);
  expect(p.errors).toEqual([]);
  expect(p.regions).toBe(2);
  expect(p.items.map((i) => [i.kind, i.line])).toEqual([
    ['line', 1], ['open', 2], ['close', 5], ['line', 6], ['open', 7], ['close', 9], ['line', 10],
  ]);
});

test('parseRegions reports malformed markers, unknown parts, nesting and unclosed regions', () => {
  const p = parseRegions(lines(
    '// #region 2AA: one',
    '// #region 2AB: nested',
    '// #endregion',
    '// #endregion',
    '// #region 3A: later',
    '// #endregion',
    '//#region 2AA: no space',
    '// #region 2AA',
    '// #endregion',
    '// #endregion trailing',
    '// #region 2C: never closed',
  ));
  expect(p.errors).toEqual([
    { line: 2, message: 'region opened inside the region opened at line 1 (regions do not nest)' },
    { line: 4, message: '"// #endregion" without a region to close' },
    { line: 5, message: 'region part "3A" is not one of 2ALog, 2AA, 2AB, 2AC, 2B, 2C' },
    { line: 7, message: 'malformed region marker "//#region 2AA: no space": expected "// #region <PART>: <what>" or "// #endregion"' },
    { line: 8, message: 'malformed region marker "// #region 2AA": expected "// #region <PART>: <what to write>"' },
    { line: 10, message: 'malformed region marker "// #endregion trailing": expected "// #region <PART>: <what>" or "// #endregion"' },
    { line: 11, message: 'region never closed (no "// #endregion" after it)' },
  ]);
});

test('files that differ only inside regions pass', () => {
  expect(compareFile('raft/raft.ts', LABS, SOLUTION)).toEqual({ violations: [], regions: 2 });
  expect(compareFile('raft/util.ts', 'same\n', 'same\n')).toEqual({ violations: [], regions: 0 });
});

test('a line changed outside regions is reported with both line numbers', () => {
  const labs = LABS.replace('export function f', 'export function g');
  const r = compareFile('raft/raft.ts', labs, SOLUTION);
  expect(r.violations).toEqual([{
    file: 'raft/raft.ts', labsLine: 1, solutionLine: 1,
    message: 'a line outside regions differs: labs/ "export function g(): number {", solution/ "export function f(): number {"',
  }]);
  expect(formatViolation(r.violations[0])).toBe(
    'raft/raft.ts (labs/ line 1, solution/ line 1): a line outside regions differs: labs/ "export function g(): number {", solution/ "export function f(): number {"',
  );
});

test('whitespace and line endings count: outside regions the files are byte-identical', () => {
  expect(compareFile('a.ts', LABS.replace('}\n', '} \n'), SOLUTION).violations[0].message).toContain('a line outside regions differs');
  expect(compareFile('a.ts', LABS.replace(/\n$/, ''), SOLUTION).violations).toEqual([
    { file: 'a.ts', labsLine: 7, solutionLine: 10, message: 'only solution/ ends with a newline' },
  ]);
});

test('a changed region description, part or indentation is reported', () => {
  const described = compareFile('a.ts', LABS.replace('count the votes', 'count votes'), SOLUTION).violations;
  expect(described).toEqual([{
    file: 'a.ts', labsLine: 2, solutionLine: 2,
    message: 'region markers differ: labs/ "  // #region 2AA: count votes", solution/ "  // #region 2AA: count the votes"',
  }]);
  expect(compareFile('a.ts', LABS.replace('// #region 2AB', '// #region 2AC'), SOLUTION).violations[0].message).toMatch(/^region markers differ/);
  expect(compareFile('a.ts', LABS.replace('  // #region 2AA', '    // #region 2AA'), SOLUTION).violations[0].message).toMatch(/^region markers differ/);
});

test('a region present in one tree only is reported', () => {
  const solution = lines('a', '// #region 2B: extra', 'x', '// #endregion', 'b');
  const labs = lines('a', 'b');
  expect(compareFile('a.ts', labs, solution).violations).toEqual([{
    file: 'a.ts', labsLine: 2, solutionLine: 2,
    message: 'only solution/ opens a region here: "// #region 2B: extra" (the other tree has "b")',
  }]);
  expect(compareFile('a.ts', solution, labs).violations[0].message).toBe('only labs/ opens a region here: "// #region 2B: extra" (the other tree has "b")');
});

test('extra lines at the end of one file are reported', () => {
  const r = compareFile('a.ts', lines('a', 'b'), lines('a'));
  expect(r.violations).toEqual([{ file: 'a.ts', labsLine: 2, solutionLine: 2, message: 'a line outside regions differs: labs/ "b", solution/ ""' }]);
  const r2 = compareFile('a.ts', 'a', 'a\nb');
  expect(r2.violations).toEqual([{ file: 'a.ts', labsLine: 1, solutionLine: 2, message: 'solution/ has more outside regions: "b"' }]);
});

test('marker errors are reported per tree and stop the comparison of that file', () => {
  const r = compareFile('a.ts', lines('// #region 9Z: bad', '// #endregion', 'different'), SOLUTION);
  expect(r.violations).toEqual([{ file: 'a.ts', labsLine: 1, message: 'labs/: region part "9Z" is not one of 2ALog, 2AA, 2AB, 2AC, 2B, 2C' }]);
});

test('compareFileSets lists the files present in one tree only', () => {
  expect(compareFileSets(['a.ts', 'b.ts'], ['b.ts', 'c.ts'])).toEqual([
    { file: 'c.ts', message: 'exists in solution/ but not in labs/' },
    { file: 'a.ts', message: 'exists in labs/ but not in solution/' },
  ]);
});

describe('on disk', () => {
  let dir: string;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labs-check-'));
    write('solution/raft/raft.ts', SOLUTION);
    write('labs/raft/raft.ts', LABS);
    write('solution/raft/util.ts', 'same\n');
    write('labs/raft/util.ts', 'same\n');
    write('solution/proto/generated/proto.js', 'generated, solution\n');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('listFiles skips proto/generated', () => {
    expect(listFiles(path.join(dir, 'solution'))).toEqual(['raft/raft.ts', 'raft/util.ts']);
  });

  test('matching trees pass, and main prints the summary', () => {
    expect(checkTrees(path.join(dir, 'labs'), path.join(dir, 'solution'))).toEqual({ files: 2, regions: 2, violations: [] });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(main([path.join(dir, 'labs'), path.join(dir, 'solution')])).toBe(0);
      expect(log).toHaveBeenCalledWith('labs:check: 2 files, 2 regions, labs/ and solution/ differ only inside regions');
    } finally {
      log.mockRestore();
    }
  });

  test('a missing file and a changed line fail, and main exits 1', () => {
    write('solution/raft/log.ts', 'x\n');
    write('labs/raft/util.ts', 'changed\n');
    const r = checkTrees(path.join(dir, 'labs'), path.join(dir, 'solution'));
    expect(r.violations.map(formatViolation)).toEqual([
      'raft/log.ts: exists in solution/ but not in labs/',
      'raft/util.ts (labs/ line 1, solution/ line 1): a line outside regions differs: labs/ "changed", solution/ "same"',
    ]);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main([path.join(dir, 'labs'), path.join(dir, 'solution')])).toBe(1);
    } finally {
      err.mockRestore();
    }
  });

  test('a missing or empty labs/ fails with a clear message', () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main([path.join(dir, 'nope'), path.join(dir, 'solution')])).toBe(1);
      expect(err).toHaveBeenLastCalledWith(`labs:check: ${path.join(dir, 'nope')} does not exist: there is no labs tree to compare`);
      fs.mkdirSync(path.join(dir, 'empty'));
      expect(main([path.join(dir, 'empty'), path.join(dir, 'solution')])).toBe(1);
      expect(err).toHaveBeenLastCalledWith(`labs:check: ${path.join(dir, 'empty')} has no files yet: the skeleton has not been made from solution/`);
    } finally {
      err.mockRestore();
    }
  });
});
