// StrykerJS configuration of `npm run mutation` (scripts/mutation.ts): mutation testing of the
// reference solution against the graded suites, a maintainers' tool (docs/maintainers.md).
//
// The script decides what a run mutates and which suite files it runs, and hands that over in
// RAFTKV_MUTATION_PLAN (JSON: name, out, mutate globs, test files, concurrency, incremental); this
// file holds what every run shares. Run it through the script, not with `npx stryker` alone.
const raw = process.env.RAFTKV_MUTATION_PLAN;
if (raw === undefined) {
  throw new Error('stryker.config.mjs is driven by scripts/mutation.ts: run `npm run mutation -- raft` (or `kv`)');
}
/** @type {{ name: string, out: string, mutate: string[], tests: string[], concurrency: number, incremental: boolean }} */
const plan = JSON.parse(raw);
const out = `reports/mutation/${plan.out}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // Each mutant runs only the tests that executed its code in the initial (dry) run.
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: plan.mutate,
  // Not needed by the suites: labs/ (RAFTKV_TARGET=solution) and local outputs.
  ignorePatterns: ['/labs', '/.raftkv', '/coverage'],
  // Instrumented files get `// @ts-nocheck` (ts-jest only transpiles, but say it anyway).
  disableTypeChecks: 'solution/**/*.ts',
  jest: {
    projectType: 'custom',
    // Only the suites of this run (paths relative to the sandbox's root), and a jest cache of
    // its own, so that instrumented files never land in the project's cache.
    config: {
      testMatch: plan.tests.map((f) => `<rootDir>/${f}`),
      cacheDirectory: `${process.cwd()}/.stryker-tmp/jest-cache`,
      // Load only the suite files that hold a test the mutant runs (see the file).
      testSequencer: '<rootDir>/scripts/mutation-sequencer.mjs',
    },
  },
  concurrency: plan.concurrency,
  // A mutant that loops forever in simulated time is a timeout (counted as killed), not a
  // hang: Stryker ends a run after twice the covering tests' time in the initial run plus 5 s.
  timeoutMS: 5_000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  incremental: plan.incremental,
  incrementalFile: `${out}/incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
};
