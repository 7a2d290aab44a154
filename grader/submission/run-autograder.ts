/**
 * What the Gradescope bundle's run_autograder runs for each submission:
 *
 *   tsx grader/submission/run-autograder.ts --root <AUTOGRADER_ROOT> [--settings FILE] [--part P]... [-- <grader options>]
 *
 * 1. finds the lab in `<root>/submission` (locate.ts) and builds the tree to grade in
 *    `<root>/labs` from the bundle's skeleton (build.ts);
 * 2. prints what it found and what was missing, in the student's terms (describe.ts), and
 *    hands the same note to the grader for the top of results.json, with the bundle's
 *    settings (visibility, output format...: report/gradescope-settings.ts);
 * 3. runs the grader on that tree with `--json <root>/results/results.json`, plus the options
 *    given after `--` (a local try of the bundle passes a short --timeout, say);
 * 4. if the grader left no valid results.json, writes one itself: every selected test at 0,
 *    with a reason a student can act on.
 *
 * Gradescope's root is /autograder; AUTOGRADER_ROOT lets run_autograder run anywhere.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOGUE, selectTests } from '../catalogue';
import { toGradescope } from '../report/gradescope';
import { DEFAULT_SETTINGS, type GradescopeSettings, SETTINGS_ENV, readSettings } from '../report/gradescope-settings';
import { writeReportFile } from '../report/write';
import type { TestOutcome } from '../runner/results';
import { buildTree, labWork } from './build';
import { type Findings, uploadNote } from './describe';
import { listUpload } from './listing';
import { locate } from './locate';

/** The repository root of the bundle (its grader, suites and skeleton). */
const ROOT = path.resolve(__dirname, '..', '..');

/** Where things are under an autograder root. */
export interface AutograderPaths {
  /** What the student uploaded (Gradescope unpacks a zip there). */
  readonly upload: string;
  /** The tree to grade, built fresh for each submission. */
  readonly tree: string;
  /** results.json. */
  readonly results: string;
  /** The bundle's skeleton (its labs/). */
  readonly skeleton: string;
}

/** The paths under the autograder root `agRoot`, with the skeleton of the bundle at `source`. */
export function autograderPaths(agRoot: string, source = ROOT): AutograderPaths {
  return {
    upload: path.join(agRoot, 'submission'),
    tree: path.join(agRoot, 'labs'),
    results: path.join(agRoot, 'results', 'results.json'),
    skeleton: path.join(source, 'labs'),
  };
}

/** Finds the lab in the upload and builds the tree to grade (steps 1 and 2 of the file comment). */
export function prepareSubmission(p: AutograderPaths): Findings {
  const listing = listUpload(p.upload);
  const lab = listUpload(p.skeleton).files;
  const plan = locate(listing.files, lab);
  const built = buildTree(p.upload, listing, plan, p.skeleton, lab, p.tree);
  return { listing, plan, built, work: labWork(p.skeleton, lab) };
}

/** The value of a grader option in `args` (`--test X`), if given. */
function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : undefined;
}

/** True when `file` holds a results.json the platform can read. */
export function validResults(file: string): boolean {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { tests?: unknown; score?: unknown };
    return Array.isArray(r.tests) && typeof r.score === 'number';
  } catch {
    return false;
  }
}

/** What a student reads when the grader itself did not finish. */
export function stoppedMessage(how: string): string {
  return `not graded: the grader stopped (${how}) before it wrote any result. That is a problem of the autograder, `
    + 'not of your code: tell your instructor (they can see the autograder\'s log), and try npm run grade on your machine meanwhile.';
}

/**
 * Writes results.json when the grader left none (step 4): every selected test at 0 with
 * `message`, in the run's settings (so hidden tests stay hidden).
 */
export function writeFallback(file: string, parts: readonly string[], graderArgs: readonly string[], settings: GradescopeSettings, message: string): void {
  const selection = selectTests(CATALOGUE, { parts, pattern: optionValue(graderArgs, '--test') });
  const tests = selection.ok ? selection.tests : [];
  const outcomes = tests.map((entry): TestOutcome => ({ entry, passed: false, durationMs: null, message }));
  const seed = Number(optionValue(graderArgs, '--seed') ?? '1');
  const results = toGradescope(outcomes, { seed: Number.isSafeInteger(seed) ? seed : 1, target: 'labs' }, 0, message, settings);
  writeReportFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** Runs the whole of run_autograder's work (see the file comment); returns the grader's exit status. */
export function runAutograder(agRoot: string, settingsFile: string | undefined, parts: readonly string[], graderArgs: readonly string[]): number {
  const p = autograderPaths(agRoot);
  const bundleSettings = settingsFile === undefined ? DEFAULT_SETTINGS : readSettings(settingsFile);
  const findings = prepareSubmission(p);
  console.log(`${uploadNote(findings, 'text')}\n`);
  const settings: GradescopeSettings = { ...bundleSettings, preamble: uploadNote(findings, bundleSettings.format) };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-autograder-'));
  const runSettings = path.join(work, 'settings.json');
  fs.writeFileSync(runSettings, JSON.stringify(settings));
  fs.rmSync(p.results, { force: true });
  try {
    const cli = [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'grader', 'cli.ts')];
    const r = spawnSync(process.execPath, [...cli, ...parts, '--target', p.tree, '--json', p.results, ...graderArgs], {
      cwd: ROOT, stdio: 'inherit', env: { ...process.env, [SETTINGS_ENV]: runSettings },
    });
    if (!validResults(p.results)) {
      const how = r.error !== undefined ? `it could not start: ${r.error.message}`
        : r.signal !== null ? `killed by ${r.signal}` : `exit status ${r.status ?? 'unknown'}`;
      console.log(`run_autograder: the grader left no results.json (${how}); writing one with every test at 0`);
      writeFallback(p.results, parts, graderArgs, settings, stoppedMessage(how));
    }
    return r.status ?? 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { root: { type: 'string' }, settings: { type: 'string' }, part: { type: 'string', multiple: true } },
    allowPositionals: true,
  });
  const root = values.root ?? process.env.AUTOGRADER_ROOT ?? '/autograder';
  const status = runAutograder(path.resolve(root), values.settings, values.part ?? [], positionals);
  console.log(`run_autograder: grader exit status ${status}`);
}
