/**
 * `npm test`: every check this project has, in one command, ending with the plain line
 * `N passed, N failed` (CI reads it).
 *
 * 1. typecheck (both trees, the suites, harness, grader), lint, labs:check: one check each;
 * 2. every graded suite against solution/ plus the unit tests of harness/ and grader/ (among
 *    them the trace viewer's browser tests, grader/test/view-browser.test.ts, in headless
 *    Chromium: /usr/bin/chromium, which .ci/run installs): one check per jest test, all must pass;
 * 3. the 2B suites again on the durable LMDB engine (RAFTKV_ENGINE=lmdb);
 * 4. the grader against labs/: one check per graded test, each must FAIL (the skeleton must
 *    not earn points), and the run must finish (the grader kills what hangs).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
const failures: string[] = [];

function record(ok: boolean, what: string): void {
  if (ok) passed++;
  else {
    failed++;
    failures.push(what);
  }
}

/**
 * Runs one step. With `quiet`, its output is kept and only shown (less its own
 * "N passed, N failed" line, which is not this run's verdict) if the step misbehaves.
 */
function run(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, quiet = false,
  expectedStatus = 0): { ok: boolean; ms: number } {
  const t0 = performance.now();
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, {
    cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env }, encoding: 'utf8',
  });
  if (quiet && r.status !== expectedStatus) {
    const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => !/^\d+ passed, \d+ failed/.test(l));
    console.log(text.slice(-40).join('\n'));
  }
  const ms = performance.now() - t0;
  const ok = r.status === expectedStatus;
  console.log(`== ${title}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${(ms / 1000).toFixed(1)} s`);
  return { ok, ms };
}

interface JestAssertion { fullName: string; title: string; status: string }
interface JestJson { testResults: { name: string; assertionResults: JestAssertion[]; message: string }[] }

function checkStatic(): void {
  record(run('typecheck', 'npm', ['run', '-s', 'typecheck']).ok, 'typecheck');
  record(run('lint', 'npm', ['run', '-s', 'lint']).ok, 'lint');
  record(run('labs:check', 'npm', ['run', '-s', 'labs:check']).ok, 'labs:check');
}

/** Runs jest and records one check per test; `label` prefixes what a failure says. */
function runJest(tmp: string, title: string, args: string[], env: NodeJS.ProcessEnv, label: string): void {
  const out = path.join(tmp, `jest-${passed + failed}.json`);
  const r = run(title, bin('jest'), ['--ci', '--silent', '--maxWorkers=2', '--json', '--outputFile', out, ...args], env);
  if (!fs.existsSync(out)) {
    record(false, `${label}: jest wrote no results`);
    return;
  }
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
  let n = 0;
  for (const file of json.testResults) {
    if (file.assertionResults.length === 0) record(false, `${label}: ${path.relative(root, file.name)}: ${file.message.split('\n')[0]}`);
    for (const a of file.assertionResults) {
      n++;
      record(a.status === 'passed', `${label}: ${path.relative(root, file.name)}: ${a.fullName} (${a.status})`);
    }
  }
  if (n === 0 || !r.ok) record(r.ok && n > 0, `${label}: jest exited with failure or ran no test (${n} tests)`);
}

function checkSolutionAndUnits(tmp: string): void {
  runJest(tmp, 'graded suites on solution/, unit tests of harness/ and grader/', [], { RAFTKV_TARGET: 'solution' }, 'solution');
}

/** The 2B suites once more, on the durable engine (LMDB on the real disk) instead of MemEngine. */
function checkLmdb(tmp: string): void {
  runJest(tmp, '2B suites on solution/ with the LMDB engine', ['grader/suites/2b'], { RAFTKV_TARGET: 'solution', RAFTKV_ENGINE: 'lmdb' }, 'lmdb');
}

interface GradeJson { tests: { name: string; status: string }[] }

function checkLabsFail(tmp: string): void {
  const out = path.join(tmp, 'labs.json');
  const r = run('grader on labs/ (every graded test must fail)', 'npm',
    ['run', '-s', 'grade', '--', 'all', '--target', 'labs', '--json', out], {}, true, 1);
  if (!fs.existsSync(out)) {
    record(false, 'grader on labs/ wrote no results.json');
    return;
  }
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as GradeJson;
  for (const t of json.tests) record(t.status === 'failed', `labs/ must fail ${t.name}, but it passed`);
  record(json.tests.length > 0, 'grader on labs/ graded no test');
  // The grader exits 1 when anything failed: on labs/ that is the expected outcome.
  record(r.ok, 'grader on labs/ did not exit 1 (everything failed)');
  console.log(`   labs/: ${json.tests.filter((t) => t.status === 'failed').length}/${json.tests.length} graded tests fail, in ${(r.ms / 1000).toFixed(1)} s`);
}

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-test-'));
  try {
    checkStatic();
    checkSolutionAndUnits(tmp);
    checkLmdb(tmp);
    checkLabsFail(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log('\nFailed checks:');
    for (const f of failures.slice(0, 50)) console.log(`  - ${f}`);
    if (failures.length > 50) console.log(`  ... and ${failures.length - 50} more`);
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
