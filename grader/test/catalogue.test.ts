/**
 * The catalogue and the suites agree: every test in grader/suites is in the catalogue (with
 * the right file), every catalogue entry has its test, and the catalogue itself is sound.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, catalogueProblems, leafIds, testsOfPart } from '../catalogue';

const ROOT = path.resolve(__dirname, '..', '..');
const SUITES = path.join(ROOT, 'grader', 'suites');

/** Every suite file under grader/suites, relative to the repository root. */
function suiteFiles(): string[] {
  if (!fs.existsSync(SUITES)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.test.ts')) out.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  walk(SUITES);
  return out.sort();
}

/** The test names declared in a suite file: `test('Name'` or `it('Name'`. */
function declaredTests(source: string): string[] {
  const names: string[] = [];
  const re = /\b(?:test|it)\s*\(\s*(['"`])([^'"`\n]+)\1/g;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) names.push(m[2]);
  return names;
}

test('the catalogue is sound (unique names, leaf parts, suffixes, points, descriptions)', () => {
  expect(catalogueProblems(CATALOGUE)).toEqual([]);
});

test('the catalogue holds TinyKV\'s 52 2A tests, its 3 PeerStorage and 11 KV 2B tests, its 7 raft-level and 6 KV 2C tests', () => {
  const tinykv = CATALOGUE.tests.filter((t) => t.origin === 'tinykv');
  const count = (part: string): number => testsOfPart(CATALOGUE, part).filter((t) => t.origin === 'tinykv').length;
  expect(tinykv.length).toBe(52 + 3 + 11 + 7 + 6);
  // Current TinyKV names: TestVoter2AB and TestRecvMessageType_MsgRequestVote2AB (older copies say 2AA).
  expect({
    '2aa': count('2aa'), '2ab': count('2ab'), '2ac': count('2ac'), '2a': count('2a'),
    '2bps': count('2bps'), '2bkv': count('2bkv'), '2b': count('2b'), '2craft': count('2craft'), '2ckv': count('2ckv'),
  }).toEqual({ '2aa': 24, '2ab': 26, '2ac': 2, '2a': 52, '2bps': 3, '2bkv': 11, '2b': 14, '2craft': 7, '2ckv': 6 });
});

test('part 2craft holds the raft-level 2C tests (TinyKV\'s and ours, none of the KV suites) and part 2c includes it', () => {
  const raft2c = testsOfPart(CATALOGUE, '2craft');
  const kvFiles = testsOfPart(CATALOGUE, '2ckv').map((t) => t.file);
  expect(raft2c.filter((t) => t.file === 'grader/suites/2c/flow_control.test.ts')).toHaveLength(7);
  expect(raft2c.filter((t) => kvFiles.includes(t.file))).toEqual([]);
  expect(raft2c.every((t) => t.file.startsWith('grader/suites/2c/'))).toBe(true);
  expect(leafIds(CATALOGUE, '2c')).toContain('2craft');
});

test('every suite test is in the catalogue and every catalogue entry has its test', () => {
  const differences: string[] = [];
  const where = new Map<string, string>();
  for (const file of suiteFiles()) {
    for (const name of declaredTests(fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
      if (where.has(name)) differences.push(`${name}: declared twice (${where.get(name)} and ${file})`);
      where.set(name, file);
    }
  }
  const catalogued = new Map(CATALOGUE.tests.map((t) => [t.name, t]));
  for (const [name, file] of where) {
    const entry = catalogued.get(name);
    if (entry === undefined) differences.push(`${name}: in ${file} but not in the catalogue`);
    else if (entry.file !== file) differences.push(`${name}: in ${file} but the catalogue says ${entry.file}`);
  }
  for (const entry of CATALOGUE.tests) {
    if (!where.has(entry.name)) differences.push(`${entry.name}: in the catalogue but ${entry.file} has no such test`);
  }
  expect(differences).toEqual([]);
});

test('no suite focuses or skips tests', () => {
  const offenders = suiteFiles().flatMap((file) => {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    return lines.flatMap((line, i) => (/\b(?:test|it|describe)\.(?:only|skip|todo)\b|\b[xf](?:it|describe|test)\s*\(/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
  });
  expect(offenders).toEqual([]);
});

test('declaredTests finds test and it calls with any quote', () => {
  const src = ["test('TestA2AA', () => {});", '  it("TestB2AB", () => {});', 'test(`TestC2AC`, async () => {});', "// attest('no')", "foo.test('TestD2AA')"].join('\n');
  expect(declaredTests(src)).toEqual(['TestA2AA', 'TestB2AB', 'TestC2AC', 'TestD2AA']);
});
