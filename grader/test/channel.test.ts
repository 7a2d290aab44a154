/**
 * The results channel: a report signed with the run's key and carrying its nonce is read back;
 * a missing file, an unsigned or wrongly signed one, or one of another run is not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openChannel, readChannel, sign, signedReport } from '../runner/channel';
import type { ReporterReport } from '../runner/results';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-channel-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function reportOf(nonce: string): ReporterReport {
  return { version: 2, nonce, events: 3, tests: [], running: null, suiteErrors: [], complete: true };
}

test('each channel has its own random file, nonce and key, in the given folder', () => {
  const a = openChannel(dir);
  const b = openChannel(dir);
  expect(path.dirname(a.reportFile)).toBe(dir);
  expect(path.basename(a.reportFile)).toMatch(/^[0-9a-f]{32}\.json$/);
  expect(new Set([a.reportFile, b.reportFile]).size).toBe(2);
  expect(a.nonce).not.toBe(b.nonce);
  expect(a.key).toMatch(/^[0-9a-f]{64}$/);
  expect(a.key).not.toBe(b.key);
});

test('a report signed by the reporter is read back', () => {
  const ch = openChannel(dir);
  fs.writeFileSync(ch.reportFile, signedReport(ch, reportOf(ch.nonce)));
  expect(readChannel(ch)).toEqual({ kind: 'ok', report: reportOf(ch.nonce) });
});

test('missing, unsigned, forged, altered, foreign and malformed reports', () => {
  const ch = openChannel(dir);
  expect(readChannel(ch)).toEqual({ kind: 'missing' });
  const body = JSON.stringify(reportOf(ch.nonce));
  fs.writeFileSync(ch.reportFile, body);
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the report has no signature' });
  fs.writeFileSync(ch.reportFile, `${'0'.repeat(64)}\n${body}`);
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the report\'s signature does not match' });
  fs.writeFileSync(ch.reportFile, signedReport(ch, reportOf(ch.nonce)).replace('"events":3', '"events":4'));
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the report\'s signature does not match' });
  fs.writeFileSync(ch.reportFile, signedReport(ch, reportOf('another run')));
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the report belongs to another run' });
  const other = openChannel(dir);
  fs.writeFileSync(ch.reportFile, signedReport(other, reportOf(ch.nonce)));
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the report\'s signature does not match' });
  fs.writeFileSync(ch.reportFile, `${sign(ch.key, '{"version":1}')}\n{"version":1}`);
  expect(readChannel(ch)).toEqual({ kind: 'forged', why: 'the signed report has the wrong shape' });
});
