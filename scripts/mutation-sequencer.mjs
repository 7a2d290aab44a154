// The jest test sequencer of `npm run mutation` (set in stryker.config.mjs, never in the
// project's jest config): it makes a mutant's run load only the suite files that hold a test
// the mutant is run against.
//
// For each mutant Stryker runs jest with a test-name pattern naming the tests that cover it
// (coverage analysis "perTest"), but jest still loads every suite file it was given, and
// loading a file (a fresh module registry, the protobuf code, the harness) costs more than
// most tests take. This sequencer drops the files in which no test name matches the pattern.
// It only drops a file when it can see every test name the file declares: a file with
// describe blocks, test.each, or a test whose name is not a plain string literal is kept.
// Without a pattern (Stryker's initial run) every file is kept.
import fs from 'node:fs';
import sequencerModule from '@jest/test-sequencer';

/** Jest's own sequencer (the class itself, or its `default` export, depending on the build). */
const Sequencer = typeof sequencerModule === 'function' ? sequencerModule : sequencerModule.default;

/** `test('Name', ...)` or `it("Name", ...)` opening a line: a test whose name the file spells out. */
const LITERAL_TEST = /^\s*(?:test|it)(?:\.only|\.skip|\.failing)?\s*\(\s*(['"])((?:(?!\1)[^\\\n])+)\1\s*,/gm;
/** Any test declaration opening a line, for counting them. */
const ANY_TEST = /^\s*(?:test|it)(?:\.only|\.skip|\.failing)?\s*\(/gm;
/** What makes a file's full test names unknowable from its source. */
const OPAQUE = /\bdescribe\s*\(|\.each\s*[(`]/;

/**
 * The test names a suite file declares, or null when they cannot all be read from its source.
 * @param {string} source
 * @returns {string[] | null}
 */
function declaredNames(source) {
  if (OPAQUE.test(source)) return null;
  const names = [...source.matchAll(LITERAL_TEST)].map((m) => m[2]);
  const all = [...source.matchAll(ANY_TEST)].length;
  return names.length === all ? names : null;
}

/** Jest's sequencer, less the suite files that hold none of the tests a mutant runs. */
export default class MutationSequencer extends Sequencer {
  /** @param {{ globalConfig: { testNamePattern?: string } }} options */
  constructor(options) {
    super(options);
    const pattern = options.globalConfig.testNamePattern;
    /** @type {RegExp | null} */
    this.pattern = pattern ? new RegExp(pattern, 'i') : null;
    /** @type {Map<string, string[] | null>} */
    this.names = new Map();
  }

  /**
   * @param {string} file
   * @returns {boolean}
   */
  wanted(file) {
    if (this.pattern === null) return true;
    if (!this.names.has(file)) this.names.set(file, declaredNames(fs.readFileSync(file, 'utf8')));
    const names = this.names.get(file);
    return names == null || names.some((n) => this.pattern.test(n));
  }

  /** @param {{ path: string }[]} tests */
  async sort(tests) {
    const sorted = await super.sort(tests);
    return sorted.filter((t) => this.wanted(t.path));
  }
}
