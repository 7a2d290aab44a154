/**
 * Hostile submissions: the grader, run as a student's grader would be (its CLI, in a child
 * process, from a private copy of the project), on copies of solution/ with hostile code
 * injected (test/hostile/fixtures.ts). For each, the affected tests must score 0, the
 * unaffected ones must still pass, and the grader must finish with its report (the closing
 * lines, results.json and the JUnit XML).
 *
 * The runs happen once, two at a time, in beforeAll; each test then checks one of them. Small
 * limits (--timeout 10, --memory 384) keep the whole file around a minute; the time limit
 * leaves room for loading a file on a busy machine (npm test runs other suites meanwhile).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOGUE, testsOfPart, totalPoints } from '../catalogue';
import { runPool } from '../runner/pool';
import { PATCHES, type PatchName, copySolution, makeProject } from './hostile/fixtures';
import { type GradeRun, gradeCli } from './hostile/grade-cli';
import { findAll, parseXml } from './xml-check';

/** One grader run of the table below: a tree (a patch of solution/, or none) and arguments. */
interface Case {
  readonly patch: PatchName | null;
  readonly args: readonly string[];
  /** Type-check the tree first (the grader's default). */
  readonly typecheck?: true;
}

/** --time-scale 1: the limits as given, whatever the calibration would make of a machine busy with npm test. */
const LIMITS = ['--jobs', '1', '--timeout', '10', '--memory', '384', '--time-scale', '1'];
/** The runtime cases skip the type check (the control and the compile cases keep it): it is the same for all. */
const RUNTIME = [...LIMITS, '--no-typecheck'];
const SPIN_TESTS = 'TestFollowerStartElection2AA|TestLeaderElectionInOneRoundRPC2AA';

const CASES = {
  control: { patch: null, args: ['2ac'], typecheck: true },
  exit: { patch: 'exitInNewRaft', args: ['2ac'] },
  spin: { patch: 'spinInTick', args: ['2aa', '--test', SPIN_TESTS] },
  budget: { patch: 'spinInTick', args: ['2aa', '--budget', '15'] },
  timer: { patch: 'throwFromTimer', args: ['2ac'] },
  heap: { patch: 'heapHog', args: ['2ac', '--test', 'TestRawNodeStart2AC'] },
  buffers: { patch: 'bufferHog', args: ['2ac', '--test', 'TestRawNodeStart2AC'] },
  expect: { patch: 'neuterExpect', args: ['2ac'] },
  objectIs: { patch: 'patchObjectIs', args: ['2ac'] },
  fake: { patch: 'fakeResults', args: ['2ac'] },
  importHang: { patch: 'hangAtImport', args: ['2ac'] },
  typeError: { patch: 'typeError', args: ['2ac'], typecheck: true },
  syntaxError: { patch: 'syntaxError', args: ['2ac'], typecheck: true },
  missing: { patch: 'missingIndex', args: ['2ac'], typecheck: true },
  rewrite: { patch: 'rewriteSuite', args: ['--test', 'TestLeaderElectionInOneRoundRPC2AA|TestRawNodeStart2AC'] },
} satisfies Record<string, Case>;

type CaseName = keyof typeof CASES;

let base: string;
const runs = new Map<CaseName, GradeRun>();

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-hostile-'));
  const shared = makeProject(path.join(base, 'project'));
  const names = Object.keys(CASES) as CaseName[];
  await runPool(names, async (name) => {
    const c: Case = CASES[name];
    const dir = path.join(base, name);
    const tree = path.join(dir, 'tree');
    copySolution(tree);
    if (c.patch !== null) PATCHES[c.patch](tree);
    // A case that rewrites the grader's files gets a project of its own.
    const project = name === 'rewrite' ? makeProject(path.join(dir, 'project')) : shared;
    const limits = c.typecheck === true ? LIMITS : RUNTIME;
    runs.set(name, await gradeCli(project, [...c.args, '--target', tree, ...limits], path.join(dir, 'out'), path.join(dir, 'tmp')));
  }, { jobs: 2 });
}, 300_000);

afterAll(() => {
  if (base !== undefined) fs.rmSync(base, { recursive: true, force: true });
});

function run(name: CaseName): GradeRun {
  const r = runs.get(name);
  if (r === undefined) throw new Error(`case ${name} did not run`);
  return r;
}

/** The case finished with its report: the closing lines, results.json and well-formed JUnit XML. */
function expectReport(r: GradeRun): void {
  expect(r.stdout).toMatch(/^Points: \d+\/\d+$/m);
  expect(r.stdout).toMatch(/^\d+ passed, \d+ failed$/m);
  expect(r.json).not.toBeNull();
  expect(r.junit).not.toBeNull();
  const xml = parseXml(r.junit ?? '');
  expect(findAll(xml, 'testcase')).toHaveLength(r.json?.tests.length ?? -1);
}

