/**
 * Everything a session checks before running a test: the catalogue is sound, the command
 * line selects tests (else exit 2, listing what is valid), and the target is a tree that can
 * be graded: its files are there, its protos generate, and it compiles. A target that cannot
 * be graded is not a usage error: every selected test scores 0 with the reason, the reports
 * are written, and the grader exits 1 (a submission without a tree still gets its results.json).
 */
import { generateTree } from '../scripts/proto';
import { type Catalogue, type TestEntry, catalogueProblems, selectTests } from './catalogue';
import { resolveTarget } from './runner/target';
import { typecheckTree } from './runner/typecheck';

/** What preparation needs from the command line. */
export interface PrepareRequest {
  readonly parts: readonly string[];
  readonly test?: string;
  readonly target: string;
  /** False skips the type check (--no-typecheck). */
  readonly typecheck: boolean;
}

/** The result of preparing a session. */
export type Preparation =
  /** The command line is wrong (or the catalogue is): print `error`, exit 2. */
  | { readonly kind: 'usage'; readonly error: string }
  /** The selection is fine but the tree cannot be graded: every test scores 0 with `reason`. */
  | { readonly kind: 'ungradable'; readonly tests: TestEntry[]; readonly reason: string; readonly details: readonly string[] }
  /** Ready to run. */
  | { readonly kind: 'ready'; readonly tests: TestEntry[]; readonly targetDir: string };

/** The most compile errors printed and kept in a test's message. */
export const MAX_COMPILE_ERRORS = 20;

/** Checks the selection only (for --list, which needs no tree). */
export function selectOrExplain(req: Pick<PrepareRequest, 'parts' | 'test'>, cat: Catalogue):
  { readonly ok: true; readonly tests: TestEntry[] } | { readonly ok: false; readonly error: string } {
  const problems = catalogueProblems(cat);
  if (problems.length > 0) return { ok: false, error: `the catalogue is inconsistent:\n  ${problems.join('\n  ')}` };
  const selection = selectTests(cat, { parts: req.parts, pattern: req.test });
  return selection.ok ? { ok: true, tests: selection.tests } : { ok: false, error: selection.error };
}

/** Prepares a session (see the file comment). */
export function prepare(req: PrepareRequest, cat: Catalogue): Preparation {
  const selected = selectOrExplain(req, cat);
  if (!selected.ok) return { kind: 'usage', error: selected.error };
  const tests = selected.tests;
  const target = resolveTarget(req.target);
  if (!target.ok) return { kind: 'ungradable', tests, reason: `the target is not a tree: ${target.error}`, details: [] };
  try {
    generateTree(target.dir);
  } catch (e) {
    return { kind: 'ungradable', tests, reason: `the protos of ${target.dir} do not compile`, details: [(e as Error).message] };
  }
  if (req.typecheck) {
    const compiled = typecheckTree(target.dir);
    if (!compiled.ok) {
      const n = compiled.errors.length;
      return {
        kind: 'ungradable',
        tests,
        reason: `the tree does not compile (${n} error${n === 1 ? '' : 's'}; first: ${compiled.errors[0]})`,
        details: [
          ...compiled.errors.slice(0, MAX_COMPILE_ERRORS),
          ...(n > MAX_COMPILE_ERRORS ? [`... and ${n - MAX_COMPILE_ERRORS} more`] : []),
        ],
      };
    }
  }
  return { kind: 'ready', tests, targetDir: target.dir };
}
