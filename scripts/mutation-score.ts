/**
 * The score table of a Stryker run (reports/mutation/<run>/mutation.json), per mutated file:
 * killed (timeouts count as killed), survived, not covered, invalid (did not compile), the
 * mutants triaged as equivalent (scripts/mutation-equivalents.ts) and two scores: Stryker's
 * (killed / valid) and ours (killed / (valid - equivalent)). Survivors that no triage entry
 * matches are listed: each is a missing test or a new equivalent to explain.
 *
 * Usage: tsx scripts/mutation-score.ts [reports/mutation/raft/mutation.json] [--markdown]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EQUIVALENT_MUTANTS, type EquivalentMutant } from './mutation-equivalents';

/** One mutant as Stryker's JSON report (mutation-testing-report-schema) has it. */
interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
}

interface Report {
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>;
}

/** The counts of one file (or of all files). */
export interface FileScore {
  readonly file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  invalid: number;
  equivalent: number;
  /** Survivors (and uncovered mutants) not triaged as equivalent: `line: mutator -> replacement`. */
  readonly untriaged: string[];
}

/** Whitespace runs become one space, so that a triage entry survives reformatting. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The source text a mutant replaces (its location is 1-based lines, 1-based columns). */
function originalOf(lines: readonly string[], m: ReportMutant): string {
  const { start, end } = m.location;
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  return [(lines[start.line - 1] ?? '').slice(start.column - 1), ...middle, (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n');
}

/** Whether a triage entry describes this mutant (same file, mutator, source line, original text and replacement). */
export function matches(e: EquivalentMutant, file: string, m: ReportMutant, lineText: string, original: string): boolean {
  return e.file === file && e.mutator === m.mutatorName && squash(e.line) === squash(lineText)
    && squash(e.original) === squash(original) && squash(e.replacement) === squash(m.replacement ?? '');
}

/** The scores of every file of a report, in file order. */
export function scoresOf(report: Report, equivalents: readonly EquivalentMutant[] = EQUIVALENT_MUTANTS): FileScore[] {
  const out: FileScore[] = [];
  for (const file of Object.keys(report.files).sort()) {
    const { source, mutants } = report.files[file];
    const lines = source.split('\n');
    const s: FileScore = { file, killed: 0, survived: 0, noCoverage: 0, invalid: 0, equivalent: 0, untriaged: [] };
    for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line)) {
      if (m.status === 'Killed' || m.status === 'Timeout') s.killed++;
      else if (m.status === 'CompileError' || m.status === 'RuntimeError' || m.status === 'Ignored') s.invalid++;
      else {
        if (m.status === 'NoCoverage') s.noCoverage++;
        else s.survived++;
        const lineText = lines[m.location.start.line - 1] ?? '';
        const original = originalOf(lines, m);
        if (equivalents.some((e) => matches(e, file, m, lineText, original))) s.equivalent++;
        else s.untriaged.push(`${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${squash(lineText).slice(0, 90)} -> ${squash(m.replacement ?? '').slice(0, 60)}`);
      }
    }
    out.push(s);
  }
  return out;
}

/** Stryker's score: killed over valid mutants, in percent. */
export function rawScore(s: FileScore): number {
  const valid = s.killed + s.survived + s.noCoverage;
  return valid === 0 ? 100 : (100 * s.killed) / valid;
}

/** Our score: killed over valid mutants less the equivalent ones, in percent. */
export function score(s: FileScore): number {
  const counted = s.killed + s.survived + s.noCoverage - s.equivalent;
  return counted === 0 ? 100 : (100 * s.killed) / counted;
}

/** The sum of several files' counts. */
export function total(scores: readonly FileScore[]): FileScore {
  const t: FileScore = { file: 'all files', killed: 0, survived: 0, noCoverage: 0, invalid: 0, equivalent: 0, untriaged: [] };
  for (const s of scores) {
    t.killed += s.killed;
    t.survived += s.survived;
    t.noCoverage += s.noCoverage;
    t.invalid += s.invalid;
    t.equivalent += s.equivalent;
  }
  return t;
}

/** Prints the table (markdown with `markdown`) and the untriaged survivors of a report. */
export function printScores(reportFile: string, title: string, markdown = false): void {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
  const scores = scoresOf(report);
  const rows = [...scores, total(scores)];
  const cells = (s: FileScore): string[] => [s.file, String(s.killed + s.survived + s.noCoverage + s.invalid), String(s.killed), String(s.survived),
    String(s.noCoverage), String(s.invalid), String(s.equivalent), `${rawScore(s).toFixed(1)}%`, `${score(s).toFixed(1)}%`];
  const head = ['file', 'mutants', 'killed', 'survived', 'no cov.', 'invalid', 'equiv.', 'Stryker', 'ours'];
  console.log(`\nmutation scores (${title}): ours = killed / (valid - equivalent)`);
  if (markdown) {
    console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${cells(r).join(' | ')} |`);
  } else {
    const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => cells(r)[i].length)));
    const line = (c: string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(width[i]) : x.padStart(width[i]))).join('  ');
    console.log(line(head));
    for (const r of rows) console.log(line(cells(r)));
  }
  const untriaged = scores.flatMap((s) => s.untriaged.map((u) => `${s.file}:${u}`));
  if (untriaged.length > 0) {
    console.log(`\n${untriaged.length} surviving mutants not triaged (a missing test, or an equivalent to add to scripts/mutation-equivalents.ts):`);
    for (const u of untriaged) console.log(`  ${u}`);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/raft/mutation.json';
  printScores(path.resolve(file), path.basename(path.dirname(path.resolve(file))), args.includes('--markdown'));
}
