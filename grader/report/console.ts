/**
 * The grader's console output: one line per test (PASS/FAIL, points, duration, name), the
 * reason and a replay command under each failure, then the totals. Pure functions of the
 * outcomes, so they are unit-tested; colour is passed in (on only when stdout is a terminal).
 */
import pc from 'picocolors';
import type { Catalogue, TestEntry } from '../catalogue';
import { testsOfPart, totalPoints } from '../catalogue';
import type { TestOutcome } from '../runner/results';

/** The colour functions in use (picocolors, enabled or not). */
export type Colors = ReturnType<typeof pc.createColors>;

/** Colours on or off. */
export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** What a report needs to know besides the outcomes. */
export interface RunContext {
  readonly seed: number;
  /** --target as the user gave it. */
  readonly target: string;
}

// eslint-disable-next-line no-control-regex -- the escape character is what ANSI codes start with
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** A string without its ANSI escape codes (colours, cursor moves). */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Quotes a word for a POSIX shell if it needs it. */
export function shellQuote(word: string): string {
  return /^[\w./@:+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that reruns one test alone with the same randomness. */
export function replayCommand(name: string, ctx: RunContext): string {
  return `npm run grade -- --test ${shellQuote(name)} --seed ${ctx.seed} --target ${shellQuote(ctx.target)}`;
}

const MATCHER_HINT = /^expect\(/;
const STACK_FRAME = /^at\s/;

/**
 * The line of a failure message most worth showing: the error's own message, with jest's
 * matcher hint (`expect(received).toBe(expected)`) replaced by its `Expected: ..., Received:
 * ...` lines when there are such lines; stack frames and blank lines are never chosen.
 */
export function firstMeaningfulLine(message: string): string {
  const lines = stripAnsi(message).split('\n').map((l) => l.trim())
    .filter((l) => l !== '' && !STACK_FRAME.test(l))
    .map((l) => l.replace(/^Error:\s*/, ''));
  if (lines.length === 0) return '(no message)';
  const first = lines[0];
  // A heading such as `the suite could not run: Configuration error:` says more with its next line.
  if (first.endsWith(':') && lines.length > 1) return `${first} ${lines[1]}`;
  if (!MATCHER_HINT.test(first)) return first;
  const near = lines.slice(1, 8);
  const expected = near.find((l) => /^Expected[^:]*:\s/.test(l));
  const received = near.find((l) => /^Received[^:]*:\s/.test(l));
  if (expected !== undefined && received !== undefined) return `${expected}, ${received}`;
  return first;
}

const LIBRARY_FRAME = /^\s*at\s(?:node:|.*(?:\/node_modules\/|\(node:|\(<anonymous>\)))/;

/** A failure message for people: no ANSI codes, no stack frames inside jest or Node itself. */
export function cleanFailure(message: string): string {
  return stripAnsi(message).split('\n').filter((l) => !LIBRARY_FRAME.test(l)).join('\n').trim();
}

/** A duration for the console: `3 ms`, `1.2 s`, or `-` for a test that never finished. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The points a test earned. */
export function earned(o: TestOutcome): number {
  return o.passed ? o.entry.points : 0;
}

/** The console lines of one test. */
export function formatOutcome(o: TestOutcome, ctx: RunContext, c: Colors): string[] {
  const tag = o.passed ? c.green('PASS') : c.red(c.bold('FAIL'));
  const points = `${earned(o)}/${o.entry.points}`.padStart(5);
  const line = `${tag} ${points}  ${formatDuration(o.durationMs).padStart(7)}  ${o.entry.name}`;
  if (o.passed) return [line];
  return [
    line,
    `      ${firstMeaningfulLine(o.message)}`,
    c.dim(`      replay: ${replayCommand(o.entry.name, ctx)}`),
  ];
}

/** The closing lines: `Points: a/b` and `N passed, N failed`. */
export function formatSummary(outcomes: readonly TestOutcome[], c: Colors): string[] {
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  const got = outcomes.reduce((s, o) => s + earned(o), 0);
  const max = outcomes.reduce((s, o) => s + o.entry.points, 0);
  const points = `Points: ${got}/${max}`;
  return [
    failed === 0 ? c.green(c.bold(points)) : c.bold(points),
    `${passed} passed, ${failed} failed`,
  ];
}

/** The line printed before grading starts. */
export function formatHeader(tests: readonly TestEntry[], files: number, ctx: RunContext, targetDir: string): string {
  const where = ctx.target === targetDir ? ctx.target : `${ctx.target} (${targetDir})`;
  return `grading ${tests.length} tests (${totalPoints(tests)} points) in ${files} suite file${files === 1 ? '' : 's'} against ${where}, seed ${ctx.seed}`;
}

/** The catalogue as a listing (--list): each part, then its tests with points and description. */
export function formatCatalogue(cat: Catalogue, tests: readonly TestEntry[], c: Colors): string[] {
  const out: string[] = [];
  const shown = new Set(tests.map((t) => t.name));
  for (const part of cat.parts) {
    if (part.kind !== 'leaf') continue;
    const mine = testsOfPart(cat, part.id).filter((t) => shown.has(t.name));
    if (mine.length === 0) continue;
    out.push(c.bold(`${part.id}: ${part.title} (${mine.length} tests, ${totalPoints(mine)} points)`));
    for (const t of mine) out.push(`  ${String(t.points).padStart(2)}  ${t.name}${t.origin === 'ours' ? c.dim(' (ours)') : ''}`, c.dim(`      ${t.description}`));
  }
  const aggregates = cat.parts.flatMap((p) => (p.kind === 'aggregate' ? [`${p.id} = ${p.includes.join(' + ')}`] : []));
  if (aggregates.length > 0) out.push('', `aggregate parts: ${aggregates.join('; ')}`);
  return out;
}
