/**
 * What a jest run of one suite file tells the grader (the report written by
 * runner/reporter.js), and how that becomes one outcome per selected test: reported tests
 * pass or fail as jest says; a test that never reported failed because the run timed out,
 * crashed, exited early, could not load the suite, or the test does not exist.
 */
import * as fs from 'node:fs';
import type { TestEntry } from '../catalogue';

/** One test as jest reported it (`status` is jest's: passed, failed, skipped, pending, todo...). */
export interface ReportedTest {
  readonly name: string;
  readonly fullName: string;
  readonly status: string;
  readonly durationMs: number | null;
  readonly failureMessages: readonly string[];
}

/** The file runner/reporter.js writes and rewrites during a jest run. */
export interface ReporterReport {
  readonly version: 1;
  readonly tests: ReportedTest[];
  /** The test that started and has not finished (the culprit when the run is killed). */
  running: string | null;
  readonly suiteErrors: string[];
  /** True once jest finished the run (onRunComplete). */
  complete: boolean;
}

/** How the jest process of one suite file ended. */
export interface FileRunInfo {
  /** The suite file, relative to the repository root. */
  readonly file: string;
  /** The last state of the report, or null if there is none (jest never loaded the reporter). */
  readonly report: ReporterReport | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** True if the grader killed the run at the wall-clock limit. */
  readonly timedOut: boolean;
  readonly timeoutSeconds: number;
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

/** Reads a report file; null if it is missing or not a report (jest died before writing it). */
export function readReport(file: string): ReporterReport | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1
      && Array.isArray((value as { tests?: unknown }).tests)) {
      return value as ReporterReport;
    }
  } catch {
    // A torn write cannot happen (the reporter renames), but a foreign file can.
  }
  return null;
}

/** How a run that never finished ended, in words: `exit code 1`, `signal SIGSEGV`. */
function howItEnded(run: FileRunInfo): string {
  if (run.signal !== null) return `killed by ${run.signal}`;
  return `exit code ${run.exitCode ?? 'unknown'}`;
}

/** The last few non-empty lines of jest's output, indented, or '' if there are none. */
function tail(run: FileRunInfo, lines = 8): string {
  const kept = run.outputTail.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-lines);
  return kept.length === 0 ? '' : `\nlast output of the run:\n${kept.map((l) => `  ${l}`).join('\n')}`;
}

/** Why a test that never reported failed. */
function unreported(entry: TestEntry, run: FileRunInfo): string {
  const report = run.report;
  const wasRunning = report !== null && report.running === entry.name;
  if (run.timedOut) {
    const killed = `timed out after ${run.timeoutSeconds}s (killed)`;
    if (wasRunning) return `${killed} while this test was running: an endless loop, or a wait that never ends?`;
    if (report !== null && report.running !== null) return `${killed} before this test ran: ${report.running} was still running`;
    return `${killed} before this test finished`;
  }
  if (report !== null && report.suiteErrors.length > 0) {
    return `the suite could not run: ${report.suiteErrors[0].replace(/^\s*Error:\s*/, '')}`;
  }
  if (report !== null && report.complete) {
    return `${entry.file} has no test named ${entry.name} (the catalogue and the suite disagree)`;
  }
  const culprit = wasRunning ? 'while this test was running' : 'before this test ran';
  return `the test process ended ${culprit} (${howItEnded(run)}): a crash or a process.exit() in the code under test${tail(run)}`;
}

/** The outcome of every selected test of one suite file, in the order given. */
export function settleFile(entries: readonly TestEntry[], run: FileRunInfo): TestOutcome[] {
  return entries.map((entry) => {
    const reported = (run.report?.tests ?? []).filter((t) => t.name === entry.name);
    const r = reported.find((t) => t.status === 'failed') ?? reported.find((t) => t.status === 'passed') ?? reported[0];
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
