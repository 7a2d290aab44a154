/**
 * The exported GitHub Classroom workflow, run step by step as Classroom runs it: each step's
 * command, read from the exported classroom.yml, in a student's repository (a copy of the
 * project with its labs/), through `sh -c` with the environment the command grader gives
 * (PATH, HOME, FORCE_COLOR), scored as the command grader scores it (exit 0: max-score, else 0).
 *
 * A small catalogue of four real 2AA tests in two suite files keeps it short: exported with
 * `--steps file` (two steps), the reference solution earns every point with every step
 * exiting 0; a raft whose isUpToDate always says yes (the vote restriction of Raft §5.4.1
 * gone) fails exactly the step of vote_up_to_date.test.ts, and keeps the other step's points.
 * (Exported per part, the one step's command grades the whole part: the same raft would lose
 * every point of it; that step is not run here, it grades all of 2aa.)
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOGUE, type Catalogue, type Part, type TestEntry } from '../catalogue';
import type { StepKind } from '../export/classroom';
import { exportClassroom } from '../export/command';
import { runPool } from '../runner/pool';
import { copySolution, makeProject } from './hostile/fixtures';

const NAMES = ['TestFollowerStartElection2AA', 'TestCandidateStartNewElection2AA', 'TestVoteRejectsLessUpToDateLog2AA', 'TestShorterLogLosesElection2AA'];

/** The catalogue of the exports below: part 2aa with four of its real tests. */
const SMALL: Catalogue = {
  parts: CATALOGUE.parts.filter((p): p is Part => p.id === '2aa'),
  tests: NAMES.map((n) => CATALOGUE.tests.find((t) => t.name === n)).filter((t): t is TestEntry => t !== undefined),
};
const TOTAL = SMALL.tests.reduce((s, t) => s + t.points, 0);
const VOTE_FILE = 'grader/suites/2a/vote_up_to_date.test.ts';
const VOTE_POINTS = SMALL.tests.filter((t) => t.file === VOTE_FILE).reduce((s, t) => s + t.points, 0);

/** One step of classroom.yml, as the command grader reads it. */
interface Step {
  readonly id: string;
  readonly command: string;
  readonly maxScore: number;
  readonly minutes: number;
}

/** The grader steps of an exported classroom.yml (their `with:` values are JSON-quoted or plain). */
function stepsOf(yml: string): Step[] {
  const blocks = yml.split('\n      - name: ').filter((b) => b.includes('uses: classroom-resources/autograding-command-grader@v1'));
  return blocks.map((b) => {
    const field = (k: string): string => {
      const m = new RegExp(`^ +${k}: (.*)$`, 'm').exec(b);
      if (m === null) throw new Error(`a step without ${k}:\n${b}`);
      return m[1].startsWith('"') ? JSON.parse(m[1]) as string : m[1];
    };
    return { id: field('id'), command: field('command'), maxScore: Number(field('max-score')), minutes: Number(field('timeout')) };
  });
}

/** What the command grader made of one step. */
interface Graded {
  readonly id: string;
  readonly exit: number | null;
  readonly points: number;
}

/** Runs a step's command in `repo` as the command grader does, and scores it as it does. */
function commandGrader(repo: string, step: Step): Promise<Graded> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', step.command], {
      cwd: repo, env: { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: 'true' }, stdio: 'ignore', timeout: step.minutes * 60_000,
    });
    child.on('close', (exit) => resolve({ id: step.id, exit, points: exit === 0 ? step.maxScore : 0 }));
  });
}

let base: string;
const graded = new Map<string, Graded[]>();

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-classroom-e2e-'));
  const repos: Record<'solution' | 'bug', string> = { solution: path.join(base, 'solution'), bug: path.join(base, 'bug') };
  for (const [kind, repo] of Object.entries(repos)) {
    makeProject(repo);
    copySolution(path.join(repo, 'labs'));
    if (kind === 'bug') {
      const log = path.join(repo, 'labs', 'raft', 'log.ts');
      const text = fs.readFileSync(log, 'utf8');
      const planted = text.replace(/(isUpToDate\(index: number, term: number\): boolean \{\n\s*\/\/ #region 2AA: isUpToDate\n)/, '$1    if (index >= 0) return true;\n');
      if (planted === text) throw new Error('the isUpToDate bug was not planted');
      fs.writeFileSync(log, planted);
    }
  }
  const runs: { key: string; repo: string; step: Step }[] = [];
  const exported = (kind: StepKind): Step[] => {
    const dir = path.join(base, `export-${kind}`);
    const [yml] = exportClassroom(SMALL, dir, [], 10, kind);
    return stepsOf(fs.readFileSync(yml, 'utf8'));
  };
  for (const step of exported('file')) {
    runs.push({ key: 'file/solution', repo: repos.solution, step }, { key: 'file/bug', repo: repos.bug, step });
  }
  await runPool(runs, async (r) => {
    const g = await commandGrader(r.repo, r.step);
    graded.set(r.key, [...(graded.get(r.key) ?? []), g]);
  }, { jobs: 2 });
}, 240_000);

afterAll(() => {
  if (base !== undefined) fs.rmSync(base, { recursive: true, force: true });
});

/** The steps of one run, in id order. */
function stepsRun(key: string): Graded[] {
  return [...(graded.get(key) ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
}

test('the small catalogue: four tests in two suite files', () => {
  expect(SMALL.tests).toHaveLength(4);
  expect(new Set(SMALL.tests.map((t) => t.file)).size).toBe(2);
});

test('--steps file on the reference solution: every step exits 0, every point earned', () => {
  const steps = stepsRun('file/solution');
  expect(steps.map((s) => [s.id, s.exit])).toEqual([['part-2aa-raft-paper', 0], ['part-2aa-vote-up-to-date', 0]]);
  expect(steps.reduce((s, g) => s + g.points, 0)).toBe(TOTAL);
});

test('--steps file on a raft without the vote restriction: only the vote step fails, the other keeps its points', () => {
  const steps = stepsRun('file/bug');
  expect(steps.map((s) => [s.id, s.exit])).toEqual([['part-2aa-raft-paper', 0], ['part-2aa-vote-up-to-date', 1]]);
  expect(steps.reduce((s, g) => s + g.points, 0)).toBe(TOTAL - VOTE_POINTS);
});

test('--steps part: one step for the part, whose command grades the whole part (so one failing test costs all of it)', () => {
  const dir = path.join(base, 'export-part');
  const [yml] = exportClassroom(SMALL, dir, [], 10, 'part');
  expect(stepsOf(fs.readFileSync(yml, 'utf8'))).toEqual([{ id: 'part-2aa', command: 'npm run grade -- 2aa', maxScore: TOTAL, minutes: 10 }]);
});
