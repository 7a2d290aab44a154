/**
 * `npm run labs:check`: proves that labs/ and solution/ are one program except inside
 * regions. Every file (outside proto/generated/) exists in both trees and is either identical
 * or differs only between `// #region <PART>: <what>` and `// #endregion` lines, where the
 * region markers are the same lines, in the same order, in both trees and every line outside
 * the regions is byte-identical. So `diff -r labs solution` is the assignment.
 *
 * Usage: tsx scripts/labs-check.ts [labsDir solutionDir]   (default: labs solution)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts a region may belong to. */
export const REGION_PARTS: readonly string[] = ['2ALog', '2AA', '2AB', '2AC', '2B', '2C'];

/** One problem found, with the line (1-based) in each tree when it has one. */
export interface Violation {
  /** The file, relative to the trees. */
  readonly file: string;
  readonly labsLine?: number;
  readonly solutionLine?: number;
  readonly message: string;
}

/** A line of a file, as the comparison sees it. */
export interface Item {
  readonly kind: 'line' | 'open' | 'close';
  /** The exact text of the line (without its '\n'). */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/** A file split into the lines outside regions and the region markers. */
export interface Parsed {
  /** Lines outside regions and the marker lines; the lines inside regions are left out. */
  readonly items: Item[];
  readonly regions: number;
  /** Malformed markers, nesting, unclosed regions: line and message. */
  readonly errors: { readonly line: number; readonly message: string }[];
}

const OPEN = /^\s*\/\/ #region (.*)$/;
const CLOSE = /^\s*\/\/ #endregion$/;
const MARKER_LIKE = /^\s*\/\/\s*#(?:end)?region\b/;
const OPEN_BODY = /^([0-9A-Za-z]+): (\S.*)$/;

/** Splits text into lines, keeping everything but the '\n' (so a '\r' is part of a line). */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

/** Parses a file's region structure. */
export function parseRegions(text: string): Parsed {
  const items: Item[] = [];
  const errors: { line: number; message: string }[] = [];
  let regions = 0;
  let openAt: number | null = null;
  splitLines(text).forEach((lineText, i) => {
    const line = i + 1;
    const text = lineText;
    const open = OPEN.exec(text);
    if (open !== null) {
      const body = OPEN_BODY.exec(open[1]);
      if (body === null) {
        errors.push({ line, message: `malformed region marker "${text.trim()}": expected "// #region <PART>: <what to write>"` });
      } else if (!REGION_PARTS.includes(body[1])) {
        errors.push({ line, message: `region part "${body[1]}" is not one of ${REGION_PARTS.join(', ')}` });
      }
      if (openAt !== null) errors.push({ line, message: `region opened inside the region opened at line ${openAt} (regions do not nest)` });
      openAt = line;
      regions++;
      items.push({ kind: 'open', text, line });
      return;
    }
    if (CLOSE.test(text)) {
      if (openAt === null) errors.push({ line, message: '"// #endregion" without a region to close' });
      openAt = null;
      items.push({ kind: 'close', text, line });
      return;
    }
    if (MARKER_LIKE.test(text)) {
      const trailing = /\s$/.test(text) ? ' (it ends in whitespace or a carriage return)' : '';
      errors.push({ line, message: `malformed region marker "${text.trim()}"${trailing}: expected "// #region <PART>: <what>" or "// #endregion"` });
      return;
    }
    if (openAt === null) items.push({ kind: 'line', text, line });
  });
  if (openAt !== null) errors.push({ line: openAt, message: 'region never closed (no "// #endregion" after it)' });
  return { items, regions, errors };
}

/** Shows a line in a message: trimmed to 120 characters, quoted. */
function show(item: Item | undefined): string {
  if (item === undefined) return 'the end of the file';
  const t = item.text.length > 120 ? `${item.text.slice(0, 117)}...` : item.text;
  return `"${t}"`;
}

/** Why two aligned items differ (an undefined item is the end of that file). */
function describeDifference(a: Item | undefined, b: Item | undefined): string {
  const finalNewline = (x: Item | undefined, other: Item | undefined): boolean => x === undefined && other?.kind === 'line' && other.text === '';
  if (finalNewline(a, b)) return 'only solution/ ends with a newline';
  if (finalNewline(b, a)) return 'only labs/ ends with a newline';
  if (a === undefined) return `solution/ has more outside regions: ${show(b)}`;
  if (b === undefined) return `labs/ has more outside regions: ${show(a)}`;
  if (a.kind === 'open' && b.kind === 'open') return `region markers differ: labs/ ${show(a)}, solution/ ${show(b)}`;
  if (a.kind === 'open' || b.kind === 'open') {
    const [tree, item, other] = a.kind === 'open' ? ['labs/', a, b] : ['solution/', b, a];
    return `only ${tree} opens a region here: ${show(item)} (the other tree has ${show(other)})`;
  }
  if (a.kind === 'close' || b.kind === 'close') {
    const [tree, other] = a.kind === 'close' ? ['labs/', b] : ['solution/', a];
    return `only ${tree} closes a region here (the other tree has ${show(other)})`;
  }
  return `a line outside regions differs: labs/ ${show(a)}, solution/ ${show(b)}`;
}

/** Compares one file of the two trees; returns its violations and its number of regions. */
export function compareFile(file: string, labs: string, solution: string): { violations: Violation[]; regions: number } {
  const l = parseRegions(labs);
  const s = parseRegions(solution);
  const violations: Violation[] = [
    ...l.errors.map((e) => ({ file, labsLine: e.line, message: `labs/: ${e.message}` })),
    ...s.errors.map((e) => ({ file, solutionLine: e.line, message: `solution/: ${e.message}` })),
  ];
  if (violations.length > 0 || labs === solution) return { violations, regions: s.regions };
  const n = Math.max(l.items.length, s.items.length);
  for (let i = 0; i < n; i++) {
    const a = l.items[i];
    const b = s.items[i];
    if (a !== undefined && b !== undefined && a.kind === b.kind && a.text === b.text) continue;
    // At the end of a file, point at its last line.
    const labsLine = a?.line ?? splitLines(labs).length;
    const solutionLine = b?.line ?? splitLines(solution).length;
    violations.push({ file, labsLine, solutionLine, message: describeDifference(a, b) });
    break; // past the first difference the two files no longer line up
  }
  return { violations, regions: s.regions };
}

/** Every file under a tree, relative to it, sorted; proto/generated/ is left out. */
export function listFiles(tree: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(tree, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (/(^|\/)proto\/generated$/.test(r)) continue;
        walk(r);
      } else {
        out.push(r);
      }
    }
  };
  walk('');
  return out.sort();
}

