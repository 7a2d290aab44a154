/**
 * JUnit XML (--junit FILE), in jest-junit's conventions: a `<testsuites>` root with totals, one
 * `<testsuite>` per part, one `<testcase>` per test with `classname` = the part and `time` in
 * seconds, and a `<failure>` holding the failure (its first line also in `message`). Points go
 * in each test case's `<system-out>`. CI systems (GitLab, Jenkins, GitHub test reporters) read it.
 *
 * Text is made safe for XML 1.0: ANSI colour codes and characters XML cannot carry (control
 * characters, lone surrogates) are removed, and `& < > " '` are escaped.
 */
import type { Catalogue } from '../catalogue';
import type { TestOutcome } from '../runner/results';
import { type RunContext, cleanFailure, earned, firstMeaningfulLine, replayCommand, stripAnsi } from './console';

/** One `<testcase>`. */
export interface JUnitCase {
  readonly classname: string;
  readonly name: string;
  /** Seconds, or null when the test never finished (written as 0). */
  readonly timeSeconds: number | null;
  /** Present when the test failed. */
  readonly failure?: { readonly message: string; readonly text: string };
  readonly systemOut?: string;
  /**
   * The suite file, relative to the repository root. Written in the case's system-out, not as
   * a `file` attribute: junit-10.xsd (which strict consumers validate against) has none.
   */
  readonly file?: string;
}

/** One `<testsuite>`. */
export interface JUnitSuite {
  readonly name: string;
  readonly cases: readonly JUnitCase[];
  readonly properties?: Readonly<Record<string, string>>;
}

// Everything XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; DEL..C1 are
// allowed but unreadable, so they go too; lone surrogates; U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without ANSI codes and without characters XML 1.0 cannot carry. */
export function xmlSafe(s: string): string {
  return stripAnsi(s).replace(INVALID_XML, '');
}

/** Escapes text for an XML attribute or element. */
export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
}

function seconds(s: number | null): string {
  return (s ?? 0).toFixed(3);
}

/** The whole XML document. `timestamp` is an ISO date (without milliseconds, as jest-junit). */
export function junitXml(suites: readonly JUnitSuite[], opts: { name: string; timeSeconds: number; timestamp: string }): string {
  const count = (s: JUnitSuite): number => s.cases.length;
  const failures = (s: JUnitSuite): number => s.cases.filter((c) => c.failure !== undefined).length;
  const time = (s: JUnitSuite): number => s.cases.reduce((t, c) => t + (c.timeSeconds ?? 0), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({
    name: opts.name, tests: suites.reduce((n, s) => n + count(s), 0), failures: suites.reduce((n, s) => n + failures(s), 0),
    errors: 0, time: seconds(opts.timeSeconds),
  })}>`);
  for (const s of suites) {
    out.push(`  <testsuite${attrs({
      name: s.name, errors: 0, failures: failures(s), skipped: 0, timestamp: opts.timestamp, time: seconds(time(s)), tests: count(s),
    })}>`);
    const props = Object.entries(s.properties ?? {});
    if (props.length > 0) {
      out.push('    <properties>');
      for (const [k, v] of props) out.push(`      <property${attrs({ name: k, value: v })}/>`);
      out.push('    </properties>');
    }
    for (const c of s.cases) {
      const a = attrs({ classname: c.classname, name: c.name, time: seconds(c.timeSeconds) });
      const systemOut = [c.systemOut, c.file === undefined ? undefined : `file: ${c.file}`].filter((x) => x !== undefined).join('\n');
      if (c.failure === undefined && systemOut === '') {
        out.push(`    <testcase${a}/>`);
        continue;
      }
      out.push(`    <testcase${a}>`);
      if (c.failure !== undefined) out.push(`      <failure${attrs({ message: c.failure.message, type: 'failure' })}>${escapeXml(c.failure.text)}</failure>`);
      if (systemOut !== '') out.push(`      <system-out>${escapeXml(systemOut)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** The test case of one outcome (`label` names the run in --runs mode: `TestX (seed 3)`). */
export function outcomeCase(o: TestOutcome, ctx: RunContext, label = o.entry.name): JUnitCase {
  const points = `points: ${earned(o)}/${o.entry.points}`;
  const base = { classname: o.entry.part, name: label, timeSeconds: o.durationMs === null ? null : o.durationMs / 1000, file: o.entry.file };
  if (o.passed) return { ...base, systemOut: points };
  return {
    ...base,
    failure: { message: firstMeaningfulLine(o.message), text: `${cleanFailure(o.message)}\n\nreplay: ${replayCommand(o.entry.name, ctx)}` },
    systemOut: points,
  };
}

/** The test suites of a set of cases: one per leaf part, in catalogue order. */
export function suitesByPart(cat: Catalogue, cases: readonly JUnitCase[], properties: Readonly<Record<string, string>>): JUnitSuite[] {
  const suites: JUnitSuite[] = [];
  for (const p of cat.parts) {
    const mine = cases.filter((c) => c.classname === p.id);
    if (mine.length > 0) suites.push({ name: p.id, cases: mine, properties });
  }
  const known = new Set(cat.parts.map((p) => p.id));
  const orphans = cases.filter((c) => !known.has(c.classname));
  if (orphans.length > 0) suites.push({ name: 'other', cases: orphans, properties });
  return suites;
}

/** The JUnit XML of one grading run. */
export function junitFromOutcomes(cat: Catalogue, outcomes: readonly TestOutcome[], ctx: RunContext, wallMs: number, now = new Date()): string {
  const cases = outcomes.map((o) => outcomeCase(o, ctx));
  const props = { seed: String(ctx.seed), target: ctx.target };
  return junitXml(suitesByPart(cat, cases, props), { name: 'raftkv grade', timeSeconds: wallMs / 1000, timestamp: now.toISOString().slice(0, 19) });
}
