/**
 * The report of --runs (in the spirit of 6.824's dstest): a table with one row per test
 * (passes out of runs, pass rate, mean and standard deviation of its time, failing seeds),
 * then, for each failing seed, the first line of the failure, its trace file and the command
 * that replays it.
 */
import type { RunStats } from '../runner/repeat';
import { type Colors, type RunContext, firstMeaningfulLine, formatDuration, replayCommand } from './console';

/** Failing seeds shown in the table's last column before it says "+N more". */
export const SEEDS_IN_TABLE = 8;
/** Failing runs listed in detail per test. */
export const DETAILS_PER_TEST = 3;

/** A pass rate: `100%`, `97.5%`, `0%`. */
export function formatRate(passes: number, runs: number): string {
  if (runs === 0) return '-';
  const pct = (100 * passes) / runs;
  return Number.isInteger(pct) ? `${pct}%` : `${pct.toFixed(1)}%`;
}

/** Mean and spread of a test's time: `3 ms ± 1 ms`, or `-` when no run finished. */
export function formatTiming(s: RunStats): string {
  if (s.meanMs === null) return '-';
  return `${formatDuration(s.meanMs)} ± ${formatDuration(s.sdMs ?? 0)}`;
}

/** The failing seeds for the table: `3, 17, 21 (+4 more)`. */
export function formatSeeds(s: RunStats): string {
  const seeds = s.failures.map((f) => f.seed);
  const shown = seeds.slice(0, SEEDS_IN_TABLE).join(', ');
  return seeds.length > SEEDS_IN_TABLE ? `${shown} (+${seeds.length - SEEDS_IN_TABLE} more)` : shown;
}

/** The per-test table. */
export function formatRunsTable(stats: readonly RunStats[], c: Colors): string[] {
  const nameWidth = Math.max(4, ...stats.map((s) => s.entry.name.length));
  const row = (name: string, runs: string, rate: string, time: string, seeds: string): string =>
    `${name.padEnd(nameWidth)}  ${runs.padStart(9)}  ${rate.padStart(6)}  ${time.padStart(17)}  ${seeds}`.trimEnd();
  const out = [c.bold(row('test', 'passed', 'rate', 'time (mean ± sd)', 'failing seeds'))];
  for (const s of stats) {
    const line = row(s.entry.name, `${s.passes}/${s.runs}`, formatRate(s.passes, s.runs), formatTiming(s), formatSeeds(s));
    out.push(s.failures.length === 0 && s.runs > 0 ? line : c.red(line));
  }
  return out;
}

/** The failing runs in detail: reason, trace file and replay command of the first few per test. */
export function formatFailingRuns(stats: readonly RunStats[], ctx: RunContext, c: Colors): string[] {
  const out: string[] = [];
  for (const s of stats) {
    for (const f of s.failures.slice(0, DETAILS_PER_TEST)) {
      out.push(`${c.red('FAIL')} ${s.entry.name} seed ${f.seed}: ${firstMeaningfulLine(f.message)}`);
      if (f.trace !== null) out.push(`      trace: ${f.trace}`);
      out.push(c.dim(`      replay: ${replayCommand(s.entry.name, { ...ctx, seed: f.seed })}`));
    }
    if (s.failures.length > DETAILS_PER_TEST) out.push(c.dim(`      ... and ${s.failures.length - DETAILS_PER_TEST} more failing seeds of ${s.entry.name}`));
  }
  return out;
}