/** The files present in one tree only. */
export function compareFileSets(labs: readonly string[], solution: readonly string[]): Violation[] {
  const inLabs = new Set(labs);
  const inSolution = new Set(solution);
  return [
    ...solution.filter((f) => !inLabs.has(f)).map((file) => ({ file, message: 'exists in solution/ but not in labs/' })),
    ...labs.filter((f) => !inSolution.has(f)).map((file) => ({ file, message: 'exists in labs/ but not in solution/' })),
  ];
}

/** The result of checking two trees. */
export interface CheckResult {
  readonly files: number;
  readonly regions: number;
  readonly violations: Violation[];
}

/** Checks two trees on disk. */
export function checkTrees(labsDir: string, solutionDir: string): CheckResult {
  const labsFiles = listFiles(labsDir);
  const solutionFiles = listFiles(solutionDir);
  const violations = compareFileSets(labsFiles, solutionFiles);
  const common = solutionFiles.filter((f) => labsFiles.includes(f));
  let regions = 0;
  for (const file of common) {
    const r = compareFile(file, fs.readFileSync(path.join(labsDir, file), 'utf8'), fs.readFileSync(path.join(solutionDir, file), 'utf8'));
    violations.push(...r.violations);
    regions += r.regions;
  }
  return { files: common.length, regions, violations };
}

/** One violation as a line of output: `raft/log.ts (labs/ line 12, solution/ line 14): ...`. */
export function formatViolation(v: Violation): string {
  const where = [
    v.labsLine !== undefined ? `labs/ line ${v.labsLine}` : null,
    v.solutionLine !== undefined ? `solution/ line ${v.solutionLine}` : null,
  ].filter((x) => x !== null);
  return `${v.file}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${v.message}`;
}

/** Runs the check on the command line; returns the exit status. */
export function main(args: readonly string[]): number {
  const root = path.resolve(__dirname, '..');
  const [labsDir, solutionDir] = args.length >= 2 ? args.map((a) => path.resolve(a)) : [path.join(root, 'labs'), path.join(root, 'solution')];
  for (const [name, dir] of [['labs', labsDir], ['solution', solutionDir]] as const) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      console.error(`labs:check: ${dir} does not exist: there is no ${name} tree to compare`);
      return 1;
    }
  }
  if (listFiles(labsDir).length === 0) {
    console.error(`labs:check: ${labsDir} has no files yet: the skeleton has not been made from solution/`);
    return 1;
  }
  const result = checkTrees(labsDir, solutionDir);
  if (result.violations.length > 0) {
    for (const v of result.violations) console.error(`labs:check: ${formatViolation(v)}`);
    console.error(`labs:check: ${result.violations.length} violation${result.violations.length === 1 ? '' : 's'}: labs/ and solution/ must differ only inside "// #region <PART>: <what>" ... "// #endregion" blocks`);
    return 1;
  }
  console.log(`labs:check: ${result.files} files, ${result.regions} regions, labs/ and solution/ differ only inside regions`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
