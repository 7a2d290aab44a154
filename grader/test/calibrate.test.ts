/**
 * The time scale and the limits fitted to a machine: the calibration's clamping (never below
 * 1, capped at MAX_TIME_SCALE), half a CPU counting 2x even when the workload ran fast, jest
 * processes sharing a CPU, the workload timed on an injected clock; and the jobs, memory and
 * per-test limit that a budget gives (Gradescope's half a CPU and 768 MB, a big machine, the
 * command line's own values).
 */
import { MAX_TIME_SCALE, NOMINAL_WORKLOAD_MS, describeTimeScale, measureWorkloadMs, runWorkload, timeScale } from '../runner/calibrate';
import { GRADER_RESERVE_MB, defaultJobsFor, memoryLimits, planLimits } from '../runner/limits';
import type { ResourceBudget } from '../runner/budget';
import { jestEnv } from '../runner/spawn';
import { testTimeoutMs } from '../../harness/jest/timeout';

const MB = 1024 * 1024;

test('the scale: 1 on a fast machine, measured / nominal on a slow one, capped at MAX_TIME_SCALE', () => {
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS / 2, cpus: 2, jobs: 2 }).scale).toBe(1);
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS * 2.5, cpus: 2, jobs: 2 }).scale).toBe(2.5);
  const slow = timeScale({ measuredMs: NOMINAL_WORKLOAD_MS * 20, cpus: 2, jobs: 1 });
  expect(slow.scale).toBe(MAX_TIME_SCALE);
  expect(slow.capped).toBe(true);
  expect(timeScale({ measuredMs: Infinity, cpus: 1, jobs: 1 }).scale).toBe(MAX_TIME_SCALE);
});

test('half a CPU counts at least 2x, even when the workload fitted in one burst of the quota', () => {
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS, cpus: 0.5, jobs: 1 }).scale).toBe(2);
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS * 3, cpus: 0.5, jobs: 1 }).scale).toBe(3);
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS, cpus: 0.25, jobs: 1 }).scale).toBe(4);
});

test('more jest processes than CPUs: each gets a share, and the limits grow by as much', () => {
  const t = timeScale({ measuredMs: NOMINAL_WORKLOAD_MS, cpus: 2, jobs: 4 });
  expect(t.contention).toBe(2);
  expect(t.scale).toBe(2);
  // Two processes on half a CPU: a quarter each.
  expect(timeScale({ measuredMs: NOMINAL_WORKLOAD_MS, cpus: 0.5, jobs: 2 }).scale).toBe(4);
  expect(describeTimeScale(t, 300, 2)).toBe(`time limits x2 (workload 300 ms, nominal ${NOMINAL_WORKLOAD_MS} ms; 2 CPUs; 2.0 jest processes per CPU)`);
});

test('the workload is fixed (the same checksum every time) and timed on the clock it is given', () => {
  expect(runWorkload(2)).toBe(runWorkload(2));
  let now = 1000;
  const clock = (): number => {
    now += 250;
    return now;
  };
  expect(measureWorkloadMs(clock, 1)).toBe(250);
});

/** A budget of `cpus` CPUs and `mb` MB. */
function budget(cpus: number, mb: number): ResourceBudget {
  return { cpus, cpuSource: `${cpus} CPUs: test`, memoryBytes: mb * MB, memorySource: `${mb} MB: test` };
}

test('Gradescope\'s default (half a CPU, 768 MB): one job, the group under the container, the heap below it, limits x2', () => {
  const l = planLimits(budget(0.5, 768), { timeoutSeconds: 60 }, () => NOMINAL_WORKLOAD_MS);
  expect(l.jobs).toBe(1);
  expect(l.groupLimitMb).toBe(768 - GRADER_RESERVE_MB);
  expect(l.heapMb).toBeLessThan(l.groupLimitMb);
  expect(l.heapMb).toBeGreaterThanOrEqual(256);
  expect(l.timeScale).toBe(2);
  expect(l.testLimitSeconds).toBe(120);
  expect(l.lines.join('\n')).toMatch(/1 jest process at once, each under 512 MB \(heap \d+ MB\); 120 s per test \(--timeout 60 s, time limits x2/);
});

test('a big machine keeps the old defaults: a job per core, a 2048 MB heap, the group 512 MB above it', () => {
  const l = planLimits(budget(2, 24_000), { timeoutSeconds: 60 }, () => 100);
  expect(l).toMatchObject({ jobs: 2, heapMb: 2048, groupLimitMb: 2560, timeScale: 1, testLimitSeconds: 60 });
});

test('memory caps the jobs, and the command line\'s values win (the group never above the share)', () => {
  expect(defaultJobsFor({ cpus: 4, memoryBytes: 1024 * MB })).toBe(2);
  expect(defaultJobsFor({ cpus: 0.5, memoryBytes: 256 * MB })).toBe(1);
  expect(memoryLimits(24_000 * MB, 1, 384)).toEqual({ heapMb: 384, groupLimitMb: 896 });
  expect(memoryLimits(768 * MB, 1, 1024)).toEqual({ heapMb: 1024, groupLimitMb: 512 });
  let measured = 0;
  const l = planLimits(budget(0.5, 768), { timeoutSeconds: 10, jobs: 3, memoryMb: 200, timeScale: 1.5 }, () => {
    measured++;
    return 1;
  });
  expect(measured).toBe(0);
  expect(l).toMatchObject({ jobs: 3, heapMb: 200, timeScale: 1.5, testLimitSeconds: 15 });
  expect(l.lines[1]).toMatch(/3 jest processes at once \(--jobs\), each under \d+ MB \(heap 200 MB, --memory\); 15 s per test \(--timeout 10 s, time limits x1.5 \(--time-scale\)\)/);
});

test('one limit per test: jest gets the grader\'s scaled limit, and its own timeouts take it', () => {
  const l = planLimits(budget(0.5, 768), { timeoutSeconds: 60 }, () => NOMINAL_WORKLOAD_MS * 2.5);
  expect(l.testLimitSeconds).toBe(150);
  const ch = { reportFile: '/r', nonce: 'n', key: 'k' };
  const env = jestEnv({ targetDir: '/t', seed: 3, timeoutSeconds: l.testLimitSeconds, memoryMb: l.heapMb }, ch, {});
  expect(env.RAFTKV_TEST_TIMEOUT_MS).toBe('150000');
  expect(env.NODE_OPTIONS).toBe(`--max-old-space-size=${l.heapMb}`);
  const saved = process.env.RAFTKV_TEST_TIMEOUT_MS;
  try {
    process.env.RAFTKV_TEST_TIMEOUT_MS = env.RAFTKV_TEST_TIMEOUT_MS;
    expect(testTimeoutMs(120_000)).toBe(150_000);
  } finally {
    if (saved === undefined) delete process.env.RAFTKV_TEST_TIMEOUT_MS;
    else process.env.RAFTKV_TEST_TIMEOUT_MS = saved;
  }
});
