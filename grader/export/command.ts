/**
 * `npm run grade -- export classroom [part...] [--out DIR] [--minutes N] [--steps part|file|test] [--node N]` and
 * `npm run grade -- export gradescope [part...] [--out DIR] [--visibility [NAME=]V]... [--stdout-visibility V]
 *  [--leaderboard] [--output-format md|text] [--budget S | --no-budget] [--node N]`:
 * the platform files, generated from the catalogue (parts, points) so that nothing is typed twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CATALOGUE, type Catalogue, describeParts, leafIds } from '../catalogue';
import { type GradescopeSettings, VISIBILITIES, type Visibility, isVisibility } from '../report/gradescope-settings';
import { ROOT } from '../runner/spawn';
import { DEFAULT_MINUTES, STEP_KINDS, type StepKind, classroomTests, classroomWorkflow } from './classroom';
import { DEFAULT_BUDGET_SECONDS, writeGradescopeBundle } from './gradescope-bundle';
import { NODE_MAJOR } from './gradescope-scripts';

const USAGE = 2;

function wholeNumber(min: number, max: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
    return n;
  };
}

function visibility(value: string): Visibility {
  if (!isVisibility(value)) throw new InvalidArgumentError(`expected one of ${VISIBILITIES.join(', ')}`);
  return value;
}

/** The parts that are not in the catalogue. */
function unknownParts(cat: Catalogue, parts: readonly string[]): string[] {
  return parts.filter((p) => p !== 'all' && !cat.parts.some((x) => x.id === p));
}

/** Where the old, archived education/autograding format kept its tests (no longer written). */
export const LEGACY_AUTOGRADING_JSON = path.join('.github', 'classroom', 'autograding.json');

/** Writes .github/workflows/classroom.yml under `out`; returns the files written. */
export function exportClassroom(cat: Catalogue, out: string, parts: readonly string[], mins: number, steps: StepKind = 'part',
  nodeMajor = NODE_MAJOR): string[] {
  const wanted = parts.length === 0 ? null : new Set(parts.flatMap((p) => leafIds(cat, p)));
  const tests = classroomTests(cat, mins, steps).filter((t) => wanted === null || wanted.has(t.part));
  const yml = path.join(out, '.github', 'workflows', 'classroom.yml');
  fs.mkdirSync(path.dirname(yml), { recursive: true });
  fs.writeFileSync(yml, classroomWorkflow(tests, nodeMajor));
  return [yml];
}

/**
 * The visibility settings from `--visibility` specs: `V` sets every test's default,
 * `NAME=V` a part's (an aggregate part stands for its leaves) or a test's. Throws with what is wrong.
 */
export function visibilitySettings(cat: Catalogue, specs: readonly string[]): Pick<GradescopeSettings, 'visibility' | 'byPart' | 'byTest'> {
  let all: Visibility | undefined;
  const byPart: Record<string, Visibility> = {};
  const byTest: Record<string, Visibility> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const name = eq < 0 ? null : spec.slice(0, eq);
    const value = eq < 0 ? spec : spec.slice(eq + 1);
    if (!isVisibility(value)) throw new Error(`--visibility ${spec}: "${value}" is not one of ${VISIBILITIES.join(', ')}`);
    if (name === null) all = value;
    else if (cat.tests.some((t) => t.name === name)) byTest[name] = value;
    else if (cat.parts.some((p) => p.id === name)) for (const id of leafIds(cat, name)) byPart[id] = value;
    else throw new Error(`--visibility ${spec}: "${name}" is neither a part nor a test (npm run grade -- --list lists them)`);
  }
  return { ...(all === undefined ? {} : { visibility: all }), byPart, byTest };
}

/** The options as commander gives them. */
interface ExportOptions {
  out?: string;
  minutes: number;
  steps: StepKind;
  node: number;
  visibility: string[];
  stdoutVisibility?: Visibility;
  leaderboard: boolean;
  outputFormat: 'md' | 'text';
  budget: number | false;
}

/** The options that only one platform takes. */
const ONLY_FOR: Readonly<Record<string, 'classroom' | 'gradescope'>> = {
  minutes: 'classroom', steps: 'classroom',
  visibility: 'gradescope', stdoutVisibility: 'gradescope', leaderboard: 'gradescope', outputFormat: 'gradescope', budget: 'gradescope',
};

