/**
 * grade/runs-2b: the rate of a seed sweep, `npm run grade -- 2b --runs N --target solution`,
 * as an instructor runs it (one jest process per suite file and seed, as many at a time as
 * the grader's --jobs). Printed: runs per minute and the minutes 100 runs would take at that
 * rate, beside the goal of 10 minutes for 100 (issue 10). Every run must pass.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BenchResult } from './result';

/** The goal: 100 runs of 2B in at most this many minutes. */
export const RUNS_100_GOAL_MIN = 10;

/** Runs `runs` seeds of part 2B through the grader and reports the rate. */
export function runRunsSweep(runs: number): BenchResult {
  const root = process.cwd();
  const start = process.hrtime.bigint();
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'),
    ['grader/cli.ts', '2b', '--runs', String(runs), '--target', 'solution'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ns = Number(process.hrtime.bigint() - start);
  // The grader exits 0 only when every run of every test passed.
  if (r.status !== 0) throw new Error(`grade/runs-2b: the grader exited ${r.status}; every run of the reference must pass:\n${r.stderr.slice(-2000)}`);
  const minutes = ns / 6e10;
  return {
    name: 'grade/runs-2b',
    ops: runs,
    nsPerOp: ns / runs,
    opsPerSec: runs / (ns / 1e9),
    heapUsedBytes: process.memoryUsage().heapUsed,
    extra: { 'runs per min': runs / minutes, 'min per 100 runs': (100 * minutes) / runs, 'goal min per 100': RUNS_100_GOAL_MIN },
  };
}
