/**
 * The exported Gradescope bundle, end to end: its run_autograder, on local autograder roots
 * (AUTOGRADER_ROOT), for four submissions (the reference solution, the skeleton, a raft that
 * hangs in tick() and one whose memory grows without bound in tick()) in each of the four
 * shapes students send (their repository, GitHub's Download ZIP, the labs folder's contents,
 * loose files), plus an upload with nothing of the lab and a grader that cannot start. Every
 * results.json must satisfy Gradescope's documented schema, score what the submission
 * deserves, say what was found in the student's terms (in results.json and on standard
 * output), keep the bundle's visibility setting, and show no path of the grading machine.
 *
 * Kept small for `npm test`: one bundle for every run (its node_modules a link to the
 * project's), one graded test (TestFollowerStartElection2AA, which ticks), runs two at a time,
 * the type check only once (passing loose files), a 3 s test limit for the hanging runs (the
 * test still fails as a timeout if loading the suite takes longer on a busy machine) and a
 * 256 MB heap for the hungry ones.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTree } from '../../scripts/proto';
import { CATALOGUE } from '../catalogue';
import { DEFAULT_BUNDLE, writeGradescopeBundle } from '../export/gradescope-bundle';
import type { GradescopeResults } from '../report/gradescope';
import { runPool } from '../runner/pool';
import { gradescopeProblems } from './gradescope-schema';

const ROOT = path.resolve(__dirname, '..', '..');
const TEST = 'TestFollowerStartElection2AA';
const POINTS = CATALOGUE.tests.find((t) => t.name === TEST)?.points ?? NaN;
/** The raft files a student of Part A sends as loose files. */
const LOOSE = ['raft.ts', 'log.ts', 'rawnode.ts', 'progress.ts'];

/** The four submissions: a tree each. */
const KINDS = ['passing', 'skeleton', 'hanging', 'hungry'] as const;
type Kind = (typeof KINDS)[number];

/** The four shapes, and the line that must say where the lab was found. */
const SHAPES = {
  repository: 'Graded the lab in labs/ ',
  downloadZip: 'Graded the lab in raftkv-lab-main/labs/ ',
  labsContents: 'Graded the lab in the top of your upload ',
  looseFiles: 'Your upload is loose files',
} as const;
type Shape = keyof typeof SHAPES;

/** Grader options per kind (after the bundle's own and COMMON). */
const ARGS: Readonly<Record<Kind, readonly string[]>> = {
  passing: [],
  skeleton: [],
  hanging: ['--timeout', '3'],
  hungry: ['--memory', '256'],
};
const COMMON = ['--test', TEST, '--jobs', '1', '--time-scale', '1'];

/** The grader's own type check runs once, on the loose files (the shape whose placement could break the build). */
function typecheckArgs(kind: Kind, shape: Shape): string[] {
  return kind === 'passing' && shape === 'looseFiles' ? [] : ['--no-typecheck'];
}

/** What one run of run_autograder left. */
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly results: GradescopeResults | null;
  readonly ag: string;
}

let base: string;
let bundle: string;
const runs = new Map<string, Run>();

/** Inserts `code` after the first line of `file` that matches `anchor`. */
function plant(tree: string, file: string, anchor: RegExp, code: string): void {
  const p = path.join(tree, file);
  const lines = fs.readFileSync(p, 'utf8').split('\n');
  const at = lines.findIndex((l) => anchor.test(l));
  if (at < 0) throw new Error(`no line of ${file} matches ${anchor}`);
  lines.splice(at + 1, 0, code);
  fs.writeFileSync(p, lines.join('\n'));
}

/** A tree of each kind, as a student would have it (no generated code). */
function makeTree(kind: Kind, dest: string): void {
  fs.cpSync(path.join(ROOT, kind === 'skeleton' ? 'labs' : 'solution'), dest, {
    recursive: true, filter: (src) => !/[/\\](node_modules|generated)$/.test(src),
  });
  const tick = /^ {2}tick\(\): void \{/;
  if (kind === 'hanging') plant(dest, 'raft/raft.ts', tick, '    while (this.id > 0) { this.heartbeatElapsed += 0; }');
  if (kind === 'hungry') plant(dest, 'raft/raft.ts', tick, '    const hog: number[][] = [];\n    while (this.id > 0) hog.push(new Array<number>(1e6).fill(1));');
}

/** Lays `tree` out in `upload` as a student of `shape` would send it. */
function shapeUpload(shape: Shape, tree: string, upload: string): void {
  const copy = (to: string): void => fs.cpSync(tree, to, { recursive: true });
  fs.mkdirSync(upload, { recursive: true });
  if (shape === 'repository') {
    copy(path.join(upload, 'labs'));
    for (const f of ['README.md', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(upload, f));
  } else if (shape === 'downloadZip') {
    copy(path.join(upload, 'raftkv-lab-main', 'labs'));
    fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(upload, 'raftkv-lab-main', 'README.md'));
  } else if (shape === 'labsContents') {
    copy(upload);
  } else {
    for (const f of LOOSE) fs.copyFileSync(path.join(tree, 'raft', f), path.join(upload, f));
    fs.writeFileSync(path.join(upload, 'notes.txt'), 'my notes\n');
  }
}

/** Runs the bundle's run_autograder with `ag` as the autograder root. */
function runAutograder(ag: string, args: readonly string[]): Promise<Run> {
  fs.symlinkSync(bundle, path.join(ag, 'source'), 'dir');
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(bundle, 'run_autograder'), ...args], {
      cwd: ag, env: { ...process.env, AUTOGRADER_ROOT: ag, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.on('close', (status) => {
      const file = path.join(ag, 'results', 'results.json');
      resolve({ status, stdout, ag, results: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as GradescopeResults : null });
    });
  });
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-gradescope-e2e-'));
  bundle = path.join(base, 'bundle');
  writeGradescopeBundle(CATALOGUE, ROOT, bundle, {
    ...DEFAULT_BUNDLE, parts: ['2aa'], settings: { ...DEFAULT_BUNDLE.settings, byTest: { [TEST]: 'after_published' } },
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(bundle, 'node_modules'), 'dir');
  generateTree(path.join(bundle, 'labs')); // what npm ci's postinstall does in setup.sh
  const jobs: { key: string; ag: string; args: readonly string[] }[] = [];
  for (const kind of KINDS) {
    const tree = path.join(base, 'trees', kind);
    makeTree(kind, tree);
    for (const shape of Object.keys(SHAPES) as Shape[]) {
      const ag = path.join(base, `${kind}-${shape}`);
      shapeUpload(shape, tree, path.join(ag, 'submission'));
      jobs.push({ key: `${kind}/${shape}`, ag, args: [...COMMON, ...ARGS[kind], ...typecheckArgs(kind, shape)] });
    }
  }
  const nothing = path.join(base, 'nothing');
  fs.mkdirSync(path.join(nothing, 'submission'), { recursive: true });
  fs.writeFileSync(path.join(nothing, 'submission', 'essay.md'), '# my essay\n');
  jobs.push({ key: 'nothing', ag: nothing, args: [...COMMON, '--no-typecheck'] });
  const broken = path.join(base, 'broken');
  shapeUpload('labsContents', path.join(base, 'trees', 'passing'), path.join(broken, 'submission'));
  jobs.push({ key: 'broken', ag: broken, args: [...COMMON, '--timeout', 'soon'] });
  await runPool(jobs, async (j) => { runs.set(j.key, await runAutograder(j.ag, j.args)); }, { jobs: 2 });
}, 300_000);