function exportCommand(): Command {
  return new Command('grade export')
    .description('Write the files of a grading platform, generated from the catalogue.')
    .argument('<platform>', 'classroom (GitHub Classroom) or gradescope')
    .argument('[part...]', 'parts to grade (default: all)')
    .addOption(new Option('--out <dir>', 'where to write (classroom: the repository, gradescope: the bundle folder)'))
    .addOption(new Option('--minutes <n>', 'classroom: time limit of each step').default(DEFAULT_MINUTES).argParser(wholeNumber(1, 360, 'whole minutes')))
    .addOption(new Option('--steps <kind>', 'classroom: one step per part, per suite file of a part, or per test').choices(STEP_KINDS).default('part'))
    .addOption(new Option('--node <major>', 'the Node.js major release to install').default(NODE_MAJOR).argParser(wholeNumber(20, 99, 'a major release')))
    .addOption(new Option('--visibility <[name=]value>', `gradescope: when students see tests: a default, or for a part or a test (name=value); values: ${VISIBILITIES.join(', ')}; repeatable`)
      .argParser((v: string, prev: string[]) => [...prev, v]).default([]))
    .addOption(new Option('--stdout-visibility <value>', 'gradescope: when students see the autograder\'s output (default: hidden)').argParser(visibility))
    .addOption(new Option('--leaderboard', 'gradescope: write leaderboard entries (points, tests passed, time)').default(false))
    .addOption(new Option('--output-format <format>', 'gradescope: how outputs are written').choices(['md', 'text']).default('md'))
    .addOption(new Option('--budget <seconds>', 'gradescope: time limit of a whole run, below the assignment\'s limit').default(DEFAULT_BUDGET_SECONDS)
      .argParser(wholeNumber(10, 36_000, 'seconds')))
    .addOption(new Option('--no-budget', 'gradescope: no time limit for a whole run'))
    .showHelpAfterError('(npm run grade -- export --help for usage)')
    .exitOverride();
}

/** Parses `export ...` and writes the files; resolves to the exit status. */
export function runExport(argv: readonly string[], cat: Catalogue = CATALOGUE): number {
  const program = exportCommand();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE;
    throw e;
  }
  const [platform, ...parts] = program.args;
  const o = program.opts<ExportOptions>();
  if (platform !== 'classroom' && platform !== 'gradescope') {
    console.error(`grade export: unknown platform "${platform}" (expected classroom or gradescope)`);
    return USAGE;
  }
  const misplaced = Object.keys(ONLY_FOR).filter((k) => ONLY_FOR[k] !== platform && program.getOptionValueSource(k) === 'cli');
  if (misplaced.length > 0) {
    console.error(`grade export: ${misplaced.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: only for ${ONLY_FOR[misplaced[0]]}`);
    return USAGE;
  }
  const unknown = unknownParts(cat, parts);
  if (unknown.length > 0) {
    console.error(`grade export: unknown part${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nvalid parts:\n  ${describeParts(cat).join('\n  ')}`);
    return USAGE;
  }
  const chosen = parts.filter((p) => p !== 'all');
  if (platform === 'classroom') {
    const out = path.resolve(o.out ?? '.');
    for (const f of exportClassroom(cat, out, chosen, o.minutes, o.steps, o.node)) console.log(`wrote ${f}`);
    if (fs.existsSync(path.join(out, LEGACY_AUTOGRADING_JSON))) {
      console.log(`note: ${path.join(out, LEGACY_AUTOGRADING_JSON)} is in the archived education/autograding format and is no longer used; delete it`);
    }
    return 0;
  }
  let settings: GradescopeSettings;
  try {
    settings = {
      ...visibilitySettings(cat, o.visibility),
      ...(o.stdoutVisibility === undefined ? {} : { stdoutVisibility: o.stdoutVisibility }),
      leaderboard: o.leaderboard,
      format: o.outputFormat,
    };
  } catch (e) {
    console.error(`grade export: ${(e as Error).message}`);
    return USAGE;
  }
  const out = path.resolve(o.out ?? 'gradescope-autograder');
  if (path.resolve(out) === ROOT || ROOT.startsWith(`${out}${path.sep}`)) {
    console.error(`grade export: --out ${out} would replace the project itself; choose a new folder`);
    return USAGE;
  }
  writeGradescopeBundle(cat, ROOT, out, { parts: chosen, settings, nodeMajor: o.node, budgetSeconds: o.budget === false ? null : o.budget });
  console.log(`wrote the Gradescope autograder to ${out}\nzip it and upload the zip: (cd ${out} && zip -qr ../autograder.zip .)`);
  return 0;
}
