/**
 * results.json as the run goes (--json): written at the start with every test pending, and
 * again each time a suite file finishes, each time whole (a temporary file, then a rename:
 * report/write.ts), so the file on disk is always a complete, valid results.json. A grader
 * that is killed midway (by a platform's time limit, or for memory) leaves the results of the
 * tests that finished, and the others marked as not finished, instead of nothing. The final
 * results, written by the session's closing, replace it.
 */
import type { TestEntry } from '../catalogue';
import type { TestOutcome } from '../runner/results';
import type { RunContext } from './console';
import { toGradescope } from './gradescope';
import { writeReportFile } from './write';

/** The message of a test that had not finished when the file was last written. */
export const PENDING_MESSAGE = 'not finished: the grader stopped before this test finished '
  + '(it was stopped from outside, by a time limit of the platform or for memory, or it is still running)';

/** results.json, rewritten as outcomes come in; see the file comment. */
export class LiveResults {
  private readonly done = new Map<string, TestOutcome>();
  private readonly started: number;

  /** Writes `file` at once, every test of `tests` pending. */
  constructor(private readonly file: string, private readonly tests: readonly TestEntry[], private readonly ctx: RunContext,
    private readonly clock: () => number = Date.now) {
    this.started = clock();
    this.write();
  }

  /** Records finished tests and rewrites the file. */
  add(outcomes: readonly TestOutcome[]): void {
    for (const o of outcomes) this.done.set(o.entry.name, o);
    this.write();
  }

  /** Every test in the selection's order: its outcome, or pending. */
  outcomes(): TestOutcome[] {
    return this.tests.map((entry) => this.done.get(entry.name) ?? { entry, passed: false, durationMs: null, message: PENDING_MESSAGE });
  }

  private write(): void {
    const finished = this.tests.filter((t) => this.done.has(t.name)).length;
    const note = `partial results: ${finished} of ${this.tests.length} tests finished when this file was written; `
      + 'if the grader stops here, the others score 0';
    try {
      writeReportFile(this.file, `${JSON.stringify(toGradescope(this.outcomes(), this.ctx, this.clock() - this.started, note), null, 2)}\n`);
    } catch {
      // Best effort: the closing writes the file again, and reports a path that cannot be written.
    }
  }
}
