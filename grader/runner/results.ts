/**
 * What a jest run of one suite file tells the grader (the signed report of runner/reporter.js),
 * and how that becomes one outcome per selected test: reported tests pass or fail as jest says;
 * a test that never reported failed because the run timed out, ran out of memory, crashed,
 * exited early, could not load the suite, or the test does not exist. And the run as a whole
 * earns nothing when it cannot be trusted: a forged report, the grader's own files changed,
 * canary tests that did not behave, or an error that escaped outside any test.
 */
import type { TestEntry } from '../catalogue';
import type { Cutoff } from './deadline';
import { CANARY_FAIL_MARK, CANARY_MUST_FAIL, CANARY_MUST_PASS, CANARY_NAMES, TAMPERED } from '../../harness/jest/guard';

/** One test as jest reported it (`status` is jest's: passed, failed, skipped, pending, todo...). */
export interface ReportedTest {
  readonly name: string;
  readonly fullName: string;
  readonly status: string;
  readonly durationMs: number | null;
  readonly failureMessages: readonly string[];
}

/** The report runner/reporter.js writes and rewrites during a jest run (the signed body). */
export interface ReporterReport {
  readonly version: 2;
  /** The run's nonce (see runner/channel.ts). */
  readonly nonce: string;
  /** How many times the report was written: it grows at every test start and result. */
  events: number;
  readonly tests: ReportedTest[];
  /** The test that started and has not finished (the culprit when the run is killed). */
  running: string | null;
  readonly suiteErrors: string[];
  /** True once jest finished the run (onRunComplete). */
  complete: boolean;
}

/** Why the grader stopped a run early, if it did: a test's time limit, memory, or a budget (runner/deadline.ts). */
export type Kill = 'timeout' | 'memory' | 'cutoff' | null;

/** How the jest process of one suite file ended. */
export interface FileRunInfo {
  /** The suite file, relative to the repository root. */
  readonly file: string;
  /** The base seed of the run. */
  readonly seed: number;
  /** The last state of the report, or null if there is none (jest never loaded the reporter). */
  readonly report: ReporterReport | null;
  /** Why no result of the run can be trusted (a forged report, say), or null. */
  readonly integrity: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Whether the grader killed the run, and why. */
  readonly killed: Kill;
  /** The limit on one test (or on loading the file), in seconds (--timeout times the time scale). */
  readonly timeoutSeconds: number;
  /** The time scale in that limit (runner/calibrate.ts; 1 if absent). */
  readonly timeScale?: number;
  /** The heap limit of the run, in MB. */
  readonly memoryMb: number;
  /** The resident-memory limit of the run's process group, in MB (runner/limits.ts). */
  readonly groupLimitMb?: number;
  /** The most resident memory the watchdog saw the group hold, in MB (0 if it never looked). */
  readonly peakRssMb?: number;
  /** The budget that cut the run short, when killed is 'cutoff'. */
  readonly cutoff?: Cutoff | null;
  /** The last lines jest printed (stdout and stderr), for crash messages. */
  readonly outputTail: string;
  readonly wallMs: number;
}

/** The grade of one test. */
export interface TestOutcome {
  readonly entry: TestEntry;
  readonly passed: boolean;
  /** Null when the test never finished. */
  readonly durationMs: number | null;
  /** Why it failed (jest's failure messages, or the grader's explanation); empty if it passed. */
  readonly message: string;
}

/** How a run that never finished ended, in words: `exit code 1`, `killed by SIGSEGV`. */
function howItEnded(run: FileRunInfo): string {
  if (run.signal !== null) return `killed by ${run.signal}`;
  return `exit code ${run.exitCode ?? 'unknown'}`;
}

/** The last few non-empty lines of jest's output, indented, or '' if there are none. */
function tail(run: FileRunInfo, lines = 8): string {
  const kept = run.outputTail.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-lines);
  return kept.length === 0 ? '' : `\nlast output of the run:\n${kept.map((l) => `  ${l}`).join('\n')}`;
}

/** True when V8 gave up for lack of heap (it aborts with this message). */
function heapExhausted(run: FileRunInfo): boolean {
  return /heap out of memory|Reached heap limit|Allocation failed/.test(run.outputTail);
}

/** The first line of a message that says something. */
function firstLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^at\s/.test(l)) ?? '(no message)';
}

/** How the per-test limit came about, when it was scaled: ` (the limit: --timeout 60 s x2.1 for this machine's speed)`. */
function scaleNote(run: FileRunInfo): string {
  const scale = run.timeScale ?? 1;
  if (scale === 1) return '';
  const base = Math.round((run.timeoutSeconds / scale) * 10) / 10;
  return ` (the limit: --timeout ${base} s x${scale} for this machine's speed)`;
}