/** Every test scored 0, and every message matches `why`. */
function expectAllZero(r: GradeRun, why: RegExp): void {
  expect(r.status).toBe(1);
  expectReport(r);
  expect(r.json?.score).toBe(0);
  expect(r.json?.tests.length).toBeGreaterThan(0);
  for (const t of r.json?.tests ?? []) {
    expect(t.status).toBe('failed');
    expect(t.output).toMatch(why);
  }
}

test('control: the unpatched solution passes (so every failure below is the patch\'s doing)', () => {
  const r = run('control');
  expect(r.status).toBe(0);
  expectReport(r);
  expect(r.json?.score).toBe(totalPoints(testsOfPart(CATALOGUE, '2ac')));
});

test('process.exit(0) in newRaft: 0 points, each test blamed for the exit', () => {
  expectAllZero(run('exit'), /the test process ended while this test was running \(exit code 0\)/);
});

test('an endless loop in tick: the test that ticks times out, the one that does not still passes', () => {
  const r = run('spin');
  expect(r.status).toBe(1);
  expectReport(r);
  const byName = new Map(r.json?.tests.map((t) => [t.name, t]));
  expect(byName.get('TestFollowerStartElection2AA')?.score).toBe(0);
  expect(byName.get('TestFollowerStartElection2AA')?.output).toMatch(/timed out after 10s \(killed\) while this test was running/);
  expect(byName.get('TestLeaderElectionInOneRoundRPC2AA')?.status).toBe('passed');
});

test('--budget: an endless loop in every test, and the run stops at its budget with every test in results.json', () => {
  const r = run('budget');
  expect(r.status).toBe(1);
  expectReport(r);
  const tests = r.json?.tests ?? [];
  expect(tests.map((t) => t.name)).toEqual(testsOfPart(CATALOGUE, '2aa').map((t) => t.name));
  expect(tests.filter((t) => /not run: out of time \(budget 15 s\)/.test(t.output)).length).toBeGreaterThan(0);
  expect(r.stdout).toMatch(/out of time: the budget of 15 s \(--budget\) was spent/);
});

test('a timer that throws, set at import: 0 points', () => {
  expectAllZero(run('timer'), /boom from a timer/);
});

test('a heap that grows without bound: 0 points, out of memory', () => {
  expectAllZero(run('heap'), /out of memory \(heap limit 384 MB\)/);
});

test('memory outside the heap (Buffers): 0 points, killed by the memory watchdog', () => {
  expectAllZero(run('buffers'), /used more than \d+ MB of memory and was killed|out of memory|killed by the system \(SIGKILL\)/);
});

test('expect replaced at import by a no-op: 0 points, the environment was tampered with', () => {
  expectAllZero(run('expect'), /the test environment was tampered with/);
});

test('Object.is replaced at import: 0 points, the environment was tampered with', () => {
  expectAllZero(run('objectIs'), /the test environment was tampered with.*Object\.is was replaced/);
});

test('fake results files written everywhere in the temporary folder: 0 points', () => {
  expectAllZero(run('fake'), /written by something other than the grader's reporter/);
});

test('a hang at import: 0 points, timed out while loading', () => {
  expectAllZero(run('importHang'), /timed out after 10s \(killed\) before this test finished \(loading/);
});

test('a type error: 0 points, the file and the error named, exit 1', () => {
  const r = run('typeError');
  expectAllZero(r, /not graded: the tree does not compile .*raft\/util\.ts:\d+:\d+: error TS2322/);
  expect(r.stderr).toMatch(/raft\/util\.ts:\d+:\d+: error TS2322/);
  expect(r.json?.output).toMatch(/does not compile/);
});

test('a syntax error: 0 points, the file and the error named, exit 1', () => {
  const r = run('syntaxError');
  expectAllZero(r, /not graded: the tree does not compile .*raft\/util\.ts:\d+:\d+: error TS1/);
});

test('a tree without raft/index.ts: 0 points, the missing file named, exit 1', () => {
  expectAllZero(run('missing'), /not graded: the target is not a tree: .*raft\/index\.ts is missing/);
});

test('a submission that rewrites a suite of the grader for the runs after it: 0 points, for every run', () => {
  const r = run('rewrite');
  expectAllZero(r, /the grader's own files were modified during grading \(grader\/suites\/2a\/rawnode\.test\.ts\)/);
  expect(r.json?.tests.map((t) => t.name)).toEqual(['TestLeaderElectionInOneRoundRPC2AA', 'TestRawNodeStart2AC']);
});
