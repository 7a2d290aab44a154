// @ts-check
/**
 * Jest runs the graded suites (grader/suites) and the unit tests of harness/ and grader/.
 *
 * `@target/...` in a suite is the implementation under test: `solution/` by default, or the
 * tree named by RAFTKV_TARGET (`labs`, `solution`, or any folder that has a tree's layout).
 * ts-jest only transpiles (types are checked once by `npm run typecheck`).
 *
 * Plain CommonJS on purpose: a jest.config.ts needs a TypeScript loader (ts-node and the
 * compiler) in every jest process just to read the config, about 1.5 s per suite file and per
 * `--runs` process. This file is type-checked all the same (`// @ts-check`, tsconfig.json).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file with a plain require()
const path = require('node:path');

const root = __dirname;
const raw = process.env.RAFTKV_TARGET ?? 'solution';
const target = raw === 'labs' || raw === 'solution' ? path.join(root, raw) : path.resolve(raw);

/** @type {import('jest').Config} */
const config = {
  rootDir: root,
  roots: ['<rootDir>/grader', '<rootDir>/harness'],
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // ts-jest transpiles (types are checked by `npm run typecheck`); harness/jest/global-bindings.js
  // then makes globals such as Math and String local to each module, which is what lets code run
  // at plain-Node speed in jest's vm context (see that file). The same wrapping is applied to the
  // generated protobuf code and to the hot dependencies that jest loads into each test's context.
  transform: {
    '^.+\\.tsx?$': ['<rootDir>/harness/jest/global-bindings.js', { inner: 'ts-jest', tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }],
    '^.+\\.js$': ['<rootDir>/harness/jest/global-bindings.js', {}],
  },
  transformIgnorePatterns: ['/node_modules/(?!(protobufjs|@protobufjs|sorted-btree|pure-rand)/)'],
  moduleNameMapper: {
    '^@target/(.*)$': `${target}/$1`,
  },
  // A tree graded from elsewhere on disk finds protobufjs in our node_modules.
  modulePaths: ['<rootDir>/node_modules'],
  setupFilesAfterEnv: ['<rootDir>/harness/jest/setup.ts'],
  // The grader's --timeout (harness/jest/timeout.ts); 20 s when jest runs alone.
  testTimeout: Number(process.env.RAFTKV_TEST_TIMEOUT_MS) > 0 ? Number(process.env.RAFTKV_TEST_TIMEOUT_MS) : 20_000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

module.exports = config;
