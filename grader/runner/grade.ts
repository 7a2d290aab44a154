/**
 * Grades a selection of tests: one jest run per suite file (in the catalogue's order), each in
 * its own process with its own time limit, and one outcome per test.
 */
import type { TestEntry } from '../catalogue';
import { type FileRunInfo, type TestOutcome, settleFile } from './results';
import { runSuiteFile } from './spawn';

/** What to grade and how. */
export interface GradeOptions {
  readonly tests: readonly TestEntry[];
  /** The absolute path of the tree under test. */
  readonly targetDir: string;
  readonly seed: number;
  /** The wall-clock limit of each suite file's run. */
  readonly timeoutSeconds: number;
  /** Called after each suite file, with its outcomes, e.g. to print them as they come. */
  readonly onFile?: (outcomes: readonly TestOutcome[], run: FileRunInfo) => void;
}

/** The outcome of a grading run. */
export interface GradeResult {
  readonly outcomes: TestOutcome[];
  readonly runs: FileRunInfo[];
  readonly wallMs: number;
}

/** The selected tests grouped by suite file, files in order of first appearance. */
export function groupByFile(tests: readonly TestEntry[]): Map<string, TestEntry[]> {
  const groups = new Map<string, TestEntry[]>();
  for (const t of tests) {
    const group = groups.get(t.file);
    if (group === undefined) groups.set(t.file, [t]);
    else group.push(t);
  }
  return groups;
}

/** Runs every selected test, one suite file at a time. */
export async function grade(opts: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const outcomes: TestOutcome[] = [];
  const runs: FileRunInfo[] = [];
  for (const [file, entries] of groupByFile(opts.tests)) {
    const run = await runSuiteFile({
      file, names: entries.map((e) => e.name), targetDir: opts.targetDir, seed: opts.seed, timeoutSeconds: opts.timeoutSeconds,
    });
    const settled = settleFile(entries, run);
    outcomes.push(...settled);
    runs.push(run);
    opts.onFile?.(settled, run);
  }
  return { outcomes, runs, wallMs: Date.now() - started };
}