/** Why a test that never reported failed. */
function unreported(entry: TestEntry, run: FileRunInfo): string {
  const report = run.report;
  const wasRunning = report !== null && report.running === entry.name;
  const when = wasRunning ? 'while this test was running' : 'before this test ran';
  if (run.killed === 'cutoff' && run.cutoff != null) return wasRunning ? run.cutoff.stopped : run.cutoff.notRun;
  if (run.killed === 'timeout') {
    const killed = `timed out after ${run.timeoutSeconds}s (killed)`;
    const note = scaleNote(run);
    if (wasRunning) return `${killed} while this test was running: an endless loop, or a wait that never ends?${note}`;
    if (report !== null && report.running !== null) return `${killed} before this test ran: ${report.running} was still running${note}`;
    return `${killed} before this test finished (loading the suite and the code under test took too long, or hung)${note}`;
  }
  const limit = run.groupLimitMb ?? run.memoryMb;
  if (run.killed === 'memory') {
    return `the test process used more than ${limit} MB of memory and was killed ${when}: a log or a queue that grows without bound?`;
  }
  if (heapExhausted(run)) {
    return `the test process ran out of memory (heap limit ${run.memoryMb} MB) ${when}: a log or a queue that grows without bound?`;
  }
  if (report !== null && report.suiteErrors.length > 0) {
    return `the suite could not run: ${report.suiteErrors[0].replace(/^\s*Error:\s*/, '')}`;
  }
  if (report !== null && report.complete) {
    return `${entry.file} has no test named ${entry.name} (the catalogue and the suite disagree)`;
  }
  if (run.signal === 'SIGKILL' && run.killed === null) {
    const seen = (run.peakRssMb ?? 0) > 0 ? `; it was last seen holding ${run.peakRssMb} MB` : '';
    return `the test process was killed by the system (SIGKILL) ${when}: most likely it used more than the memory there is `
      + `(the system's out-of-memory killer stops the biggest process; this run's limit is ${limit} MB${seen}): `
      + `a log or a queue that grows without bound?${tail(run)}`;
  }
  return `the test process ended ${when} (${howItEnded(run)}): a crash or a process.exit() in the code under test${tail(run)}`;
}

/**
 * Why none of the run's results can be trusted, or null: the run's own integrity problem, the
 * canary tests misbehaving, or an error that escaped outside any test while tests reported.
 */
export function distrust(run: FileRunInfo): string | null {
  if (run.integrity !== null) return `no result of this run can be trusted: ${run.integrity}`;
  const report = run.report;
  if (report === null) return null;
  const graded = report.tests.filter((t) => !CANARY_NAMES.includes(t.name));
  if (graded.length === 0) return null;
  const canary = (name: string): ReportedTest | undefined => report.tests.find((t) => t.name === name);
  const mustFail = canary(CANARY_MUST_FAIL);
  const mustPass = canary(CANARY_MUST_PASS);
  if (mustFail === undefined || mustPass === undefined) {
    return `${TAMPERED}: the grader's canary tests did not run, so no result of this file can be trusted`;
  }
  if (mustFail.status !== 'failed') {
    return `${TAMPERED}: the canary test that must fail (expect(1).toBe(2)) did not fail, so no result of this file can be trusted`;
  }
  const failText = mustFail.failureMessages.join('\n');
  if (!failText.includes(CANARY_FAIL_MARK) && !failText.includes(TAMPERED)) {
    return `${TAMPERED}: the canary test that must fail failed for another reason (${firstLine(failText)}), so no result of this file can be trusted`;
  }
  if (mustPass.status !== 'passed') {
    const why = firstLine(mustPass.failureMessages.join('\n'));
    if (why.includes(TAMPERED)) return `${why.replace(/^Error:\s*/, '')}; no result of this file can be trusted`;
    return `the grader's canary test failed (${why}): something in the code under test broke the test environment before the tests ran, so no result of this file can be trusted`;
  }
  if (report.suiteErrors.length > 0) {
    return `an error escaped from the code under test outside any test (${firstLine(report.suiteErrors[0])}), so no result of this file can be trusted`;
  }
  return null;
}

/** The outcome of every selected test of one suite file, in the order given. */
export function settleFile(entries: readonly TestEntry[], run: FileRunInfo): TestOutcome[] {
  const untrusted = distrust(run);
  return entries.map((entry) => {
    const reported = (run.report?.tests ?? []).filter((t) => t.name === entry.name);
    const r = reported.find((t) => t.status === 'failed') ?? reported.find((t) => t.status === 'passed') ?? reported[0];
    const durationMs = r?.durationMs ?? null;
    if (untrusted !== null) return { entry, passed: false, durationMs, message: untrusted };
    if (r === undefined) {
      return { entry, passed: false, durationMs: null, message: unreported(entry, run) };
    }
    if (r.status === 'passed') return { entry, passed: true, durationMs: r.durationMs, message: '' };
    if (r.status === 'failed') {
      const message = r.failureMessages.join('\n\n').trim();
      return { entry, passed: false, durationMs: r.durationMs, message: message === '' ? 'failed (jest gave no message)' : message };
    }
    return { entry, passed: false, durationMs: r.durationMs, message: `the test did not run (jest status: ${r.status})` };
  });
}
