/**
 * The catalogue: the single list of graded tests and parts, and the queries the grader runs
 * on it (which parts exist, which tests a part holds, which tests a command line selects).
 *
 * To add a part (2B, 2C): add its parts to catalogue/parts.ts, put its tests in a new
 * catalogue file (like tests-2a.ts) and spread that list into CATALOGUE below.
 */
import { PARTS } from './parts';
import { OURS_2A_TESTS } from './tests-2a-ours';
import { TINYKV_2A_TESTS } from './tests-2a';
import { TINYKV_2B_TESTS } from './tests-2b';
import { TESTS_2C_RAFT } from './tests-2c-raft';
import { TINYKV_2C_KV_TESTS } from './tests-2c-kv';
import { OURS_2B_TESTS } from './tests-2b-ours';
import { OURS_2C_KV_TESTS } from './tests-2c-ours';
import { SAFETY_TESTS } from './tests-safety';
import { EDGES_TESTS } from './tests-edges';
import type { Part, TestEntry } from './types';

export type { AggregatePart, LeafPart, Origin, Part, TestEntry } from './types';

/** The parts and tests the grader knows. */
export interface Catalogue {
  readonly parts: readonly Part[];
  readonly tests: readonly TestEntry[];
}

/** The grader's catalogue: every graded part and test. */
export const CATALOGUE: Catalogue = {
  parts: PARTS,
  tests: [
    ...TINYKV_2A_TESTS, ...OURS_2A_TESTS, ...TINYKV_2B_TESTS, ...OURS_2B_TESTS, ...TESTS_2C_RAFT, ...TINYKV_2C_KV_TESTS, ...OURS_2C_KV_TESTS,
    ...SAFETY_TESTS, ...EDGES_TESTS,
  ],
};

/** The word that selects every test. */
export const ALL = 'all';

/** The ids of the leaf parts a part stands for (itself if it is a leaf), in grading order. */
export function leafIds(cat: Catalogue, partId: string): string[] {
  const out: string[] = [];
  const visit = (id: string, path: readonly string[]): void => {
    const part = cat.parts.find((p) => p.id === id);
    if (part === undefined) throw new Error(`unknown part "${id}"`);
    if (path.includes(id)) throw new Error(`part "${id}" includes itself (${[...path, id].join(' > ')})`);
    if (part.kind === 'leaf') {
      if (!out.includes(id)) out.push(id);
    } else {
      for (const child of part.includes) visit(child, [...path, id]);
    }
  };
  visit(partId, []);
  return out;
}

/** The tests of a part (a leaf or an aggregate), in catalogue order. */
export function testsOfPart(cat: Catalogue, partId: string): TestEntry[] {
  const leaves = new Set(leafIds(cat, partId));
  return cat.tests.filter((t) => leaves.has(t.part));
}

/** The points a list of tests is worth. */
export function totalPoints(tests: readonly TestEntry[]): number {
  return tests.reduce((sum, t) => sum + t.points, 0);
}

/** Every problem in the catalogue itself (empty when it is sound). */
export function catalogueProblems(cat: Catalogue): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const p of cat.parts) {
    if (ids.has(p.id)) problems.push(`part "${p.id}" is defined twice`);
    ids.add(p.id);
    if (p.id !== p.id.toLowerCase() || p.id === ALL) problems.push(`part id "${p.id}" must be lower case and not "${ALL}"`);
  }
  for (const p of cat.parts) {
    if (p.kind !== 'aggregate') continue;
    try {
      leafIds(cat, p.id);
    } catch (e) {
      problems.push(`aggregate part "${p.id}": ${(e as Error).message}`);
    }
  }
  const names = new Set<string>();
  for (const t of cat.tests) {
    if (names.has(t.name)) problems.push(`test ${t.name} is listed twice`);
    names.add(t.name);
    const part = cat.parts.find((p) => p.id === t.part);
    if (part === undefined || part.kind !== 'leaf') {
      problems.push(`test ${t.name}: part "${t.part}" is not a leaf part`);
    } else if (!t.name.endsWith(part.suffix)) {
      problems.push(`test ${t.name}: a test of part ${part.id} must end in "${part.suffix}"`);
    }
    if (!Number.isInteger(t.points) || t.points <= 0) problems.push(`test ${t.name}: points must be a positive integer, got ${t.points}`);
    if (!/^\S[^\n]*\.$/.test(t.description)) problems.push(`test ${t.name}: the description must be one line ending in a full stop`);
    if (!/^grader\/suites\/.+\.test\.ts$/.test(t.file)) problems.push(`test ${t.name}: file "${t.file}" is not a suite under grader/suites/`);
  }
  return problems;
}

