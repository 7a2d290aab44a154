/**
 * `npm run grade -- export classroom [part...] [--out DIR] [--minutes N]` and
 * `npm run grade -- export gradescope [part...] [--out DIR]`: the platform files, generated
 * from the catalogue (parts, points) so that nothing is typed twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CATALOGUE, type Catalogue, describeParts, leafIds } from '../catalogue';
import { ROOT } from '../runner/spawn';
import { autogradingJson, classroomTests, classroomWorkflow, DEFAULT_MINUTES } from './classroom';
import { writeGradescopeBundle } from './gradescope-bundle';

const USAGE = 2;

function minutes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 360) throw new InvalidArgumentError('expected whole minutes from 1 to 360');
  return n;
}

/** The parts that are not in the catalogue. */
function unknownParts(cat: Catalogue, parts: readonly string[]): string[] {
  return parts.filter((p) => p !== 'all' && !cat.parts.some((x) => x.id === p));
}

/** Writes .github/classroom/autograding.json and .github/workflows/classroom.yml under `out`. */
export function exportClassroom(cat: Catalogue, out: string, parts: readonly string[], mins: number): string[] {
  const wanted = parts.length === 0 ? null : new Set(parts.flatMap((p) => leafIds(cat, p)));
  const tests = classroomTests(cat, mins).filter((t) => wanted === null || wanted.has(t.part));
  const json = path.join(out, '.github', 'classroom', 'autograding.json');
  const yml = path.join(out, '.github', 'workflows', 'classroom.yml');
  fs.mkdirSync(path.dirname(json), { recursive: true });
  fs.mkdirSync(path.dirname(yml), { recursive: true });
  fs.writeFileSync(json, `${JSON.stringify(autogradingJson(tests), null, 2)}\n`);
  fs.writeFileSync(yml, classroomWorkflow(tests));
  return [json, yml];
}

/** Parses `export ...` and writes the files; resolves to the exit status. */
export function runExport(argv: readonly string[], cat: Catalogue = CATALOGUE): number {
  const program = new Command('grade export')
    .description('Write the files of a grading platform, generated from the catalogue.')
    .argument('<platform>', 'classroom (GitHub Classroom) or gradescope')
    .argument('[part...]', 'parts to grade (default: all)')
    .addOption(new Option('--out <dir>', 'where to write (classroom: the repository, gradescope: the bundle folder)'))
    .addOption(new Option('--minutes <n>', 'classroom: time limit of each part').default(DEFAULT_MINUTES).argParser(minutes))
    .showHelpAfterError('(npm run grade -- export --help for usage)')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE;
    throw e;
  }
  const [platform, ...parts] = program.args;
  const o = program.opts<{ out?: string; minutes: number }>();
  const unknown = unknownParts(cat, parts);
  if (unknown.length > 0) {
    console.error(`grade export: unknown part${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nvalid parts:\n  ${describeParts(cat).join('\n  ')}`);
    return USAGE;
  }
  const chosen = parts.filter((p) => p !== 'all');
  if (platform === 'classroom') {
    for (const f of exportClassroom(cat, path.resolve(o.out ?? '.'), chosen, o.minutes)) console.log(`wrote ${f}`);
    return 0;
  }
  if (platform === 'gradescope') {
    const out = path.resolve(o.out ?? 'gradescope-autograder');
    if (path.resolve(out) === ROOT || ROOT.startsWith(`${out}${path.sep}`)) {
      console.error(`grade export: --out ${out} would replace the project itself; choose a new folder`);
      return USAGE;
    }
    writeGradescopeBundle(cat, ROOT, out, chosen);
    console.log(`wrote the Gradescope autograder to ${out}\nzip it and upload the zip: (cd ${out} && zip -qr ../autograder.zip .)`);
    return 0;
  }
  console.error(`grade export: unknown platform "${platform}" (expected classroom or gradescope)`);
  return USAGE;
}
