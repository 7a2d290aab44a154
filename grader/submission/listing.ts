/**
 * The files of an upload, as the student sent them: every regular file under a folder, as a
 * path relative to it with `/` separators, sorted. What an archiver or an editor leaves behind
 * (`__MACOSX/`, `.DS_Store`, `._name`, `.git/`, `node_modules/`, generated protobuf code) is
 * left out; symbolic links are listed apart and never followed (a link could point anywhere on
 * the grading machine).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What an upload holds. */
export interface Listing {
  /** Regular files, relative to the upload, sorted. */
  readonly files: readonly string[];
  /** Symbolic links (and other non-files), relative to the upload: never used. */
  readonly links: readonly string[];
}

/** Folders never looked into: tools' and archivers' own. */
const SKIPPED_DIRS = new Set(['__MACOSX', '.git', 'node_modules', '.idea', '.vscode', '.raftkv']);

/** True for a file nobody wrote on purpose (Finder's and AppleDouble's leftovers). */
function isJunkFile(name: string): boolean {
  return name === '.DS_Store' || name === 'Thumbs.db' || name.startsWith('._');
}

/** True for a path inside generated protobuf code (the grader generates its own). */
export function isGenerated(rel: string): boolean {
  return /(?:^|\/)proto\/generated(?:\/|$)/.test(rel);
}

/** Lists the upload in `dir` (see the file comment). A missing folder lists as empty. */
export function listUpload(dir: string): Listing {
  const files: string[] = [];
  const links: string[] = [];
  const walk = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !isGenerated(r)) walk(path.join(abs, e.name), r);
      } else if (e.isFile()) {
        if (!isJunkFile(e.name)) files.push(r);
      } else {
        links.push(r);
      }
    }
  };
  walk(dir, '');
  return { files: files.sort(), links: links.sort() };
}
