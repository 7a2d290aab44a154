/**
 * The grader's console output: one line per test (PASS/FAIL, points, duration, name), the
 * reason and a replay command under each failure, then the totals. Pure functions of the
 * outcomes, so they are unit-tested; colour is passed in (on only when stdout is a terminal).
 */
import pc from 'picocolors';
import type { Catalogue, TestEntry } from '../catalogue';
import { testsOfPart, totalPoints } from '../catalogue';
import type { TestOutcome } from '../runner/results';
import { stripAnsi } from './ansi';
import { tracePathIn } from './trace-path';

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
  /** Where the whole message of every failure is written, if anywhere (the console shows the first lines). */
  readonly failuresFile?: string;
}

export { stripAnsi } from './ansi';

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

/** The most lines of one failure the console shows; the whole message goes to the failures file. */
export const MAX_FAILURE_LINES = 30;

/** The longest line of a failure the console shows, in characters. */
export const MAX_FAILURE_LINE_CHARS = 400;

const ANY_FRAME = /^\s*at\s/;
/** The skeleton's `notImplemented()` helper: its caller, the student's TODO, is the frame to show. */
const HELPER_FRAME = /^\s*at\s+(?:notImplemented|new NotImplementedError)\b/;
const OWN_REPLAY = /^\s*replay: npm run grade\b/;

/**
 * The lines of a failure worth reading, in order: the message without ANSI codes, without stack
 * frames but the first one of the project's own code (where the test failed; for the skeleton's
 * `notImplemented()`, the method that calls it), without the
 * test's own replay line (the console prints the grader's), with runs of blank lines folded.
 */
export function failureLines(message: string): string[] {
  const out: string[] = [];
  let frameKept = false;
  for (const raw of cleanFailure(message).split('\n')) {
    const l = raw.trimEnd();
    if (OWN_REPLAY.test(l)) continue;
    if (ANY_FRAME.test(l)) {
      if (frameKept || HELPER_FRAME.test(l)) continue;
      frameKept = true;
    }
    if (l.trim() === '' && (out.length === 0 || out[out.length - 1].trim() === '')) continue;
    out.push(l);
  }
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out.length === 0 ? ['(no message)'] : out;
}

/** A line cut to MAX_FAILURE_LINE_CHARS, saying how much was cut. */
function capLine(l: string): string {
  if (l.length <= MAX_FAILURE_LINE_CHARS) return l;
  return `${l.slice(0, MAX_FAILURE_LINE_CHARS)} ... (${l.length - MAX_FAILURE_LINE_CHARS} more characters)`;
}

/** The console lines of one test: one line if it passed; the failure, the trace and the replay command if not. */
export function formatOutcome(o: TestOutcome, ctx: RunContext, c: Colors): string[] {
  const tag = o.passed ? c.green('PASS') : c.red(c.bold('FAIL'));
  const points = `${earned(o)}/${o.entry.points}`.padStart(5);
  const line = `${tag} ${points}  ${formatDuration(o.durationMs).padStart(7)}  ${o.entry.name}`;
  if (o.passed) return [line];
  const all = failureLines(o.message);
  const shown = all.slice(0, MAX_FAILURE_LINES);
  const out = [line, ...shown.map((l) => (l.trim() === '' ? '' : `      ${capLine(l)}`))];
  const cut = all.length - shown.length;
  const longLines = shown.some((l) => l.length > MAX_FAILURE_LINE_CHARS);
  if (cut > 0 || longLines) {
    const where = ctx.failuresFile === undefined ? 'rerun with --json FILE for the whole message' : `the whole message is in ${ctx.failuresFile}`;
    out.push(c.dim(`      ${cut > 0 ? `... ${cut} more line${cut === 1 ? '' : 's'}; ` : ''}${where}`));
  }
  const trace = tracePathIn(o.message);
  if (trace !== null) {
    if (!shown.some((l) => l.includes(trace))) out.push(`      trace: ${trace}`);
    out.push(c.dim(`      read it: npm run logs -- ${shellQuote(trace)} --peers`));
    out.push(c.dim(`      view: npm run view -- ${shellQuote(trace)}`));
  }
  out.push(c.dim(`      replay: ${replayCommand(o.entry.name, ctx)}`));
  return out;
}

/** The whole failure of one test, as the failures file holds it. */
export function formatFailureForFile(o: TestOutcome, ctx: RunContext): string {
  return [`== ${o.entry.name} (${o.entry.part}, ${o.entry.file})`, cleanFailure(o.message),
    `replay: ${replayCommand(o.entry.name, ctx)}`, ''].join('\n');
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
