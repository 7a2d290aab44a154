/**
 * `npm run view -- TRACE [--out FILE]`: turns a trace of the bench into one self-contained
 * HTML file (lanes per store, message arrows, client operations with the checker's verdict, a
 * state panel at a cursor, a search) and prints its path. TRACE is what a failing test prints
 * (`<dir>/<Test>-seed<n>.trace`), or its `.trace.jsonl.gz` / `.trace.jsonl` sibling; the file
 * goes next to it (`<trace>.html`) unless --out says where. Exit status 2 for a bad command
 * line or a trace that cannot be read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { parseTrace, readTraceText } from '../logs/read';
import { buildViewData } from './build';
import { renderHtml } from './html';
import { defaultOutput, traceToRead } from './locate';

/** Writes the viewer's HTML for trace file `given` to `out` (default: next to it); returns the path written. */
export function writeViewer(given: string, out?: string): string {
  const file = traceToRead(given);
  const trace = parseTrace(readTraceText(file));
  if (trace.events.length === 0) throw new Error(`${file} has no trace events`);
  const html = renderHtml(buildViewData(trace, file));
  const target = out ?? defaultOutput(given);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  fs.writeFileSync(target, html);
  return target;
}

/** Parses argv and writes the viewer; resolves to the exit status. */
export function main(argv: readonly string[], out: (line: string) => void = (l) => console.log(l)): number {
  const program = new Command('view')
    .description('Draw a bench trace as one self-contained HTML file (open it in a browser) and print its path.')
    .argument('<trace>', 'the trace file a failing test printed (.trace), or its .trace.jsonl.gz')
    .addOption(new Option('--out <file>', 'where to write the HTML (default: <trace>.html)'))
    .showHelpAfterError('(npm run view -- --help for usage)')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const o = program.opts<{ out?: string }>();
  const given = program.args[0];
  let written: string;
  try {
    written = writeViewer(given, o.out);
  } catch (e) {
    console.error(`view: cannot draw ${given}: ${(e as Error).message}`);
    return 2;
  }
  out(written);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
