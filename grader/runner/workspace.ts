/**
 * The private folder of a grading session, for the results channels of its runs: created
 * fresh, with a random name and mode 0700, and removed at the end.
 *
 * Jest's transform cache is not in it: a fresh cache costs every jest process about 1.5 s of
 * transforming, which --runs pays hundreds of times. Graded runs use the project's persistent
 * cache, GRADER_CACHE_DIR (the one jest.config.js names). (Jest keys its cache by file content,
 * so a stale entry is never used; a deliberately forged entry is a limit that
 * docs/instructors.md states.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Jest's cache folder for graded runs (as in jest.config.js). */
export const GRADER_CACHE_DIR = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'jest');

/** A session's private folder. */
export interface Workspace {
  /** The folder itself (channels go here). */
  readonly dir: string;
  /** Jest's cache folder (GRADER_CACHE_DIR unless a test says otherwise). */
  readonly cacheDir: string;
  /** Removes the folder and everything in it. */
  close(): void;
}

/** Creates a session's private folder under the system's temporary folder. */
export function openWorkspace(cacheDir = GRADER_CACHE_DIR): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-grade-'));
  fs.chmodSync(dir, 0o700);
  return {
    dir,
    cacheDir,
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
