/**
 * Runs one suite file in its own jest process, in its own process group, under a wall-clock
 * limit. Jest's per-test timeout cannot stop synchronous code (a raft loop that never
 * returns), so at the limit the grader kills the whole group. Results come back through the
 * report file of runner/reporter.js, never through jest's console output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FileRunInfo, readReport } from './results';

/** The repository root (the grader's own copy: suites, config and jest come from here). */
export const ROOT = path.resolve(__dirname, '..', '..');

/** What one jest run needs. */
export interface SuiteRunOptions {
  /** The suite file, relative to ROOT (or absolute). */
  readonly file: string;
  /** The exact names of the tests to run. */
  readonly names: readonly string[];
  /** The absolute path of the tree under test (RAFTKV_TARGET). */
  readonly targetDir: string;
  readonly seed: number;
  readonly timeoutSeconds: number;
}

const OUTPUT_TAIL_BYTES = 4096;
const live = new Set<number>();

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The --testNamePattern that selects exactly these tests. Jest matches it against the full
 * name (describe titles, a space, the test title), so the name must end the string and follow
 * either its start or a space.
 */
export function namePattern(names: readonly string[]): string {
  return `(?:^| )(?:${names.map(escapeRegExp).join('|')})$`;
}

/** Kills a process group, ignoring a group that is already gone. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left to kill.
  }
}

/** Kills every jest run still alive (on Ctrl-C). */
export function killAllRuns(): void {
  for (const pid of live) killGroup(pid);
  live.clear();
}

/** Runs the selected tests of one suite file and returns how the run ended. */
export function runSuiteFile(opts: SuiteRunOptions): Promise<FileRunInfo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-grade-'));
  const reportFile = path.join(dir, 'report.json');
  const suite = path.resolve(ROOT, opts.file);
  // --roots narrows jest's file crawl to the suite's folder: faster, and it lets the runner
  // run a suite kept outside grader/ (its own tests do). Imports outside the roots still work.
  const args = [
    path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--config', path.join(ROOT, 'jest.config.ts'),
    '--roots', path.dirname(suite),
    '--runTestsByPath', suite,
    '--testNamePattern', namePattern(opts.names),
    '--ci', '--silent', '--forceExit', '--no-watchman',
    `--reporters=${path.join(__dirname, 'reporter.js')}`,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAFTKV_TARGET: opts.targetDir,
    RAFTKV_SEED: String(opts.seed),
    RAFTKV_GRADER_REPORT: reportFile,
    FORCE_COLOR: '0',
  };
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid !== undefined) live.add(pid);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, opts.timeoutSeconds * 1000);
    let exitCode: number | null = null;
    let signal: string | null = null;
    // Once jest exits, nothing of its group may outlive it (a student's child process, say).
    child.on('exit', (code, sig) => {
      exitCode = code;
      signal = sig;
      if (pid !== undefined) killGroup(pid);
    });
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (pid !== undefined) live.delete(pid);
      const report = readReport(reportFile);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({
        file: opts.file, report, exitCode, signal: timedOut ? 'SIGKILL' : signal, timedOut,
        timeoutSeconds: opts.timeoutSeconds, outputTail: output, wallMs: Date.now() - started,
      });
    };
    child.on('close', finish);
    child.on('error', (err) => {
      output += `\ncould not start jest: ${err.message}`;
      finish();
    });
  });
}
