/**
 * The results channel of one jest run: a file with a random name in the session's private
 * folder, a nonce naming the run, and a secret key that signs the report. The key goes to the
 * reporter through file descriptor 3 (see runner/reporter.js), never through the environment,
 * so code under test that finds the file can read it or overwrite it, but cannot sign what it
 * writes: a report whose signature or nonce is wrong is "forged", and the run earns nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReporterReport } from './results';

/** One run's channel. */
export interface Channel {
  /** Where the reporter writes the report. */
  readonly reportFile: string;
  /** Names the run; the report must carry it. */
  readonly nonce: string;
  /** Signs the report; given to the reporter on fd 3 only. */
  readonly key: string;
}

/** What a channel holds now. */
export type ChannelRead =
  | { readonly kind: 'ok'; readonly report: ReporterReport }
  | { readonly kind: 'missing' }
  | { readonly kind: 'forged'; readonly why: string };

/** A fresh channel in `dir` (the session's private folder). */
export function openChannel(dir: string): Channel {
  return {
    reportFile: path.join(dir, `${randomBytes(16).toString('hex')}.json`),
    nonce: randomBytes(16).toString('hex'),
    key: randomBytes(32).toString('hex'),
  };
}

/** The signature of a report body (what the reporter puts on the first line). */
export function sign(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** The file content the reporter writes for `report` (used by tests to play the reporter). */
export function signedReport(ch: Channel, report: ReporterReport): string {
  const body = JSON.stringify(report);
  return `${sign(ch.key, body)}\n${body}`;
}

function isReport(v: unknown): v is ReporterReport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r.version === 2 && typeof r.nonce === 'string' && typeof r.events === 'number' && Array.isArray(r.tests)
    && Array.isArray(r.suiteErrors) && typeof r.complete === 'boolean' && (r.running === null || typeof r.running === 'string');
}

/** Reads and verifies the channel's report. */
export function readChannel(ch: Channel): ChannelRead {
  let text: string;
  try {
    text = fs.readFileSync(ch.reportFile, 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  const nl = text.indexOf('\n');
  if (nl < 0) return { kind: 'forged', why: 'the report has no signature' };
  const mac = Buffer.from(text.slice(0, nl), 'utf8');
  const body = text.slice(nl + 1);
  const want = Buffer.from(sign(ch.key, body), 'utf8');
  if (mac.length !== want.length || !timingSafeEqual(mac, want)) return { kind: 'forged', why: 'the report\'s signature does not match' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'forged', why: 'the signed report is not JSON' };
  }
  if (!isReport(value)) return { kind: 'forged', why: 'the signed report has the wrong shape' };
  if (value.nonce !== ch.nonce) return { kind: 'forged', why: 'the report belongs to another run' };
  return { kind: 'ok', report: value };
}
