// @ts-check
/**
 * The grader's jest reporter: the channel through which a jest run hands its results to the
 * grader. Jest loads reporters with a plain require() (no transform), so this file is CommonJS
 * JavaScript with JSDoc types; the shape it writes is `ReporterReport` in runner/results.ts.
 *
 * The report is one JSON file whose path is in RAFTKV_GRADER_REPORT. It is rewritten (to a
 * temporary file, then renamed) after every test, so that when the grader kills a hung run the
 * file still holds every test that finished and the name of the one that was running.
 */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads reporters with require()
const fs = require('node:fs');

/** @typedef {import('./results').ReporterReport} ReporterReport */
/** @typedef {import('./results').ReportedTest} ReportedTest */
/** @typedef {import('@jest/test-result').TestCaseResult} TestCaseResult */
/** @typedef {import('@jest/test-result').TestResult} TestResult */
/** @typedef {import('@jest/test-result').AssertionResult} AssertionResult */

class GraderReporter {
  constructor() {
    const file = process.env.RAFTKV_GRADER_REPORT;
    if (file === undefined || file === '') throw new Error('RAFTKV_GRADER_REPORT is not set: this reporter is run by the grader');
    /** @type {string} */
    this.file = file;
    /** @type {ReporterReport} */
    this.report = { version: 1, tests: [], running: null, suiteErrors: [], complete: false };
    this.write();
  }

  /** @param {unknown} _test @param {{ title: string }} info */
  onTestCaseStart(_test, info) {
    this.report.running = info.title;
    this.write();
  }

  /** @param {unknown} _test @param {TestCaseResult | AssertionResult} result */
  onTestCaseResult(_test, result) {
    this.record(result);
    this.report.running = null;
    this.write();
  }

  /** @param {unknown} _test @param {TestResult} result */
  onTestResult(_test, result) {
    for (const r of result.testResults) this.record(r);
    if (result.testExecError) {
      const e = result.testExecError;
      this.report.suiteErrors.push(e.stack || e.message || String(e));
    } else if (result.failureMessage && result.testResults.length === 0) {
      this.report.suiteErrors.push(result.failureMessage);
    }
    this.report.running = null;
    this.write();
  }

  onRunComplete() {
    this.report.complete = true;
    this.write();
  }

  getLastError() {
    return undefined;
  }

  /** Adds or replaces the result of one test. @param {TestCaseResult | AssertionResult} r */
  record(r) {
    /** @type {ReportedTest} */
    const entry = {
      name: r.title,
      fullName: r.fullName,
      status: r.status,
      durationMs: typeof r.duration === 'number' ? r.duration : null,
      failureMessages: r.failureMessages.map(String),
    };
    const at = this.report.tests.findIndex((t) => t.fullName === entry.fullName);
    if (at >= 0) this.report.tests[at] = entry;
    else this.report.tests.push(entry);
  }

  write() {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.report));
    fs.renameSync(tmp, this.file);
  }
}

module.exports = GraderReporter;
