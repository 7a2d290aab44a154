/**
 * What the two kinds of session (grade once, grade N times) share: the options, the exit
 * statuses, the session's context, and the closing: the per-part table, `Points: a/b`, the
 * line `N passed, N failed`, and the report files (--json, --junit).
 */
import type { Catalogue, TestEntry } from './catalogue';
import { type Colors, type RunContext, formatSummary } from './report/console';
import { toGradescope } from './report/gradescope';
import { junitFromOutcomes } from './report/junit';
import { formatPartTable, partRows } from './report/parts-table';
import { writeReportFile } from './report/write';
import type { Deadline } from './runner/deadline';
import type { RunLimits } from './runner/limits';
import type { TestOutcome } from './runner/results';
import type { Workspace } from './runner/workspace';

/** The grader's options, as the command line gives them. */
export interface SessionOptions {
  readonly parts: readonly string[];
  readonly target: string;
  readonly test?: string;
  readonly seed: number;
  /** The limit on each test (and on loading a suite file), in seconds, before the time scale. */
  readonly timeoutSeconds: number;
  /** The heap limit of each jest process, in MB; undefined: fitted to the machine (runner/limits.ts). */
  readonly memoryMb?: number;
  /** How many jest processes at once; undefined: fitted to the machine. */
  readonly jobs?: number;
  /** --budget S: the whole run's time limit, in seconds (runner/deadline.ts); undefined: none. */
  readonly budgetSeconds?: number;
  /** --time-scale X: a fixed time scale instead of the calibration (runner/calibrate.ts). */
  readonly timeScale?: number;
  /** --runs N: every test N times on seeds seed, seed + 1, ...; undefined grades once. */
  readonly runs?: number;
  readonly json?: string;
  readonly junit?: string;
  /** --trace DIR: every test writes its trace there (RAFTKV_TRACE_DIR, RAFTKV_TRACE_ALL=1). */
  readonly trace?: string;
  readonly list: boolean;
  /** False skips type-checking the tree (--no-typecheck). */
  readonly typecheck: boolean;
}

/** Exit statuses: 0 everything selected passed, 1 something failed, 2 the command was wrong. */
export const EXIT = { passed: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** What grade-once and grade-repeatedly share. */
export interface SessionContext {
  readonly opts: SessionOptions;
  readonly cat: Catalogue;
  readonly tests: TestEntry[];
  readonly targetDir: string;
  readonly ctx: RunContext;
  readonly c: Colors;
  readonly tty: boolean;
  readonly workspace: Workspace;
  /** The environment added to every test process. */
  readonly env: Readonly<Record<string, string>>;
  /** True once Ctrl-C was pressed. */
  readonly interrupted: () => boolean;
  /** Jobs, memory and time limits, fitted to the machine. */
  readonly limits: RunLimits;
  /** The whole run's budget (--budget). */
  readonly deadline: Deadline;
}

/** What the closing lines and report files need. */
export interface Closing {
  readonly outcomes: readonly TestOutcome[];
  readonly wallMs: number;
  /** Shown at the top of results.json (why nothing could be graded, say). */
  readonly note?: string;
  /** Replaces the JUnit XML of the outcomes (--runs writes one case per run). */
  readonly junit?: string;
  /** Replaces the `N passed, N failed` counts (--runs counts runs). */
  readonly counts?: { readonly passed: number; readonly failed: number };
}

/** Prints the per-part table and the totals, and writes the report files. */
export function close(s: Pick<SessionContext, 'opts' | 'cat' | 'ctx' | 'c'>, closing: Closing): void {
  const table = formatPartTable(partRows(s.cat, closing.outcomes), s.c);
  if (table.length > 0) console.log(['', ...table, ''].join('\n'));
  const summary = formatSummary(closing.outcomes, s.c);
  if (closing.counts !== undefined) summary[1] = `${closing.counts.passed} passed, ${closing.counts.failed} failed`;
  console.log(summary.join('\n'));
  if (s.opts.json !== undefined) {
    writeReportFile(s.opts.json, `${JSON.stringify(toGradescope(closing.outcomes, s.ctx, closing.wallMs, closing.note), null, 2)}\n`);
  }
  if (s.opts.junit !== undefined) {
    writeReportFile(s.opts.junit, closing.junit ?? junitFromOutcomes(s.cat, closing.outcomes, s.ctx, closing.wallMs));
  }
}
