/**
 * `npm run bench [-- --json] [-- --only NAME]`: runs every benchmark, each in its own process,
 * and prints ns/op, ops/s and heap used (or one JSON document with --json). Figures are
 * printed, never asserted.
 */
// First: maps `@target/...` (imported by harness/) to the compiled solution/ for plain node.
import './target-resolver';
import { execFileSync } from 'node:child_process';
import { BenchResult } from './result';
import { runKvConcurrent, runKvJestRatio, runSnapshotCatchUp } from './kv-sim';
import { runJestStart } from './jest-start';
import { runRunsSweep } from './runs-sweep';
import { runSuiteWall } from './suite-wall';
import { runSyncCluster } from './raft-sync-cluster';
import { runEngineBatch } from './engine-lmdb';
import { runSimCore, runSimEvents } from './sim-events';
import { CHECKER_BENCHES, runCheckerBench } from './checker-large';

interface BenchSpec {
  name: string;
  run: () => BenchResult | Promise<BenchResult>;
  /** etcd raft (Go) doing the same on this kind of 2-core machine, ns/op (ARCHITECTURE.md section 9). */
  referenceNsPerOp?: number;
}

const specs: BenchSpec[] = [
  { name: 'raft/sync-cluster-1', run: () => runSyncCluster(1, 200_000, 20_000), referenceNsPerOp: 1_200 },
  { name: 'raft/sync-cluster-3', run: () => runSyncCluster(3, 100_000, 10_000), referenceNsPerOp: 12_300 },
  { name: 'raft/sync-cluster-5', run: () => runSyncCluster(5, 50_000, 5_000), referenceNsPerOp: 20_300 },
  { name: 'engine/lmdb-batch', run: () => runEngineBatch('lmdb', 5_000, 500) },
  { name: 'engine/mem-batch', run: () => runEngineBatch('mem', 500_000, 50_000) },
  { name: 'sim/core', run: () => runSimCore(2_000_000) },
  { name: 'sim/ping-pong-5', run: () => runSimEvents(300_000, 50_000) },
  { name: 'kv/sim-concurrent', run: () => runKvConcurrent() },
  { name: 'kv/snapshot-catch-up', run: () => runSnapshotCatchUp() },
  { name: 'kv/jest-ratio', run: () => runKvJestRatio() },
  { name: 'jest/start', run: () => runJestStart(5) },
  { name: 'suite/2a', run: () => runSuiteWall('suite/2a', ['grader/suites/2a'], 8_000) },
  { name: 'suite/2b', run: () => runSuiteWall('suite/2b', ['grader/suites/2b'], 34_000) },
  { name: 'suite/2c', run: () => runSuiteWall('suite/2c', ['grader/suites/2c'], 40_000) },
  { name: 'grade/runs-2b', run: () => runRunsSweep(4) },
  ...CHECKER_BENCHES.map((b) => ({ name: b.name, run: () => runCheckerBench(b) })),
];

function withReference(r: BenchResult, spec: BenchSpec): BenchResult {
  if (spec.referenceNsPerOp === undefined) return r;
  return { ...r, referenceNsPerOp: spec.referenceNsPerOp, ratioToReference: r.nsPerOp / spec.referenceNsPerOp };
}

function format(r: BenchResult): string {
  const ref = r.ratioToReference === undefined ? ''
    : `  (${r.ratioToReference.toFixed(2)}x etcd/Go's ${r.referenceNsPerOp} ns/op)`;
  const extra = r.extra === undefined ? ''
    : `\n${' '.repeat(25)}${Object.entries(r.extra).map(([k, v]) => `${k}: ${v < 10 ? v.toFixed(2) : v.toFixed(0)}`).join(', ')}`;
  return `${r.name.padEnd(24)} ${r.nsPerOp.toFixed(0).padStart(9)} ns/op ${r.opsPerSec.toFixed(0).padStart(10)} ops/s `
    + `${(r.heapUsedBytes / 2 ** 20).toFixed(1).padStart(7)} MB heap${ref}${extra}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childIdx = args.indexOf('--child');
  if (childIdx >= 0) {
    const spec = specs.find((s) => s.name === args[childIdx + 1]);
    if (spec === undefined) throw new Error(`unknown benchmark ${args[childIdx + 1]}`);
    process.stdout.write(JSON.stringify(withReference(await spec.run(), spec)));
    return;
  }
  const json = args.includes('--json');
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
  const selected = specs.filter((s) => only === undefined || s.name.includes(only));
  if (selected.length === 0) {
    console.error(`no benchmark matches "${only}"; there are: ${specs.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const results: BenchResult[] = [];
  for (const spec of selected) {
    const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', __filename, '--child', spec.name],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const r = JSON.parse(out) as BenchResult;
    results.push(r);
    if (!json) console.log(format(r));
  }
  if (json) console.log(JSON.stringify({ benchmarks: results }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
