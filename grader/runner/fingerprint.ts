/**
 * The grader's own files, fingerprinted. The code under test runs with the grader's
 * permissions, so it could rewrite a suite, the reporter or the jest setup for the runs that
 * follow. The session fingerprints these files before the first run and again after each run;
 * once they differ, that run and every later one earn nothing.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './spawn';

/** What is fingerprinted, relative to the root: folders are walked (their test/ folders left out). */
export const FINGERPRINTED: readonly string[] = ['grader', 'harness', 'jest.config.js', 'tsconfig.base.json', 'package.json'];

/** Folders not fingerprinted: the unit tests of grader/ and harness/ (never loaded by a graded run). */
const SKIPPED_DIRS = new Set(['test', 'node_modules']);

/** Relative path (with /) to the SHA-256 of the file's content. */
export type Fingerprint = Map<string, string>;

function walk(abs: string, rel: string, out: Fingerprint): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (SKIPPED_DIRS.has(name)) continue;
      walk(path.join(abs, name), `${rel}/${name}`, out);
    }
  } else if (stat.isFile()) {
    out.set(rel, createHash('sha256').update(fs.readFileSync(abs)).digest('hex'));
  }
}

/** The fingerprint of the grader's files under `root`. */
export function fingerprint(root = ROOT, entries: readonly string[] = FINGERPRINTED): Fingerprint {
  const out: Fingerprint = new Map();
  for (const e of entries) walk(path.join(root, e), e, out);
  return out;
}

/**
 * The files of `before` that were changed or removed in `after`, sorted. Added files do not
 * count: a run loads a new file only through an existing one that imports it, which changed.
 */
export function changedFiles(before: Fingerprint, after: Fingerprint): string[] {
  const changed: string[] = [];
  for (const [f, h] of before) if (after.get(f) !== h) changed.push(f);
  return changed.sort();
}
