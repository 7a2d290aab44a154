/**
 * One time limit per test: the grader passes its per-test limit to the test processes as
 * RAFTKV_TEST_TIMEOUT_MS, and jest's own limits (jest.config.js, and the tests that set their
 * own, such as the KV tests) take it from there, so no test is stopped by jest before the
 * grader's limit, nor left running after it. That limit is `--timeout` already multiplied by
 * the grader's time scale (grader/runner/calibrate.ts: slower on half a CPU or a busy machine),
 * so jest and the grader's watchdog stop a test at the same moment.
 */

/** The per-test limit in ms: RAFTKV_TEST_TIMEOUT_MS if the grader set it, else `fallbackMs`. */
export function testTimeoutMs(fallbackMs: number): number {
  const raw = process.env.RAFTKV_TEST_TIMEOUT_MS;
  const ms = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? ms : fallbackMs;
}