/** What a command line asks for. */
export interface SelectionRequest {
  /** Part ids (or `all`); empty means every part. */
  readonly parts: readonly string[];
  /** A test name, or a regular expression searched in test names (like `go test -run`). */
  readonly pattern?: string;
}

/** The tests a command line selects, or why it selects none. */
export type Selection =
  | { readonly ok: true; readonly tests: TestEntry[] }
  | { readonly ok: false; readonly error: string };

/** One line per part for error messages and listings: `2a (52 tests, 80 points)`. */
export function describeParts(cat: Catalogue): string[] {
  return cat.parts.map((p) => {
    const tests = testsOfPart(cat, p.id);
    const size = tests.length === 0 ? 'no tests yet' : `${tests.length} tests, ${totalPoints(tests)} points`;
    return `${p.id.padEnd(6)} ${p.title} (${size})`;
  });
}

/**
 * Selects tests: those of the given parts (all parts if none), narrowed by the pattern. A
 * pattern equal to a test's name selects that test alone; any other pattern is a regular
 * expression searched in the names.
 */
export function selectTests(cat: Catalogue, req: SelectionRequest): Selection {
  const partIds = req.parts.length === 0 || req.parts.includes(ALL) ? null : [...new Set(req.parts)];
  const unknown = (partIds ?? []).filter((id) => !cat.parts.some((p) => p.id === id));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `unknown part${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nvalid parts (or "${ALL}"):\n  ${describeParts(cat).join('\n  ')}`,
    };
  }
  let inParts: TestEntry[];
  if (partIds === null) {
    inParts = [...cat.tests];
  } else {
    const leaves = new Set(partIds.flatMap((id) => leafIds(cat, id)));
    inParts = cat.tests.filter((t) => leaves.has(t.part));
  }
  const where = partIds === null ? 'the catalogue' : `part${partIds.length > 1 ? 's' : ''} ${partIds.join(', ')}`;
  if (inParts.length === 0) return { ok: false, error: `${where} has no tests yet` };
  if (req.pattern === undefined) return { ok: true, tests: inParts };

  const pattern = req.pattern;
  const exact = cat.tests.find((t) => t.name === pattern);
  let matches: (t: TestEntry) => boolean;
  if (exact !== undefined) {
    matches = (t) => t === exact;
  } else {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (e) {
      return { ok: false, error: `--test: "${pattern}" is not a valid regular expression: ${(e as Error).message}` };
    }
    matches = (t) => re.test(t.name);
  }
  const selected = inParts.filter(matches);
  if (selected.length > 0) return { ok: true, tests: selected };
  const elsewhere = cat.tests.filter(matches);
  if (elsewhere.length > 0) {
    return {
      ok: false,
      error: `--test "${pattern}" matches no test of ${where}, but matches ${elsewhere.length} in other parts: ${elsewhere.slice(0, 5).map((t) => `${t.name} (${t.part})`).join(', ')}${elsewhere.length > 5 ? ', ...' : ''}`,
    };
  }
  const lower = pattern.toLowerCase();
  const close = cat.tests.filter((t) => t.name.toLowerCase().includes(lower)).slice(0, 10);
  const hint = close.length > 0 ? `\ndid you mean:\n  ${close.map((t) => t.name).join('\n  ')}` : '';
  return { ok: false, error: `--test "${pattern}" matches no test name${hint}\nlist every test with: npm run grade -- --list` };
}
