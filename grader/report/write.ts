/**
 * Writing the report files (--json, --junit): the folder is created if needed, and the file
 * is written whole (to a temporary file, then renamed), so a reader never sees half of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `text` to `file` (relative to the current folder), creating its folder. Returns the absolute path. */
export function writeReportFile(file: string, text: string): string {
  const abs = path.resolve(file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, abs);
  return abs;
}
