/**
 * The grader's command line: `npm run grade -- [part...] [options]`, and
 * `npm run grade -- export classroom|gradescope [--out DIR]`. Parses the arguments and hands
 * them to grader/session.ts or grader/export/command.ts. Exit status 2 means the command line
 * was wrong.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CATALOGUE } from './catalogue';
import { runExport } from './export/command';
import { EXIT, runSession } from './session';

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function memoryMb(value: string): number {
  const n = positiveInteger(value);
  if (n < 128) throw new InvalidArgumentError('expected at least 128 (MB)');
  return n;
}

/** The options as commander gives them. */
interface ParsedOptions {
  target: string;
  test?: string;
  seed: number;
  timeout: number;
  memory?: number;
  jobs?: number;
  budget?: number;
  timeScale?: number;
  runs?: number;
  json?: string;
  junit?: string;
  trace?: string;
  list: boolean;
  typecheck: boolean;
}

/** The grading command (everything but `export`). */
function gradeCommand(): Command {
  const parts = CATALOGUE.parts.map((p) => p.id).join(', ');
  return new Command('grade')
    .description('Grade a RaftKV tree against the graded suites.\nAlso: npm run grade -- export classroom|gradescope [--out DIR]')
    .argument('[part...]', `parts to grade: ${parts}, or all (default: all)`)
    .addOption(new Option('--target <tree>', 'labs, solution, or the path of a tree to grade').default('labs'))
    .addOption(new Option('--test <pattern>', 'a test name, or a regular expression searched in test names'))
    .addOption(new Option('--seed <n>', 'base seed of the run (each test derives its own from it)').default(1).argParser(nonNegativeInteger))
    .addOption(new Option('--runs <n>', 'run every selected test n times, on seeds seed, seed+1, ..., and report pass rates').argParser(positiveInteger))
    .addOption(new Option('--jobs <n>', 'jest processes at once (default: one per CPU the machine really allows: its cgroup quota, else its cores)').argParser(positiveInteger))
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit of each test (and of loading a suite file), times the time scale').default(60).argParser(positiveSeconds))
    .addOption(new Option('--time-scale <x>', 'multiply the time limits by x instead of calibrating this machine\'s speed at start').argParser(positiveNumber))
    .addOption(new Option('--memory <MB>', 'heap limit of each jest process (default: fitted to the memory the machine really allows)').argParser(memoryMb))
    .addOption(new Option('--budget <seconds>', 'time limit of the whole run: after it, the tests not finished fail with "not run: out of time"').argParser(positiveSeconds))
    .addOption(new Option('--json <file>', "write Gradescope's results.json to this file"))
    .addOption(new Option('--junit <file>', 'write JUnit XML to this file'))
    .addOption(new Option('--trace <dir>', 'write every test\'s trace to this folder (RAFTKV_TRACE_DIR, RAFTKV_TRACE_ALL=1)'))
    .addOption(new Option('--no-typecheck', 'do not type-check the tree first (a tree that does not compile scores 0)'))
    .addOption(new Option('--list', 'list the selected tests with their points instead of running them').default(false))
    .showHelpAfterError('(npm run grade -- --help for usage)')
    .exitOverride();
}

/** Parses argv and runs the grader; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'export') return runExport(argv.slice(1));
  const program = gradeCommand();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.passed : EXIT.usage;
    throw e;
  }
  const o = program.opts<ParsedOptions>();
  return runSession({
    parts: program.args, target: o.target, test: o.test, seed: o.seed, timeoutSeconds: o.timeout, memoryMb: o.memory,
    jobs: o.jobs, budgetSeconds: o.budget, timeScale: o.timeScale, runs: o.runs, json: o.json, junit: o.junit, trace: o.trace, list: o.list, typecheck: o.typecheck,
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => { process.exitCode = status; },
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = EXIT.usage;
    },
  );
}
