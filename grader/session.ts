/**
 * One grading session, from parsed options to exit status: select the tests, check and
 * prepare the target, run the suites, print the results, write results.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateTree } from '../scripts/proto';
import { CATALOGUE, type Catalogue, catalogueProblems, selectTests } from './catalogue';
import { colors, formatCatalogue, formatHeader, formatOutcome, formatSummary, type RunContext } from './report/console';
import { toGradescope } from './report/gradescope';
import { grade, groupByFile } from './runner/grade';
import { killAllRuns } from './runner/spawn';
import { resolveTarget } from './runner/target';

/** The grader's options, as the command line gives them. */
export interface SessionOptions {
  readonly parts: readonly string[];
  readonly target: string;
  readonly test?: string;
  readonly seed: number;
  readonly timeoutSeconds: number;
  readonly json?: string;
  readonly list: boolean;
}

/** Exit statuses: 0 everything selected passed, 1 something failed, 2 the command was wrong. */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

/** Runs a session and returns its exit status. */
export async function runSession(opts: SessionOptions, cat: Catalogue = CATALOGUE): Promise<number> {
  const c = colors(process.stdout.isTTY === true);
  const problems = catalogueProblems(cat);
  if (problems.length > 0) {
    console.error(`grade: the catalogue is inconsistent:\n  ${problems.join('\n  ')}`);
    return EXIT.usage;
  }
  const selection = selectTests(cat, { parts: opts.parts, pattern: opts.test });
  if (!selection.ok) {
    console.error(`grade: ${selection.error}`);
    return EXIT.usage;
  }
  const tests = selection.tests;
  if (opts.list) {
    console.log(formatCatalogue(cat, tests, c).join('\n'));
    return EXIT.passed;
  }
  const target = resolveTarget(opts.target);
  if (!target.ok) {
    console.error(`grade: ${target.error}`);
    return EXIT.usage;
  }
  try {
    generateTree(target.dir);
  } catch (e) {
    console.error(`grade: cannot generate the protos of ${target.dir}: ${(e as Error).message}`);
    return EXIT.usage;
  }

  const ctx: RunContext = { seed: opts.seed, target: opts.target };
  const onSignal = (): void => {
    killAllRuns();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(formatHeader(tests, groupByFile(tests).size, ctx, target.dir));
  const result = await grade({
    tests, targetDir: target.dir, seed: opts.seed, timeoutSeconds: opts.timeoutSeconds,
    onFile: (outcomes) => {
      for (const o of outcomes) console.log(formatOutcome(o, ctx, c).join('\n'));
    },
  });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  console.log(formatSummary(result.outcomes, c).join('\n'));

  if (opts.json !== undefined) {
    const file = path.resolve(opts.json);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(toGradescope(result.outcomes, ctx, result.wallMs), null, 2)}\n`);
  }
  return result.outcomes.every((o) => o.passed) ? EXIT.passed : EXIT.failed;
}
