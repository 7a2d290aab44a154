/**
 * The platform exports, generated from the catalogue: Classroom's workflow (one step per leaf
 * part, per suite file or per test, points from the catalogue), and the Gradescope bundle
 * (setup.sh, run_autograder, the settings, the project files without solution/ and the unit
 * tests). What the exported files do when run is checked by gradescope-e2e.test.ts and
 * classroom-e2e.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOGUE, type Catalogue, testsOfPart, totalPoints } from '../catalogue';
import { classroomTests, classroomWorkflow, exactPattern, stepId } from '../export/classroom';
import { LEGACY_AUTOGRADING_JSON, exportClassroom, runExport, visibilitySettings } from '../export/command';
import { DEFAULT_BUNDLE, SETTINGS_FILE, excludedFromBundle, writeGradescopeBundle } from '../export/gradescope-bundle';
import { NODE_MAJOR, runAutograderScript, setupScript } from '../export/gradescope-scripts';
import { parseSettings } from '../report/gradescope-settings';

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

test('classroom --steps file: a step per suite file of a part, --steps test: a step per test; the points add up either way', () => {
  const byFile = classroomTests(CAT, 10, 'file');
  expect(byFile.map((t) => [t.id, t.command, t.points])).toEqual([
    ['part-2aa-x', "npm run grade -- 2aa --test '^(TestX2AA|TestY2AA)$'", 3],
    ['part-2ab-x', 'npm run grade -- 2ab --test TestZ2AB', 3],
  ]);
  expect(byFile[0].name).toBe('2aa: Leader election (x, 2 tests)');
  const byTest = classroomTests(CAT, 10, 'test');
  expect(byTest.map((t) => [t.id, t.command, t.points])).toEqual([
    ['test-testx2aa', 'npm run grade -- 2aa --test TestX2AA', 2],
    ['test-testy2aa', 'npm run grade -- 2aa --test TestY2AA', 1],
    ['test-testz2ab', 'npm run grade -- 2ab --test TestZ2AB', 3],
  ]);
  expect(exactPattern(['A', 'B'])).toBe('^(A|B)$');
  for (const kind of ['part', 'file', 'test'] as const) {
    const steps = classroomTests(CATALOGUE, 10, kind);
    expect(steps.reduce((s, t) => s + t.points, 0)).toBe(totalPoints(CATALOGUE.tests));
    expect(new Set(steps.map((t) => t.id)).size).toBe(steps.length);
    for (const t of steps) expect(t.id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(steps.flatMap((t) => t.tests).sort()).toEqual(CATALOGUE.tests.map((t) => t.name).sort());
  }
});

test('exportClassroom writes the workflow only (not the archived autograding.json); parts narrow it; an aggregate stands for its leaves', () => {
  const [yml] = exportClassroom(CAT, out, ['2a'], 10);
  expect(path.relative(out, yml)).toBe(path.join('.github', 'workflows', 'classroom.yml'));
  expect(fs.existsSync(path.join(out, LEGACY_AUTOGRADING_JSON))).toBe(false);
  expect(fs.readFileSync(yml, 'utf8')).toContain('runners: part-2aa,part-2ab');
  exportClassroom(CAT, out, ['2ab'], 10, 'test');
  expect(fs.readFileSync(yml, 'utf8')).toContain('runners: test-testz2ab\n');
});

test('setup.sh installs the current Node LTS, runs npm ci and checks the install, failing the build loudly', () => {
  const setup = setupScript({ nodeMajor: NODE_MAJOR, smokeTest: 'TestX2AA' });
  expect(NODE_MAJOR).toBeGreaterThanOrEqual(24);
  expect(setup.startsWith('#!/usr/bin/env bash\n')).toBe(true);
  expect(setup).toContain('set -euo pipefail');
  expect(setup).toContain('https://deb.nodesource.com/setup_${NODE_MAJOR}.x');
  expect(setup).toContain(`NODE_MAJOR=${NODE_MAJOR}`);
  expect(setup).toContain('npm ci --no-audit --no-fund || fail "npm ci failed (see above)"');
  expect(setup).toContain('labs/proto/generated/proto.js');
  expect(setup).toContain('grader/cli.ts --test TestX2AA --target labs');
  expect(setup).toMatch(/fail "the grader does not run on this image/);
});

test('run_autograder: AUTOGRADER_ROOT, the parts, the budget, the arguments passed on; its last resort never says "see the output"', () => {
  const run = runAutograderScript({ parts: ['2a'], maxScore: 116, budgetSeconds: 540 });
  expect(run).toContain('AG="${AUTOGRADER_ROOT:-/autograder}"');
  expect(run).toContain('GRADER_ARGS=(--budget "${RAFTKV_BUDGET:-540}")');
  expect(run).toContain('grader/submission/run-autograder.ts --root "$AG" --settings gradescope-settings.json --part 2a -- "${GRADER_ARGS[@]}" "$@"');
  expect(run).not.toMatch(/see the autograder output|nproc|--jobs|--memory/);
  expect(runAutograderScript({ parts: [], maxScore: 1, budgetSeconds: null })).toContain('GRADER_ARGS=()');
  expect(runAutograderScript({ parts: [], maxScore: 1, budgetSeconds: null })).toContain('--part all');
});

test('--visibility: a default, a part (an aggregate stands for its leaves), a test; a bad value or name is an error', () => {
  expect(visibilitySettings(CAT, ['after_due_date', '2a=after_published', 'TestZ2AB=hidden'])).toEqual({
    visibility: 'after_due_date', byPart: { '2aa': 'after_published', '2ab': 'after_published' }, byTest: { TestZ2AB: 'hidden' },
  });
  expect(() => visibilitySettings(CAT, ['2aa=later'])).toThrow(/"later" is not one of/);
  expect(() => visibilitySettings(CAT, ['TestNope=hidden'])).toThrow(/"TestNope" is neither a part nor a test/);
});

test('the bundle leaves out solution/, node_modules, generated protos and unit tests', () => {
  for (const p of ['solution/raft/raft.ts', 'labs/node_modules/x', 'labs/proto/generated/proto.js', 'grader/test/x.test.ts', 'harness/test/y.test.ts']) {
    expect(excludedFromBundle(p)).toBe(true);
  }
  for (const p of ['grader/cli.ts', 'grader/suites/2a/raft.test.ts', 'harness/jest/setup.ts', 'labs/raft/raft.ts', 'package-lock.json']) {
    expect(excludedFromBundle(p)).toBe(false);
  }
});

test('writeGradescopeBundle writes executable scripts, the settings and the project files', () => {
  const bundle = path.join(out, 'bundle');
  writeGradescopeBundle(CATALOGUE, path.resolve(__dirname, '..', '..'), bundle, { ...DEFAULT_BUNDLE, parts: ['2a'] });
  for (const f of ['setup.sh', 'run_autograder']) {
    expect(fs.statSync(path.join(bundle, f)).mode & 0o111).not.toBe(0);
  }
  for (const f of ['package.json', 'package-lock.json', 'jest.config.js', 'grader/cli.ts', 'grader/runner/reporter.js', 'grader/submission/run-autograder.ts',
    'harness/jest/setup.ts', 'labs/raft/index.ts', 'scripts/proto.ts']) {
    expect(fs.existsSync(path.join(bundle, f))).toBe(true);
  }
  expect(fs.existsSync(path.join(bundle, 'solution'))).toBe(false);
  expect(fs.existsSync(path.join(bundle, 'grader', 'test'))).toBe(false);
  expect(parseSettings(JSON.parse(fs.readFileSync(path.join(bundle, SETTINGS_FILE), 'utf8')))).toEqual(DEFAULT_BUNDLE.settings);
  const readme = fs.readFileSync(path.join(bundle, 'README.md'), 'utf8');
  expect(readme).toContain(`| 2aa | ${testsOfPart(CATALOGUE, '2aa').length} | ${totalPoints(testsOfPart(CATALOGUE, '2aa'))} | visible |`);
  expect(fs.readFileSync(path.join(bundle, 'setup.sh'), 'utf8')).toContain(`--test ${testsOfPart(CATALOGUE, '2alog')[0].name} --target labs`);
});

test('export gradescope: the options reach the settings file', () => {
  const bundle = path.join(out, 'bundle');
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(runExport(['gradescope', '2aa', '--out', bundle, '--visibility', '2aa=after_published', '--stdout-visibility', 'after_due_date',
      '--leaderboard', '--output-format', 'text', '--no-budget', '--node', '24'])).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(JSON.parse(fs.readFileSync(path.join(bundle, SETTINGS_FILE), 'utf8'))).toEqual({
    byPart: { '2aa': 'after_published' }, byTest: {}, stdoutVisibility: 'after_due_date', leaderboard: true, format: 'text',
  });
  expect(fs.readFileSync(path.join(bundle, 'run_autograder'), 'utf8')).toContain('GRADER_ARGS=()');
  expect(fs.readFileSync(path.join(bundle, 'setup.sh'), 'utf8')).toContain('NODE_MAJOR=24');
});

test('export: unknown platform or part is a usage error', () => {
  const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(runExport(['nowhere'])).toBe(2);
    expect(runExport(['classroom', '9q', '--out', out])).toBe(2);
    expect(runExport(['classroom', '--out', out, '--leaderboard'])).toBe(2);
    expect(runExport(['gradescope', '--out', out, '--steps', 'file'])).toBe(2);
    expect(runExport(['gradescope', '--out', out, '--visibility', '2zz=soon'])).toBe(2);
    expect(err.mock.calls.map((c) => String(c[0])).join('\n'))
      .toMatch(/unknown platform "nowhere"[\s\S]*unknown part: 9q[\s\S]*--leaderboard: only for gradescope[\s\S]*--steps: only for classroom[\s\S]*"soon" is not one of/);
  } finally {
    err.mockRestore();
  }
});
