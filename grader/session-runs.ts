/**
 * --runs N: every selected test N times on seeds seed, seed + 1, ..., in parallel jest
 * processes. While it runs: a progress bar on a terminal and a line per failing run (seed,
 * reason, trace file) as it happens. At the end: the per-test table (passes, rate, time,
 * failing seeds), the failing runs with their replay commands, and the closing, where a test
 * earns its points only if every one of its runs passed. Ctrl-C stops and reports what ran.
 */
import { type RunContext, firstMeaningfulLine } from './report/console';
import { type JUnitCase, junitXml, outcomeCase, suitesByPart } from './report/junit';
import { createProgress } from './report/progress';
import { formatFailingRuns, formatRunsTable } from './report/runs-table';
import { groupByFile } from './runner/grade';
import { type RunStats, foldRuns, repeat, seedsOf, tracePathIn } from './runner/repeat';
import { EXIT, type SessionContext, close } from './session-close';

/** The JUnit XML of --runs: one test case per run, named `<test> (seed <n>)`. */
function junitOfRuns(s: SessionContext, stats: readonly RunStats[], base: number, runs: number, wallMs: number): string {
  const cases: JUnitCase[] = [];
  for (const seed of seedsOf(base, runs)) {
    for (const st of stats) {
      const run = st.records.find((r) => r.seed === seed);
      const ctx: RunContext = { ...s.ctx, seed };
      if (run !== undefined) cases.push(outcomeCase(run.outcome, ctx, `${st.entry.name} (seed ${seed})`));
    }
  }
  const props = { seeds: `${base}..${base + runs - 1}`, target: s.ctx.target };
  return junitXml(suitesByPart(s.cat, cases, props), { name: 'raftkv grade --runs', timeSeconds: wallMs / 1000, timestamp: new Date().toISOString().slice(0, 19) });
}

/** Runs the selected tests `runs` times; resolves to the exit status. */
export async function gradeRepeatedly(s: SessionContext, runs: number): Promise<number> {
  const { opts, tests, c } = s;
  const base = opts.seed;
  const processes = groupByFile(tests).size * runs;
  console.log(`running ${tests.length} tests x ${runs} runs (seeds ${base}..${base + runs - 1}) as ${processes} jest processes, `
    + `${Math.min(s.limits.jobs, processes)} at a time, against ${s.ctx.target === s.targetDir ? s.ctx.target : `${s.ctx.target} (${s.targetDir})`}`);
  const progress = createProgress(tests.length * runs, s.tty, 'test runs');
  let failed = 0;
  let finished = 0;
  const result = await repeat({
    tests, targetDir: s.targetDir, base, runs, timeoutSeconds: s.limits.testLimitSeconds, timeScale: s.limits.timeScale,
    memoryMb: s.limits.heapMb, groupLimitMb: s.limits.groupLimitMb, deadline: s.deadline, jobs: s.limits.jobs,
    workspace: s.workspace, env: s.env, stopped: s.interrupted,
    onRun: (r) => {
      const lines: string[] = [];
      for (const o of r.outcomes.filter((x) => !x.passed)) {
        failed++;
        lines.push(`${c.red('FAIL')} ${o.entry.name} seed ${r.task.seed}: ${firstMeaningfulLine(o.message)}`);
        const trace = tracePathIn(o.message);
        if (trace !== null) lines.push(`      trace: ${trace}`);
      }
      progress.log(lines);
      progress.update(finished, failed);
    },
    onProgress: (n) => {
      finished = n;
      progress.update(finished, failed);
    },
  });
  progress.stop();
  const ranRuns = result.stats.reduce((n, st) => n + st.runs, 0);
  const failedRuns = result.stats.reduce((n, st) => n + st.failures.length, 0);
  if (s.interrupted()) console.log(c.bold(`interrupted: ${ranRuns} of ${tests.length * runs} test runs finished`));
  console.log(['', ...formatRunsTable(result.stats, c)].join('\n'));
  const details = formatFailingRuns(result.stats, s.ctx, c);
  if (details.length > 0) console.log(['', ...details].join('\n'));
  console.log(`\n${ranRuns} test runs in ${result.processes} jest processes, ${(result.wallMs / 1000).toFixed(1)} s`);
  close(s, {
    outcomes: result.stats.map(foldRuns),
    wallMs: result.wallMs,
    junit: opts.junit === undefined ? undefined : junitOfRuns(s, result.stats, base, runs, result.wallMs),
    counts: { passed: ranRuns - failedRuns, failed: failedRuns },
  });
  if (s.interrupted()) return EXIT.interrupted;
  return failedRuns === 0 && ranRuns === tests.length * runs ? EXIT.passed : EXIT.failed;
}
