/**
 * Builds the tree to grade from an upload and the skeleton: a fresh copy of the skeleton, with
 * the upload's files laid over it where the plan (locate.ts) puts them. So a file the student
 * did not send is the skeleton's (its tests fail with `not implemented`, and the report names
 * it), and the suites, the harness and the grader never come from the upload.
 *
 * A file identical to the skeleton's keeps the skeleton's copy and its timestamps, so the
 * skeleton's generated protobuf code stays valid and is not generated again; a changed
 * `.proto` is newer than that code, so the grader regenerates it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Listing } from './listing';
import type { Placement, Plan } from './locate';

/** What went into the tree, in the upload's terms and the tree's. */
export interface Built {
  /** The upload's files that were used, and where each went in the tree. */
  readonly used: readonly Placement[];
  /** The tree's files that came from the upload and differ from the skeleton (the student's changes, or new files). */
  readonly changed: readonly string[];
  /** Lab files the upload did not hold: the skeleton's copies were graded. */
  readonly missing: readonly string[];
  /** The upload's files that were not used (outside the lab's folder, no lab file of that name, ambiguous...). */
  readonly unused: readonly string[];
}

/** True when two files have the same bytes. */
function sameBytes(a: string, b: string): boolean {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.size === y.size && fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

/** The upload's files under `root` ('' for all), each with its path inside the tree. */
function underRoot(files: readonly string[], root: string): Placement[] {
  if (root === '') return files.map((f) => ({ from: f, to: f }));
  const prefix = `${root}/`;
  return files.filter((f) => f.startsWith(prefix)).map((f) => ({ from: f, to: f.slice(prefix.length) }));
}

/**
 * Builds the tree in `out` (replaced if it exists): the skeleton, then the upload's files as
 * `plan` places them. With no lab file in the upload (`none`), `out` is left empty, so the
 * grader reports that there is no tree to grade.
 */
export function buildTree(uploadDir: string, listing: Listing, plan: Plan, skeletonDir: string, lab: readonly string[], out: string): Built {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  if (plan.kind === 'none') return { used: [], changed: [], missing: [...lab], unused: [...listing.files] };
  fs.cpSync(skeletonDir, out, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => !src.split(path.sep).includes('node_modules'),
  });
  const labSet = new Set(lab);
  const placements = plan.kind === 'tree' ? underRoot(listing.files, plan.root) : plan.placed;
  const used: Placement[] = [];
  const changed: string[] = [];
  for (const p of placements) {
    const src = path.join(uploadDir, p.from);
    const dest = path.join(out, p.to);
    used.push(p);
    if (labSet.has(p.to) && sameBytes(src, path.join(skeletonDir, p.to))) continue;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(src, dest);
    changed.push(p.to);
  }
  const usedFrom = new Set(used.map((u) => u.from));
  const provided = new Set(used.map((u) => u.to));
  return {
    used,
    changed: changed.sort(),
    missing: lab.filter((f) => !provided.has(f)),
    unused: listing.files.filter((f) => !usedFrom.has(f)),
  };
}

/** The lab files a student writes in: those of the skeleton with a `// #region` block. */
export function labWork(skeletonDir: string, lab: readonly string[]): string[] {
  return lab.filter((f) => f.endsWith('.ts') && /^\s*\/\/ #region\b/m.test(fs.readFileSync(path.join(skeletonDir, f), 'utf8')));
}
