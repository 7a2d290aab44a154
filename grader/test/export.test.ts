/**
 * The platform exports, generated from the catalogue: Classroom's autograding.json and
 * workflow (one test per leaf part, points from the catalogue), and the Gradescope bundle
 * (setup.sh, run_autograder, the project files without solution/ and the unit tests).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOGUE, type Catalogue, testsOfPart, totalPoints } from '../catalogue';
import { autogradingJson, classroomTests, classroomWorkflow, stepId } from '../export/classroom';
import { exportClassroom, runExport } from '../export/command';
import { excludedFromBundle, runAutograderScript, setupScript, writeGradescopeBundle } from '../export/gradescope-bundle';

const CAT: Catalogue = {
  parts: [
    { kind: 'leaf', id: '2aa', title: 'Leader election', suffix: '2AA' },
    { kind: 'leaf', id: '2ab', title: 'Log replication', suffix: '2AB' },
    { kind: 'leaf', id: '2zz', title: 'Nothing yet', suffix: '2ZZ' },
    { kind: 'aggregate', id: '2a', title: 'Project 2A', includes: ['2aa', '2ab'] },
  ],
  tests: [
    { name: 'TestX2AA', part: '2aa', points: 2, description: 'X.', origin: 'tinykv', file: 'grader/suites/2a/x.test.ts' },
    { name: 'TestY2AA', part: '2aa', points: 1, description: 'Y.', origin: 'tinykv', file: 'grader/suites/2a/x.test.ts' },
    { name: 'TestZ2AB', part: '2ab', points: 3, description: 'Z.', origin: 'ours', file: 'grader/suites/2a/x.test.ts' },
  ],
};

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-export-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

test('autograding.json: one test per leaf part with tests, points from the catalogue, npm ci once', () => {
  expect(autogradingJson(classroomTests(CAT))).toEqual({
    tests: [
      { name: '2aa: Leader election', setup: 'npm ci', run: 'npm run grade -- 2aa', input: '', output: '', comparison: 'included', timeout: 10, points: 3 },
      { name: '2ab: Log replication', setup: '', run: 'npm run grade -- 2ab', input: '', output: '', comparison: 'included', timeout: 10, points: 3 },
    ],
  });
});

test('the real catalogue: the Classroom points add up to the catalogue\'s', () => {
  const tests = classroomTests(CATALOGUE);
  expect(tests.reduce((s, t) => s + t.points, 0)).toBe(totalPoints(CATALOGUE.tests));
  for (const t of tests) expect(t.points).toBe(totalPoints(testsOfPart(CATALOGUE, t.part)));
});

test('classroom.yml: a grader step per part with its id, and a reporter that lists them all', () => {
  const yml = classroomWorkflow(classroomTests(CAT, 20));
  expect(stepId('2aa')).toBe('part-2aa');
  expect(yml).toContain([
    '      - name: "2aa: Leader election"',
    '        id: part-2aa',
    '        uses: classroom-resources/autograding-command-grader@v1',
    '        with:',
    '          test-name: "2aa: Leader election"',
    '          setup-command: ""',
    '          command: "npm run grade -- 2aa"',
    '          timeout: 20',
    '          max-score: 3',
  ].join('\n'));
  expect(yml).toContain('          PART-2AB_RESULTS: "${{steps.part-2ab.outputs.result}}"');
  expect(yml).toContain('          runners: part-2aa,part-2ab');
  expect(yml).toContain('        run: npm ci');
  expect(yml).not.toMatch(/\t/);
});

test('exportClassroom writes both files; parts narrow it; an aggregate stands for its leaves', () => {
  const [json, yml] = exportClassroom(CAT, out, ['2a'], 10);
  expect(path.relative(out, json)).toBe(path.join('.github', 'classroom', 'autograding.json'));
  expect(path.relative(out, yml)).toBe(path.join('.github', 'workflows', 'classroom.yml'));
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as { tests: { run: string }[] };
  expect(parsed.tests.map((t) => t.run)).toEqual(['npm run grade -- 2aa', 'npm run grade -- 2ab']);
  exportClassroom(CAT, out, ['2ab'], 10);
  expect((JSON.parse(fs.readFileSync(json, 'utf8')) as { tests: unknown[] }).tests).toHaveLength(1);
});

test('setup.sh installs Node 20 and runs npm ci; run_autograder copies the tree only and grades with --json', () => {
  const setup = setupScript();
  expect(setup.startsWith('#!/usr/bin/env bash\n')).toBe(true);
  expect(setup).toContain('https://deb.nodesource.com/setup_20.x');
  expect(setup).toContain('npm ci');
  const run = runAutograderScript(['2a'], 116);
  expect(run).toContain('if [ -d "$SUB/labs" ]; then TREE="$SUB/labs"');
  expect(run).toContain('cp -R "$TREE"/. labs/');
  expect(run).toContain('npm run -s grade -- 2a --target labs --jobs "$JOBS" --memory "$MEMORY_MB" --json "$RESULTS"');
  expect(run).toContain('RESULTS=/autograder/results/results.json');
  expect(runAutograderScript([], 1)).toContain('npm run -s grade -- all --target labs');
});

test('the bundle leaves out solution/, node_modules, generated protos and unit tests', () => {
  for (const p of ['solution/raft/raft.ts', 'labs/node_modules/x', 'labs/proto/generated/proto.js', 'grader/test/x.test.ts', 'harness/test/y.test.ts']) {
    expect(excludedFromBundle(p)).toBe(true);
  }
  for (const p of ['grader/cli.ts', 'grader/suites/2a/raft.test.ts', 'harness/jest/setup.ts', 'labs/raft/raft.ts', 'package-lock.json']) {
    expect(excludedFromBundle(p)).toBe(false);
  }
});

test('writeGradescopeBundle writes executable scripts and the project files', () => {
  const bundle = path.join(out, 'bundle');
  writeGradescopeBundle(CATALOGUE, path.resolve(__dirname, '..', '..'), bundle, ['2a']);
  for (const f of ['setup.sh', 'run_autograder']) {
    expect(fs.statSync(path.join(bundle, f)).mode & 0o111).not.toBe(0);
  }
  for (const f of ['package.json', 'package-lock.json', 'jest.config.js', 'grader/cli.ts', 'grader/runner/reporter.js', 'harness/jest/setup.ts', 'labs/raft/index.ts', 'scripts/proto.ts']) {
    expect(fs.existsSync(path.join(bundle, f))).toBe(true);
  }
  expect(fs.existsSync(path.join(bundle, 'solution'))).toBe(false);
  expect(fs.existsSync(path.join(bundle, 'grader', 'test'))).toBe(false);
  expect(fs.readFileSync(path.join(bundle, 'README.md'), 'utf8')).toContain(`| 2aa | ${testsOfPart(CATALOGUE, '2aa').length} |`);
});

test('export: unknown platform or part is a usage error', () => {
  const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(runExport(['nowhere'])).toBe(2);
    expect(runExport(['classroom', '9q', '--out', out])).toBe(2);
    expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/unknown platform "nowhere"[\s\S]*unknown part: 9q/);
  } finally {
    err.mockRestore();
  }
});
