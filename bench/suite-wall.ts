/**
 * suite/2a, suite/2b, suite/2c: the wall time of a whole graded part on solution/, as a student or CI
 * runs it: jest over the part's suites with 2 workers (one per core of the reference
 * machine). One op = one test. Targets (ARCHITECTURE.md section 9): 2B in at most 34 s,
 * 2C in at most 40 s; also printed: the ratio to the target.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchResult } from './result';

interface JestJson { numTotalTests: number; numPassedTests: number }

/** Runs jest over `dirs` and measures the wall time. */
export function runSuiteWall(name: string, dirs: string[], targetMs: number): BenchResult {
  const root = process.cwd();
  const out = path.join(os.tmpdir(), `raftkv-bench-${process.pid}.json`);
  const start = process.hrtime.bigint();
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), ['--ci', '--silent', '--maxWorkers=2', '--json', '--outputFile', out, ...dirs],
    { cwd: root, env: { ...process.env, RAFTKV_TARGET: 'solution' }, stdio: ['ignore', 'ignore', 'ignore'] });
  const ns = Number(process.hrtime.bigint() - start);
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
  if (r.status !== 0) throw new Error(`${name}: jest failed (${json.numPassedTests}/${json.numTotalTests} passed)`);
  return {
    name,
    ops: json.numTotalTests,
    nsPerOp: ns / json.numTotalTests,
    opsPerSec: json.numTotalTests / (ns / 1e9),
    heapUsedBytes: process.memoryUsage().heapUsed,
    extra: { 'wall s': ns / 1e9, 'target s': targetMs / 1000, 'ratio to target': ns / 1e6 / targetMs },
  };
}
