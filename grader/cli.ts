/**
 * The grader's command line: `npm run grade -- [part...] [options]`. Parses the arguments
 * and hands them to grader/session.ts.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CATALOGUE } from './catalogue';
import { EXIT, runSession } from './session';

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

/** Parses argv and runs the grader; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const parts = CATALOGUE.parts.map((p) => p.id).join(', ');
  const program = new Command('grade')
    .description('Grade a RaftKV tree against the graded suites.')
    .argument('[part...]', `parts to grade: ${parts}, or all (default: all)`)
    .addOption(new Option('--target <tree>', 'labs, solution, or the path of a tree to grade').default('labs'))
    .addOption(new Option('--test <pattern>', 'a test name, or a regular expression searched in test names'))
    .addOption(new Option('--seed <n>', 'base seed of the run (each test derives its own from it)').default(1).argParser(nonNegativeInteger))
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit of each suite file').default(60).argParser(positiveSeconds))
    .addOption(new Option('--json <file>', "write Gradescope's results.json to this file"))
    .addOption(new Option('--list', 'list the selected tests with their points instead of running them').default(false))
    .showHelpAfterError('(npm run grade -- --help for usage)')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.passed : EXIT.usage;
    throw e;
  }
  const o = program.opts<{ target: string; test?: string; seed: number; timeout: number; json?: string; list: boolean }>();
  return runSession({
    parts: program.args, target: o.target, test: o.test, seed: o.seed, timeoutSeconds: o.timeout, json: o.json, list: o.list,
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
