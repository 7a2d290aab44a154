/**
 * The tree under test: `labs`, `solution`, or any folder with a tree's layout (an instructor
 * grading a student's copy of labs/). Suites always come from the grader's own copy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './spawn';

/** The files a tree must have to be graded, relative to the tree. */
export const REQUIRED_FILES: readonly string[] = ['raft/index.ts', 'proto/eraftpb.proto'];

/** A tree to grade, or why it cannot be graded. */
export type Target =
  | { readonly ok: true; readonly dir: string; readonly label: string }
  | { readonly ok: false; readonly error: string };

/** Resolves --target: `labs` and `solution` are the grader's own trees, anything else a folder. */
export function resolveTarget(arg: string, root = ROOT, cwd = process.cwd()): Target {
  const dir = arg === 'labs' || arg === 'solution' ? path.join(root, arg) : path.resolve(cwd, arg);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return { ok: false, error: `--target ${arg}: ${dir} does not exist` };
  }
  if (!stat.isDirectory()) return { ok: false, error: `--target ${arg}: ${dir} is not a folder` };
  for (const f of REQUIRED_FILES) {
    if (!fs.existsSync(path.join(dir, f))) {
      return { ok: false, error: `--target ${arg}: ${path.join(dir, f)} is missing (a tree needs ${REQUIRED_FILES.join(' and ')})` };
    }
  }
  return { ok: true, dir, label: arg };
}
