/**
 * Where the lab is in an upload. Students send their work in many shapes: their repository
 * (`labs/` inside), GitHub's "Download ZIP" (one top folder, `raftkv-lab-main/labs/`), a zip of
 * the labs folder (`labs/` at the top, or its contents `raft/`, `kv/`, `proto/`), or a few loose
 * files (`raft.ts`, `log.ts`) meant to go over the skeleton. This module only decides, from
 * the two lists of paths (the upload's and the skeleton's), which of these it is:
 *
 * - a **tree**: a folder of the upload that holds lab files at their places (`raft/raft.ts`
 *   under it); a folder named `labs` wins, a folder named `solution` comes last, then the
 *   folder holding the most lab files, then the shallowest;
 * - **loose** files: files whose names are the names of lab files, each going where the
 *   skeleton has that name. A name the skeleton has more than once (`index.ts`) is placed only
 *   if the folders around it in the upload say which one (`raftstore/errors.ts`); otherwise it
 *   is ambiguous and left out, and the report says so;
 * - **none**: nothing in the upload is a lab file.
 */

/** The upload holds the lab as a folder. */
export interface TreePlan {
  readonly kind: 'tree';
  /** The folder, relative to the upload ('' for the upload itself). */
  readonly root: string;
  /** How many lab files are at their places under it. */
  readonly matched: number;
  /** Other folders that also hold lab files at their places (not graded). */
  readonly otherRoots: readonly string[];
}

/** One loose file and where it goes in the tree. */
export interface Placement {
  /** The file, relative to the upload. */
  readonly from: string;
  /** Its place in the tree (a lab file's path). */
  readonly to: string;
}

/** A loose file whose name the skeleton has more than once. */
export interface Ambiguity {
  readonly from: string;
  /** The lab files of that name. */
  readonly candidates: readonly string[];
}

/** A loose file that lost to another one going to the same place. */
export interface Duplicate {
  readonly from: string;
  /** The upload's file that was used instead. */
  readonly used: string;
}

/** The upload holds loose files to lay over the skeleton. */
export interface LoosePlan {
  readonly kind: 'loose';
  readonly placed: readonly Placement[];
  readonly ambiguous: readonly Ambiguity[];
  readonly duplicates: readonly Duplicate[];
}

/** Where the lab is in an upload. */
export type Plan = TreePlan | LoosePlan | { readonly kind: 'none' };

/** The last segment of a `/` path. */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** How many of the last path segments two paths share. */
function sharedTail(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/** The lab files by name. */
function byName(lab: readonly string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of lab) {
    const list = m.get(baseName(f)) ?? [];
    list.push(f);
    m.set(baseName(f), list);
  }
  return m;
}

/** Lower ranks first: `labs`, then any folder, then `solution`. */
function nameRank(root: string): number {
  const name = baseName(root);
  if (name === 'labs') return 0;
  return name === 'solution' ? 2 : 1;
}

/** The folders of the upload that hold lab files at their places, best first (see the file comment). */
export function treeRoots(upload: readonly string[], lab: readonly string[]): { root: string; matched: number }[] {
  const names = byName(lab.filter((f) => f.includes('/')));
  const found = new Map<string, Set<string>>();
  for (const p of upload) {
    for (const s of names.get(baseName(p)) ?? []) {
      let root: string | null = null;
      if (p === s) root = '';
      else if (p.endsWith(`/${s}`)) root = p.slice(0, p.length - s.length - 1);
      if (root === null) continue;
      const set = found.get(root) ?? new Set<string>();
      set.add(s);
      found.set(root, set);
    }
  }
  const depth = (r: string): number => (r === '' ? 0 : r.split('/').length);
  return [...found].map(([root, set]) => ({ root, matched: set.size }))
    .sort((a, b) => nameRank(a.root) - nameRank(b.root) || b.matched - a.matched || depth(a.root) - depth(b.root)
      || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** Places loose files by their names (see the file comment). */
export function placeLoose(upload: readonly string[], lab: readonly string[]): LoosePlan {
  const names = byName(lab);
  const ambiguous: Ambiguity[] = [];
  const chosen = new Map<string, { from: string; score: number }[]>();
  for (const p of upload) {
    const candidates = names.get(baseName(p)) ?? [];
    if (candidates.length === 0) continue;
    let to: string | null = null;
    let score = 1;
    if (candidates.length === 1) {
      to = candidates[0];
      score = sharedTail(p, to);
    } else {
      const scored = candidates.map((c) => ({ c, s: sharedTail(p, c) }));
      const best = Math.max(...scored.map((x) => x.s));
      const top = scored.filter((x) => x.s === best);
      if (best >= 2 && top.length === 1) {
        to = top[0].c;
        score = best;
      }
    }
    if (to === null) {
      ambiguous.push({ from: p, candidates });
      continue;
    }
    const list = chosen.get(to) ?? [];
    list.push({ from: p, score });
    chosen.set(to, list);
  }
  const placed: Placement[] = [];
  const duplicates: Duplicate[] = [];
  for (const [to, list] of chosen) {
    // The closest match wins, then the shallowest file, then the first in order.
    const sorted = [...list].sort((a, b) => b.score - a.score || a.from.split('/').length - b.from.split('/').length
      || (a.from < b.from ? -1 : 1));
    placed.push({ from: sorted[0].from, to });
    for (const other of sorted.slice(1)) duplicates.push({ from: other.from, used: sorted[0].from });
  }
  placed.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return { kind: 'loose', placed, ambiguous, duplicates };
}

/** Decides where the lab is in an upload (see the file comment). */
export function locate(upload: readonly string[], lab: readonly string[]): Plan {
  const roots = treeRoots(upload, lab);
  if (roots.length > 0) {
    return { kind: 'tree', root: roots[0].root, matched: roots[0].matched, otherRoots: roots.slice(1).map((r) => r.root) };
  }
  const loose = placeLoose(upload, lab);
  if (loose.placed.length === 0 && loose.ambiguous.length === 0) return { kind: 'none' };
  return loose;
}
