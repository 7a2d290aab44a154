/**
 * Which file `npm run view` reads and where it writes. A failing KV test prints the path of
 * its text trace (`<dir>/<Test>-seed<n>.trace`) and writes the structured one next to it
 * (`.trace.jsonl.gz`); the viewer takes whichever path it is given and reads the structured
 * form when there is one, the text otherwise (with less to draw).
 */
import * as fs from 'node:fs';

/** The file to read for `given`: the structured sibling of a text trace if it exists, else `given` itself. */
export function traceToRead(given: string): string {
  if (!given.endsWith('.trace')) return given;
  for (const sibling of [`${given}.jsonl.gz`, `${given}.jsonl`]) if (fs.existsSync(sibling)) return sibling;
  return given;
}

/** The default HTML file for `given`: `<dir>/<Test>-seed<n>.trace.html`, whichever form was given. */
export function defaultOutput(given: string): string {
  return `${given.replace(/\.jsonl(\.gz)?$/, '')}.html`;
}
