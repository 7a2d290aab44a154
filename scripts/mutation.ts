/**
 * `npm run mutation [-- raft|kv] [--concurrency N] [--mutate GLOB...] [--suites FILE...] [--incremental]`:
 * mutation testing of solution/ against the graded suites with StrykerJS (a maintainers' tool,
 * not part of `npm test`; see docs/maintainers.md). Stryker changes the reference one small
 * edit at a time (a mutant) and runs the tests that cover the edit; a mutant no test notices
 * "survived", and is either equivalent (the edit changes nothing a correct Raft must do) or a
 * missing test.
 *
 * - `raft` (default) mutates solution/raft/*.ts and runs the raft suites: every file of
 *   grader/suites/2a/, the files of grader/suites/2c/ that hold part 2craft's tests in the
 *   catalogue (a 2c file not catalogued yet counts when its name has no `kv`), and the unit
 *   tests in harness/test/ that import `@target/raft` (they test the given, non-lab code:
 *   MemoryStorage, validateConfig, RawNode.step's guards, RawNode.status).
 * - `kv` mutates the two files students write in Part B (solution/kv/raftstore/peer-storage.ts
 *   and peer-msg-handler.ts) and runs the KV suites (parts 2bps, 2bkv, 2ckv).
 *
 * Reports go to reports/mutation/<run>/ (index.html, mutation.json, incremental.json; a run
 * narrowed with --mutate or --suites writes to <run>-custom/), Stryker's working copy to
 * .stryker-tmp/ (both gitignored). The run ends with the score table of scripts/mutation-score.ts
 * (raw, and without the mutants triaged as equivalent) and the wall time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CATALOGUE, leafIds } from '../grader/catalogue';
import { printScores } from './mutation-score';

const root = path.resolve(__dirname, '..');

/** What one run mutates and which suite files it runs (handed to stryker.config.mjs). */
export interface MutationPlan {
  readonly name: string;
  /** Where its reports go, under reports/mutation/: the run's name, `-custom` when narrowed. */
  readonly out: string;
  readonly mutate: readonly string[];
  readonly tests: readonly string[];
  readonly concurrency: number;
  readonly incremental: boolean;
}

/** The suite files that hold a test of any of these parts, per the catalogue, sorted. */
function filesOfParts(parts: readonly string[]): string[] {
  const leaves = new Set(parts.flatMap((p) => leafIds(CATALOGUE, p)));
  return [...new Set(CATALOGUE.tests.filter((t) => leaves.has(t.part)).map((t) => t.file))].sort();
}

/** The `*.test.ts` files of a suite folder, relative to the root, sorted. */
function suiteFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`).sort();
}

/** The raft run's suite files: all of 2a, the 2c files of part 2craft, the raft unit tests (see the header). */
export function raftTestFiles(): string[] {
  const catalogued = new Set(CATALOGUE.tests.map((t) => t.file));
  const raft2c = new Set(filesOfParts(['2craft']));
  const fresh = suiteFiles('grader/suites/2c').filter((f) => !catalogued.has(f) && !/kv/i.test(path.basename(f)));
  const units = suiteFiles('harness/test').filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes("from '@target/raft'"));
  return [...suiteFiles('grader/suites/2a'), ...[...raft2c, ...fresh].sort(), ...units];
}

/** The plan of a run by name. */
function planOf(name: string, concurrency: number, incremental: boolean, mutate: readonly string[], suites: readonly string[]): MutationPlan {
  const pick = <T>(given: readonly T[], otherwise: () => readonly T[]): readonly T[] => (given.length > 0 ? given : otherwise());
  // A narrowed run keeps its own reports (and incremental file): the full run's stay whole.
  const out = mutate.length > 0 || suites.length > 0 ? `${name}-custom` : name;
  if (name === 'raft') {
    return { name, out, mutate: pick(mutate, () => ['solution/raft/*.ts']), tests: pick(suites, raftTestFiles), concurrency, incremental };
  }
  const files = pick(mutate, () => ['solution/kv/raftstore/peer-storage.ts', 'solution/kv/raftstore/peer-msg-handler.ts']);
  return { name, out, mutate: files, tests: pick(suites, () => filesOfParts(['2b', '2ckv'])), concurrency, incremental };
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

function main(): void {
  const program = new Command('mutation')
    .description('mutation testing of solution/ with StrykerJS (docs/maintainers.md)')
    .argument('[run]', 'raft or kv', 'raft')
    .option('-c, --concurrency <n>', 'Stryker test runner processes', positiveInt, os.availableParallelism())
    .option('-m, --mutate <glob...>', 'mutate only these files (Stryker globs, `file:line-line` ranges allowed)', [])
    .option('-s, --suites <file...>', 'run only these suite files (default: the run\'s suites, see above)', [])
    .option('-i, --incremental', 'reuse the results of the last run where code and tests did not change', false)
    .parse();
  const run = program.processedArgs[0] as string;
  if (run !== 'raft' && run !== 'kv') program.error(`unknown run "${run}": raft or kv`, { exitCode: 2 });
  const opts = program.opts<{ concurrency: number; mutate: string[]; suites: string[]; incremental: boolean }>();
  const missing = opts.suites.filter((f) => !fs.existsSync(path.join(root, f)));
  if (missing.length > 0) program.error(`no such suite file: ${missing.join(', ')}`, { exitCode: 2 });
  const plan = planOf(run, opts.concurrency, opts.incremental, opts.mutate, opts.suites);
  console.log(`mutation ${plan.name}: mutating ${plan.mutate.join(', ')}; concurrency ${plan.concurrency}`);
  console.log(`suites:\n  ${plan.tests.join('\n  ')}`);
  const t0 = performance.now();
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), ['run', 'stryker.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RAFTKV_TARGET: 'solution', RAFTKV_MUTATION_PLAN: JSON.stringify(plan) },
  });
  const seconds = (performance.now() - t0) / 1000;
  const report = path.join(root, 'reports', 'mutation', plan.out, 'mutation.json');
  if (r.status === 0 && fs.existsSync(report)) printScores(report, plan.out);
  console.log(`\nmutation ${plan.name}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status ?? r.signal})`} in ${(seconds / 60).toFixed(1)} min (wall), concurrency ${plan.concurrency}`);
  process.exit(r.status ?? 1);
}

main();
