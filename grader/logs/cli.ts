/**
 * `npm run logs -- TRACE [--peers] [--topics a,b] [--from MS] [--to MS] [--width N]`: prints a
 * trace file of the bench (.trace, .trace.jsonl or .trace.jsonl.gz) for people
 * (grader/logs/format.ts), filtered by topic and virtual time; colours on a terminal. Ends with
 * the command that draws the same trace in a browser (`npm run view`). Exit status 2 for a bad
 * command line or a file that cannot be read.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { colors, shellQuote } from '../report/console';
import { formatEvents } from './format';
import { filterEvents, parseTrace, readTraceText } from './read';

function milliseconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number of milliseconds');
  return n;
}

function columns(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 40) throw new InvalidArgumentError('expected a width of at least 40');
  return n;
}

/** Parses argv and prints the trace; resolves to the exit status. */
export function main(argv: readonly string[], out: (line: string) => void = (l) => console.log(l), tty = process.stdout.isTTY === true): number {
  const program = new Command('logs')
    .description('Print a bench trace (.trace.jsonl or .trace) with one column per store, coloured by topic.')
    .argument('<trace>', 'the trace file (a failing test prints its path)')
    .addOption(new Option('--peers', 'one column per store').default(false))
    .addOption(new Option('--topics <list>', 'only these topics, comma-separated (election, append, commit, apply, snapshot, client, fault, store, error, net, sim, state)'))
    .addOption(new Option('--from <ms>', 'only events at or after this virtual time').argParser(milliseconds))
    .addOption(new Option('--to <ms>', 'only events at or before this virtual time').argParser(milliseconds))
    .addOption(new Option('--width <n>', 'output width').argParser(columns))
    .addOption(new Option('--no-color', 'no colours, even on a terminal'))
    .showHelpAfterError('(npm run logs -- --help for usage)')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const o = program.opts<{ peers: boolean; topics?: string; from?: number; to?: number; width?: number; color: boolean }>();
  const file = program.args[0];
  let text: string;
  try {
    text = readTraceText(file);
  } catch (e) {
    console.error(`logs: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const trace = parseTrace(text);
  for (const p of trace.problems.slice(0, 5)) console.error(`logs: ${file}: ${p}`);
  const topics = o.topics === undefined ? undefined : new Set(o.topics.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
  const events = filterEvents(trace.events, { topics, from: o.from, to: o.to });
  const c = colors(tty && o.color);
  for (const h of trace.header) out(c.dim(h));
  const width = o.width ?? (process.stdout.columns !== undefined && process.stdout.columns > 0 ? process.stdout.columns : 160);
  for (const line of formatEvents(events, { peers: o.peers, width, colors: c })) out(line);
  if (events.length < trace.events.length) out(c.dim(`(${events.length} of ${trace.events.length} events shown)`));
  out(c.dim(`view: npm run view -- ${shellQuote(file)}`));
  return 0;
}

if (require.main === module) {
  // `npm run logs -- x | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const lines: string[] = [];
  const flush = (): void => {
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    lines.length = 0;
  };
  process.exitCode = main(process.argv.slice(2), (line) => {
    lines.push(line);
    if (lines.length >= 1000) flush();
  });
  flush();
}
