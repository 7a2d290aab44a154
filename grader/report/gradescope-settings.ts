/**
 * How results.json is presented on Gradescope: who sees which test and when (`visibility`, by
 * default, per part or per test), whether students see the autograder's standard output
 * (`stdout_visibility`), a leaderboard, and the output format (Markdown or plain text). An
 * export writes these into the bundle (`gradescope-settings.json`); the bundle's
 * run_autograder hands them to the grader through RAFTKV_GRADESCOPE_SETTINGS (a JSON file),
 * along with the note on what was found in the submission. Without that variable (a local
 * `--json`), the defaults apply: every test visible, Markdown.
 */
import * as fs from 'node:fs';
import type { TextStyle } from './markdown';

/** Gradescope's visibility values (its autograder specification): when students see a thing. */
export const VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'] as const;

/** When students see a test (or the standard output). */
export type Visibility = (typeof VISIBILITIES)[number];

/** The settings of one bundle, and of one run. */
export interface GradescopeSettings {
  /** Every test's visibility unless a part or a test says otherwise (absent: Gradescope's default, visible). */
  readonly visibility?: Visibility;
  /** Visibility by leaf part id. */
  readonly byPart: Readonly<Record<string, Visibility>>;
  /** Visibility by test name (wins over its part's). */
  readonly byTest: Readonly<Record<string, Visibility>>;
  /** When students see the autograder's standard output (absent: Gradescope's default, hidden). */
  readonly stdoutVisibility?: Visibility;
  /** Write leaderboard entries (points, tests passed, time). */
  readonly leaderboard: boolean;
  /** How outputs are written. */
  readonly format: TextStyle;
  /** Shown at the top of the results' output (what was found in the submission), already in `format`. */
  readonly preamble?: string;
}

/** The settings of a local run: every test visible, Markdown. */
export const DEFAULT_SETTINGS: GradescopeSettings = { byPart: {}, byTest: {}, leaderboard: false, format: 'md' };

/** The environment variable naming a run's settings file. */
export const SETTINGS_ENV = 'RAFTKV_GRADESCOPE_SETTINGS';

/** True for one of Gradescope's visibility values. */
export function isVisibility(v: unknown): v is Visibility {
  return typeof v === 'string' && (VISIBILITIES as readonly string[]).includes(v);
}

/** A record of visibilities, or an error naming the bad entry. */
function visibilityMap(v: unknown, what: string): Record<string, Visibility> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
  const out: Record<string, Visibility> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!isVisibility(x)) throw new Error(`${what}.${k}: "${String(x)}" is not one of ${VISIBILITIES.join(', ')}`);
    out[k] = x;
  }
  return out;
}

/** Reads settings from parsed JSON, checking every field; throws with what is wrong. */
export function parseSettings(json: unknown): GradescopeSettings {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('the settings must be a JSON object');
  const o = json as Record<string, unknown>;
  const optionalVisibility = (k: string): Visibility | undefined => {
    if (o[k] === undefined) return undefined;
    if (!isVisibility(o[k])) throw new Error(`${k}: "${String(o[k])}" is not one of ${VISIBILITIES.join(', ')}`);
    return o[k];
  };
  const format = o.format ?? DEFAULT_SETTINGS.format;
  if (format !== 'md' && format !== 'text') throw new Error(`format: "${String(format)}" is not md or text`);
  if (o.leaderboard !== undefined && typeof o.leaderboard !== 'boolean') throw new Error('leaderboard must be true or false');
  if (o.preamble !== undefined && typeof o.preamble !== 'string') throw new Error('preamble must be a string');
  const visibility = optionalVisibility('visibility');
  const stdoutVisibility = optionalVisibility('stdoutVisibility');
  return {
    ...(visibility === undefined ? {} : { visibility }),
    byPart: visibilityMap(o.byPart, 'byPart'),
    byTest: visibilityMap(o.byTest, 'byTest'),
    ...(stdoutVisibility === undefined ? {} : { stdoutVisibility }),
    leaderboard: o.leaderboard === true,
    format,
    ...(o.preamble === undefined ? {} : { preamble: o.preamble as string }),
  };
}

/** Reads a settings file (see parseSettings). */
export function readSettings(file: string): GradescopeSettings {
  return parseSettings(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
}

let cached: { readonly file: string; readonly settings: GradescopeSettings } | null = null;

/**
 * The settings of this run: the file RAFTKV_GRADESCOPE_SETTINGS names (read once), or the
 * defaults. A file that cannot be read fails loudly: hiding tests must not silently stop working.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): GradescopeSettings {
  const file = env[SETTINGS_ENV];
  if (file === undefined || file === '') return DEFAULT_SETTINGS;
  if (cached?.file !== file) cached = { file, settings: readSettings(file) };
  return cached.settings;
}

/** The visibility of one test, if any is set for it or its part. */
export function visibilityOf(s: GradescopeSettings, name: string, part: string): Visibility | undefined {
  return s.byTest[name] ?? s.byPart[part];
}
