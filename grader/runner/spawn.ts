/**
 * Runs the selected tests of one suite file in its own jest process (in band: the tests run in
 * that process), in its own process group, under four limits: a wall-clock limit on each test
 * and on loading the file (jest's per-test timeout cannot stop synchronous code, such as a raft
 * loop that never returns, so the grader kills the whole group), a heap limit, a limit on
 * the group's resident memory (runner/memory.ts), and the budgets of the file and of the whole
 * run (runner/deadline.ts). Results come back only through the signed
 * report of runner/reporter.js (runner/channel.ts), never through jest's console output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { CANARY_NAMES } from '../../harness/jest/guard';
import { type Channel, openChannel, readChannel } from './channel';
import type { Cutoff } from './deadline';
import { heapFlags, memoryWatch, preferForOomKill, rssLimitBytes } from './memory';
import type { FileRunInfo, Kill, ReporterReport } from './results';

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
  /** The base seed (RAFTKV_SEED). */
  readonly seed: number;
  /** The limit on each test, and on loading the file, in seconds (already scaled by `timeScale`). */
  readonly timeoutSeconds: number;
  /** The time scale in `timeoutSeconds` (runner/calibrate.ts), for the messages; default 1. */
  readonly timeScale?: number;
  /** The heap limit in MB. */
  readonly memoryMb: number;
  /** The resident-memory limit of the run's process group, in MB (default: the heap and RSS_MARGIN_MB). */
  readonly groupLimitMb?: number;
  /** Polled while the run goes: a Cutoff stops it at once (a budget was spent; runner/deadline.ts). */
  readonly cutoff?: () => Cutoff | null;
  /** The session's private folder (the results channel goes there). */
  readonly workDir: string;
  /** Jest's cache folder for this session. */
  readonly cacheDir: string;
  /** More environment for the test process (RAFTKV_TRACE_DIR, say). */
  readonly env?: Readonly<Record<string, string>>;
  /** Called as tests finish, with how many selected tests of this run have reported. */
  readonly onProgress?: (finished: number) => void;
}

const OUTPUT_TAIL_BYTES = 4096;
const POLL_MS = 250;
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

/** The jest command line of one run (after `node <heap flags>`). */
export function jestArgs(suite: string, names: readonly string[], cacheDir: string): string[] {
  // --roots narrows jest's file crawl to the suite's folder: faster, and it lets the runner
  // run a suite kept outside grader/ (its own tests do). Imports outside the roots still work.
  return [
    path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--config', path.join(ROOT, 'jest.config.js'),
    '--roots', path.dirname(suite),
    '--runTestsByPath', suite,
    '--testNamePattern', namePattern([...CANARY_NAMES, ...names]),
    '--runInBand', '--ci', '--silent', '--forceExit', '--no-watchman',
    '--cacheDirectory', cacheDir,
    `--reporters=${path.join(__dirname, 'reporter.js')}`,
  ];
}

/**
 * The environment of a jest run: the target, the seed, the per-test limit that jest's own
 * timeouts follow (harness/jest/timeout.ts: the same, scaled limit the grader enforces), the
 * results channel and the heap limit.
 */
export function jestEnv(opts: Pick<SuiteRunOptions, 'targetDir' | 'seed' | 'timeoutSeconds' | 'memoryMb' | 'env'>, ch: Channel,
  base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    ...opts.env,
    RAFTKV_TARGET: opts.targetDir,
    RAFTKV_SEED: String(opts.seed),
    RAFTKV_TEST_TIMEOUT_MS: String(Math.round(opts.timeoutSeconds * 1000)),
    RAFTKV_GRADER_REPORT: ch.reportFile,
    RAFTKV_GRADER_NONCE: ch.nonce,
    RAFTKV_CANARY: '1',
    NODE_OPTIONS: heapFlags(opts.memoryMb).join(' '),
    FORCE_COLOR: '0',
  };
}

/** How many selected tests a report holds (the canaries left out). */
function finishedTests(report: ReporterReport, names: readonly string[]): number {
  return report.tests.filter((t) => names.includes(t.name)).length;
}

/** Runs the selected tests of one suite file and returns how the run ended. */
export function runSuiteFile(opts: SuiteRunOptions): Promise<FileRunInfo> {
  const ch = openChannel(opts.workDir);
  const suite = path.resolve(ROOT, opts.file);
  const heap = heapFlags(opts.memoryMb);
  const env = jestEnv(opts, ch);
  const groupLimitMb = opts.groupLimitMb ?? Math.round(rssLimitBytes(opts.memoryMb) / (1024 * 1024));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...heap, ...jestArgs(suite, opts.names, opts.cacheDir)], {
      cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) {
      live.add(pid);
      preferForOomKill(pid);
    }
    // The key goes to the reporter on fd 3 and nowhere else.
    const keyPipe = child.stdio[3] as Writable | null;
    keyPipe?.on('error', () => undefined);
    keyPipe?.end(`${ch.key}\n`);

    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    let killed: Kill = null;
    let cutoff: Cutoff | null = null;
    let peakRssBytes = 0;
    let integrity: string | null = null;
    let report: ReporterReport | null = null;
    const kill = (why: Kill): void => {
      killed ??= why;
      if (pid !== undefined) killGroup(pid);
    };
    /** Reads the channel; a forged report is remembered for good (the run earns nothing). */
    const look = (): void => {
      const r = readChannel(ch);
      if (r.kind === 'forged') {
        integrity ??= `the results file was written by something other than the grader's reporter (${r.why})`;
      } else if (r.kind === 'ok') {
        report = r.report;
      }
    };

    let lastEvents = -1;
    let lastProgressAt = started;
    const poll = setInterval(() => {
      look();
      if (integrity !== null) {
        kill(null);
        return;
      }
      const current = report as ReporterReport | null;
      if (current !== null && current.events !== lastEvents) {
        lastEvents = current.events;
        lastProgressAt = Date.now();
        opts.onProgress?.(finishedTests(current, opts.names));
      }
      cutoff ??= opts.cutoff?.() ?? null;
      if (cutoff !== null) kill('cutoff');
      else if (Date.now() - lastProgressAt > opts.timeoutSeconds * 1000) kill('timeout');
    }, POLL_MS);
    const unwatch = pid === undefined ? () => undefined : memoryWatch.watch(pid, groupLimitMb * 1024 * 1024, () => kill('memory'), (bytes) => {
      peakRssBytes = Math.max(peakRssBytes, bytes);
    });

    let exitCode: number | null = null;
    let signal: string | null = null;
    // Once jest exits, nothing of its group may outlive it (a child process of the code under test, say).
    child.on('exit', (code, sig) => {
      exitCode = code;
      signal = sig;
      if (pid !== undefined) killGroup(pid);
    });
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      unwatch();
      if (pid !== undefined) live.delete(pid);
      look();
      for (const f of [ch.reportFile, `${ch.reportFile}.tmp`]) fs.rmSync(f, { force: true });
      resolve({
        file: opts.file, seed: opts.seed, report, integrity, exitCode,
        signal: killed !== null ? 'SIGKILL' : signal, killed,
        timeoutSeconds: opts.timeoutSeconds, timeScale: opts.timeScale ?? 1, memoryMb: opts.memoryMb, groupLimitMb,
        peakRssMb: Math.round(peakRssBytes / (1024 * 1024)), cutoff: killed === 'cutoff' ? cutoff : null, outputTail: output, wallMs: Date.now() - started,
      });
    };
    child.on('close', finish);
    child.on('error', (err) => {
      output += `\ncould not start jest: ${err.message}`;
      finish();
    });
  });
}
