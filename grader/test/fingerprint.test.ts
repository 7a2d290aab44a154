/**
 * The fingerprint of the grader's own files: a changed or removed file is reported, an added
 * one is not (a run loads it only through a file that changed), and test folders are skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changedFiles, fingerprint } from '../runner/fingerprint';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-fp-'));
  for (const [f, text] of [['grader/suites/a.test.ts', 'a'], ['grader/runner/reporter.js', 'r'], ['grader/test/x.test.ts', 'x'], ['harness/jest/setup.ts', 's'], ['jest.config.js', 'j']]) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('the fingerprint covers grader/, harness/ and the configs, without test folders', () => {
  expect([...fingerprint(root).keys()].sort()).toEqual(['grader/runner/reporter.js', 'grader/suites/a.test.ts', 'harness/jest/setup.ts', 'jest.config.js']);
});

test('changed and removed files are reported, added ones and unit tests are not', () => {
  const before = fingerprint(root);
  fs.writeFileSync(path.join(root, 'grader/suites/a.test.ts'), 'a, weakened');
  fs.rmSync(path.join(root, 'harness/jest/setup.ts'));
  fs.writeFileSync(path.join(root, 'grader/suites/new.test.ts'), 'n');
  fs.writeFileSync(path.join(root, 'grader/test/x.test.ts'), 'changed');
  expect(changedFiles(before, fingerprint(root))).toEqual(['grader/suites/a.test.ts', 'harness/jest/setup.ts']);
  expect(changedFiles(before, before)).toEqual([]);
});
