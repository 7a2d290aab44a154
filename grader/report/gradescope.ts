/**
 * Gradescope's results.json (its autograder specification's schema): the total score, one
 * entry per test (score, maximum, status, output, tags, and its visibility when one is set),
 * the run time, the output formats, and, as the settings ask (gradescope-settings.ts), the
 * default visibility, the standard output's visibility and a leaderboard.
 *
 * Everything here is read by a student on Gradescope's page, so: outputs are Markdown by
 * default (compiler output and failures in code blocks, so `Promise<void>` stays whole); a
 * failure names its base seed and the command that replays it on the student's machine; and
 * no path of the grading machine is shown (the project's own paths become relative, the
 * graded tree is `labs/`, and a trace file, which stays on the grading machine, is replaced by
 * how to write it locally).
 */
import * as path from 'node:path';
import type { TestOutcome } from '../runner/results';
import { type RunContext, earned, failureLines, shellQuote } from './console';
import { type GradescopeSettings, type Visibility, settingsFromEnv, visibilityOf } from './gradescope-settings';
import { type TextStyle, block, code, prose } from './markdown';

/** One test in results.json. */
export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  /** [part, origin] */
  readonly tags: string[];
  /** Set only when the settings give this test (or its part) a visibility. */
  readonly visibility?: Visibility;
}

/** One leaderboard entry. */
export interface LeaderboardEntry {
  readonly name: string;
  readonly value: number;
  readonly order?: 'asc' | 'desc';
}

/** The whole results.json. */
export interface GradescopeResults {
  readonly score: number;
  readonly tests: GradescopeTest[];
  /** Seconds. */
  readonly execution_time: number;
  /** Shown above the tests: what was found in the submission, why it could not be graded. */
  readonly output?: string;
  /** The format of `output`. */
  readonly output_format: TextStyle;
  /** The format of every test's output. */
  readonly test_output_format: TextStyle;
  readonly visibility?: Visibility;
  readonly stdout_visibility?: Visibility;
  readonly leaderboard?: LeaderboardEntry[];
}

/** The longest failure text kept per test (Gradescope shows it to the student). */
export const MAX_FAILURE_CHARS = 8000;

/** The repository root (the paths of the project's own files are shown relative to it). */
const ROOT = path.resolve(__dirname, '..', '..');

/** True when `p` is `dir` or inside it. */
function inside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The graded tree's folder. */
function treeDir(ctx: RunContext, root: string): string {
  return ctx.target === 'labs' || ctx.target === 'solution' ? path.join(root, ctx.target) : path.resolve(ctx.target);
}

/**
 * Text with the grading machine's paths made local: the graded tree's folder becomes `labs`
 * (when it is outside the project, as on Gradescope), the project's own paths become relative.
 */
export function localPaths(text: string, ctx: RunContext, root = ROOT): string {
  let out = text;
  const tree = treeDir(ctx, root);
  if (!inside(root, tree)) out = out.split(`${tree}/`).join('labs/').split(tree).join('labs');
  return out.split(`${root}/`).join('').split(root).join('.');
}

/**
 * The command that replays one test on the student's machine. A tree graded from outside the
 * project (a submission) is the student's labs/, the default, so no --target is given for it.
 */
export function studentReplay(name: string, ctx: RunContext, root = ROOT): string {
  const tree = treeDir(ctx, root);
  const target = ctx.target === 'labs' || !inside(root, tree) ? '' : ` --target ${shellQuote(ctx.target)}`;
  return `npm run grade -- --test ${shellQuote(name)} --seed ${ctx.seed}${target}`;
}

const TRACE_LINE = /^\s*trace:\s+\S/;

/** The output of one test: what it checks, and for a failure why, with its seed, and how to replay it. */
function outputOf(o: TestOutcome, ctx: RunContext, style: TextStyle): string {
  const description = prose(o.entry.description, style);
  if (o.passed) return description;
  const lines = failureLines(localPaths(o.message, ctx));
  const traced = lines.some((l) => TRACE_LINE.test(l));
  let failure = lines.filter((l) => !TRACE_LINE.test(l)).join('\n');
  if (failure.length > MAX_FAILURE_CHARS) failure = `${failure.slice(0, MAX_FAILURE_CHARS)}\n... (cut)`;
  const out = [description, '', prose(`Failed (base seed ${ctx.seed}):`, style), '', block(failure, style)];
  if (!/^not graded:/.test(o.message)) {
    out.push('', prose('Replay it on your machine (the same seed replays the same run):', style), '', block(studentReplay(o.entry.name, ctx), style));
    if (traced) {
      out.push('', `${prose('Its trace stays on the grading machine. Add ', style)}${code('--trace traces', style)}${prose(' to the command above to write it, then read it with ', style)}${code('npm run logs -- traces/<file> --peers', style)}${prose('.', style)}`);
    }
  }
  return out.join('\n');
}

/** The grader's own note (why nothing could be graded): its first line, then its details as a block. */
function noteOf(note: string, ctx: RunContext, style: TextStyle): string {
  const [first, ...rest] = localPaths(note, ctx).split('\n');
  const details = rest.map((l) => l.replace(/^ {2}/, '')).join('\n').trim();
  return details === '' ? prose(first, style) : `${prose(first, style)}\n\n${block(details, style)}`;
}

/** results.json for a grading run; `output` (if any, the grader's note) is shown above the tests, after the settings' preamble. */
export function toGradescope(outcomes: readonly TestOutcome[], ctx: RunContext, wallMs: number, output?: string,
  settings: GradescopeSettings = settingsFromEnv()): GradescopeResults {
  const style = settings.format;
  const tests = outcomes.map((o): GradescopeTest => {
    const visibility = visibilityOf(settings, o.entry.name, o.entry.part);
    return {
      name: o.entry.name,
      score: earned(o),
      max_score: o.entry.points,
      status: o.passed ? 'passed' : 'failed',
      output: outputOf(o, ctx, style),
      tags: [o.entry.part, o.entry.origin],
      ...(visibility === undefined ? {} : { visibility }),
    };
  });
  const score = tests.reduce((s, t) => s + t.score, 0);
  const executionTime = Math.round(wallMs / 1000);
  const top = [settings.preamble ?? '', output === undefined || output === '' ? '' : noteOf(output, ctx, style)].filter((s) => s !== '');
  return {
    score,
    tests,
    execution_time: executionTime,
    ...(top.length === 0 ? {} : { output: top.join('\n\n') }),
    output_format: style,
    test_output_format: style,
    ...(settings.visibility === undefined ? {} : { visibility: settings.visibility }),
    ...(settings.stdoutVisibility === undefined ? {} : { stdout_visibility: settings.stdoutVisibility }),
    ...(settings.leaderboard ? {
      leaderboard: [
        { name: 'Points', value: score },
        { name: 'Tests passed', value: tests.filter((t) => t.status === 'passed').length },
        { name: 'Time (s)', value: executionTime, order: 'asc' as const },
      ],
    } : {}),
  };
}

