// @ts-check
/**
 * The grader's jest reporter: the only channel through which a jest run hands its results to
 * the grader. Jest loads reporters with a plain require() (no transform), so this file is
 * CommonJS JavaScript with JSDoc types; the report's shape is `ReporterReport` in
 * runner/results.ts and the file format is read by runner/channel.ts.
 *
 * The report is one file, at the path in RAFTKV_GRADER_REPORT (a random name in a private
 * folder the grader created for this session). It is rewritten (to a temporary file, then
 * renamed) at every test start and result, so that when the grader kills a hung run the file
 * still holds every test that finished and the name of the one that was running.
 *
 * Its first line is an HMAC-SHA256 of the rest, keyed with a secret the grader writes into
 * file descriptor 3. The reporter reads the key and closes the descriptor when jest creates it,
 * before any suite or code under test is loaded, so the key is never in the environment, the
 * command line or a file: code under test that writes a results file of its own cannot sign it.
 * The body also carries the run's nonce (RAFTKV_GRADER_NONCE), so a report of another run does
 * not pass for this one. The reporter is a frozen object of closures over functions captured at
 * load time, so patching a prototype or a global later does not change what it writes.
 */
'use strict';

/* eslint-disable @typescript-eslint/no-require-imports -- jest loads reporters with require() */
const fs = require('node:fs');
const crypto = require('node:crypto');
/* eslint-enable @typescript-eslint/no-require-imports */

const { readFileSync, writeFileSync, renameSync, closeSync } = fs;
const { createHmac } = crypto;
const stringify = JSON.stringify;
const freeze = Object.freeze;

/** @typedef {import('./results').ReporterReport} ReporterReport */
/** @typedef {import('./results').ReportedTest} ReportedTest */
/** @typedef {import('@jest/test-result').TestCaseResult} TestCaseResult */
/** @typedef {import('@jest/test-result').TestResult} TestResult */
/** @typedef {import('@jest/test-result').AssertionResult} AssertionResult */

/** The descriptor the grader writes the key into. */
const KEY_FD = 3;

/** Reads the signing key from KEY_FD and closes it; throws if there is none. @returns {string} */
function takeKey() {
  let key;
  try {
    key = readFileSync(KEY_FD, 'utf8').trim();
  } finally {
    try {
      closeSync(KEY_FD);
    } catch {
      // already closed
    }
  }
  if (key === '') throw new Error('the grader gave no key on fd 3: this reporter is run by the grader');
  return key;
}

/** @param {TestCaseResult | AssertionResult} r @returns {ReportedTest} */
function reported(r) {
  return {
    name: r.title,
    fullName: r.fullName,
    status: r.status,
    durationMs: typeof r.duration === 'number' ? r.duration : null,
    failureMessages: r.failureMessages.map(String),
  };
}

/**
 * The reporter (jest calls it with `new`; the object it returns is the instance).
 * @returns {object}
 */
function GraderReporter() {
  const file = process.env.RAFTKV_GRADER_REPORT;
  const nonce = process.env.RAFTKV_GRADER_NONCE;
  if (file === undefined || file === '' || nonce === undefined || nonce === '') {
    throw new Error('RAFTKV_GRADER_REPORT and RAFTKV_GRADER_NONCE are not set: this reporter is run by the grader');
  }
  const key = takeKey();
  /** @type {ReporterReport} */
  const report = { version: 2, nonce, events: 0, tests: [], running: null, suiteErrors: [], complete: false };

  const write = () => {
    report.events += 1;
    const body = stringify(report);
    const mac = createHmac('sha256', key).update(body).digest('hex');
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${mac}\n${body}`);
    renameSync(tmp, file);
  };

  /** Adds or replaces the result of one test. @param {TestCaseResult | AssertionResult} r */
  const record = (r) => {
    const entry = reported(r);
    const at = report.tests.findIndex((t) => t.fullName === entry.fullName);
    if (at >= 0) report.tests[at] = entry;
    else report.tests.push(entry);
  };

  // An error thrown outside any test (a timer of the code under test that fires after the tests,
  // say) would otherwise crash the process after the results are in, or go unnoticed. While the
  // tests run, jest's own handlers take over and fail the test that was running.
  /** @param {unknown} e */
  const escaped = (e) => {
    const text = e instanceof Error ? (e.stack || e.message) : String(e);
    report.suiteErrors.push(`an uncaught error outside the tests: ${text}`);
    write();
  };
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);

  write();
  return freeze({
    /** @param {unknown} _test @param {{ title: string }} info */
    onTestCaseStart(_test, info) {
      report.running = info.title;
      write();
    },
    /** @param {unknown} _test @param {TestCaseResult} result */
    onTestCaseResult(_test, result) {
      record(result);
      report.running = null;
      write();
    },
    /** @param {unknown} _test @param {TestResult} result */
    onTestResult(_test, result) {
      for (const r of result.testResults) record(r);
      if (result.testExecError) {
        const e = result.testExecError;
        report.suiteErrors.push(e.stack || e.message || String(e));
      } else if (result.failureMessage && result.testResults.length === 0) {
        report.suiteErrors.push(result.failureMessage);
      }
      report.running = null;
      write();
    },
    onRunComplete() {
      report.complete = true;
      write();
    },
    getLastError() {
      return undefined;
    },
  });
}

module.exports = freeze(GraderReporter);