afterAll(() => {
  if (base !== undefined) fs.rmSync(base, { recursive: true, force: true });
});

function run(key: string): Run {
  const r = runs.get(key);
  if (r === undefined) throw new Error(`run ${key} did not happen`);
  return r;
}

/** Every student-visible string of a results.json. */
function visibleText(r: GradescopeResults): string {
  return [r.output ?? '', ...r.tests.map((t) => t.output)].join('\n');
}

/** What every run must leave: a valid results.json, the note in both places, no machine path. */
function expectSound(r: Run): GradescopeResults {
  expect(r.status).toBe(0);
  expect(r.results).not.toBeNull();
  const results = r.results as GradescopeResults;
  expect(gradescopeProblems(results)).toEqual([]);
  expect(results.output).toMatch(/^\*\*Your submission\*\*/);
  expect(r.stdout).toMatch(/^Your submission:$/m);
  const text = visibleText(results);
  for (const p of [r.ag, bundle, base, '/autograder', os.tmpdir()]) expect(text).not.toContain(p);
  return results;
}

const EXPECTED: Readonly<Record<Kind, { score: number; why: RegExp | null }>> = {
  passing: { score: POINTS, why: null },
  skeleton: { score: 0, why: /not implemented/ },
  // On a very busy machine loading the suite may take the whole 3 s: the run is then stopped by the file's time budget.
  hanging: { score: 0, why: /timed out after|out of time/ },
  hungry: { score: 0, why: /out of memory|more than \d+ MB of memory/ },
};

describe.each(KINDS)('a %s submission', (kind) => {
  test.each(Object.keys(SHAPES) as Shape[])('sent as %s: its score, why, and where the lab was found', (shape) => {
    const r = run(`${kind}/${shape}`);
    const results = expectSound(r);
    expect(results.tests.map((t) => t.name)).toEqual([TEST]);
    const t = results.tests[0];
    expect(results.score).toBe(EXPECTED[kind].score);
    expect(t.status).toBe(kind === 'passing' ? 'passed' : 'failed');
    expect(t.visibility).toBe('after_published');
    const why = EXPECTED[kind].why;
    if (why !== null) {
      expect(t.output).toMatch(why);
      expect(t.output).toContain(`npm run grade -- --test ${TEST} --seed 1\n`);
    }
    expect(results.output?.replace(/`/g, '')).toContain(SHAPES[shape]);
    expect(r.stdout).toContain(SHAPES[shape]);
    if (shape === 'looseFiles') {
      expect(results.output).toContain('`raft.ts` -\\> `raft/raft.ts`');
      expect(results.output).toContain('Not used: `notes.txt`');
    }
    if (kind === 'skeleton') expect(results.output).toContain('None of your files differ from the skeleton');
    else expect(results.output).toMatch(/Your work \\\(files that differ from the skeleton\\\): .*`raft\/raft\.ts`/);
  });
});

test('an upload with nothing of the lab: 0, says so and what the upload held, every selected test listed at 0', () => {
  const results = expectSound(run('nothing'));
  expect(results.score).toBe(0);
  expect(results.output).toContain('No file of the lab was found in your upload');
  expect(results.output).toContain('`essay.md`');
  expect(results.tests.map((t) => [t.name, t.status, t.max_score])).toEqual([[TEST, 'failed', POINTS]]);
  expect(results.tests[0].output).toMatch(/labs\/raft\/index\.ts is missing/);
});

test('a grader that cannot run: run_autograder still writes results.json, every test at 0, with a reason a student can act on', () => {
  const results = expectSound(run('broken'));
  expect(results.score).toBe(0);
  expect(results.tests.map((t) => [t.name, t.score, t.visibility])).toEqual([[TEST, 0, 'after_published']]);
  expect(results.output).toContain('the grader stopped \\(exit status 2\\) before it wrote any result');
  expect(visibleText(results)).not.toMatch(/see the autograder output/);
});
