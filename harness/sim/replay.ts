/**
 * The command that replays a failing test: the grader with the test's name, the run's base
 * seed and the tree under test, as a student types it.
 */
import * as path from 'node:path';

/** The --target of the replay command: labs, solution, or the tree's folder. */
export function targetName(): string {
  const raw = process.env.RAFTKV_TARGET;
  if (raw === undefined || raw === '') return 'solution';
  const root = path.resolve(__dirname, '..', '..');
  const abs = path.resolve(root, raw);
  if (abs === path.join(root, 'labs')) return 'labs';
  if (abs === path.join(root, 'solution')) return 'solution';
  return raw;
}

/** The command that replays one test with this run's base seed. */
export function replayCommand(testName: string, base: number): string {
  const quote = (s: string): string => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `npm run grade -- --test ${quote(testName)} --seed ${base} --target ${quote(targetName())}`;
}

