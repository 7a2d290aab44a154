/**
 * A checker of results.json against Gradescope's documented schema (the autograder
 * specification's "Output format"): the fields it names, their types, and the allowed values of
 * the visibility, status, order and format fields. Strict: a field the specification does not
 * name is an error too (a typo such as `stdout_visiblity` would otherwise be silently ignored
 * by Gradescope). Returns the problems, empty when the file is valid.
 */

/** Gradescope's visibility values. */
const VISIBILITY = ['hidden', 'after_due_date', 'after_published', 'visible'];
/** Gradescope's output string formats. */
const FORMATS = ['text', 'html', 'simple_format', 'md', 'ansi'];

type Check = (v: unknown) => boolean;

const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isString: Check = (v) => typeof v === 'string';
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const stringArray: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The fields of a test case. */
const TEST_FIELDS: Readonly<Record<string, Check>> = {
  score: isNumber, max_score: isNumber, status: oneOf(['passed', 'failed']), name: isString, name_format: oneOf(FORMATS),
  number: isString, output: isString, output_format: oneOf(FORMATS), tags: stringArray, visibility: oneOf(VISIBILITY), extra_data: isObject,
};

/** The top-level fields. */
const TOP_FIELDS: Readonly<Record<string, Check>> = {
  score: isNumber, execution_time: isNumber, output: isString, output_format: oneOf(FORMATS), test_output_format: oneOf(FORMATS),
  test_name_format: oneOf(FORMATS), visibility: oneOf(VISIBILITY), stdout_visibility: oneOf(VISIBILITY), extra_data: isObject,
  tests: Array.isArray, leaderboard: Array.isArray,
};

/** The fields of a leaderboard entry. */
const LEADERBOARD_FIELDS: Readonly<Record<string, Check>> = {
  name: isString, value: (v) => isNumber(v) || isString(v), order: oneOf(['asc', 'desc']),
};

/** Checks one object's fields; `where` names it in the problems. */
function fields(o: Record<string, unknown>, allowed: Readonly<Record<string, Check>>, where: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    const check = allowed[k];
    if (check === undefined) out.push(`${where}: unknown field "${k}"`);
    else if (!check(v)) out.push(`${where}.${k}: invalid value ${JSON.stringify(v)}`);
  }
  return out;
}

/** The problems of a results.json (parsed); empty when it is valid. */
export function gradescopeProblems(json: unknown): string[] {
  if (!isObject(json)) return ['results.json is not a JSON object'];
  const top = json as Record<string, unknown>;
  const out = fields(top, TOP_FIELDS, 'results');
  const tests = Array.isArray(top.tests) ? (top.tests as unknown[]) : [];
  tests.forEach((t, i) => {
    if (!isObject(t)) out.push(`tests[${i}] is not an object`);
    else out.push(...fields(t as Record<string, unknown>, TEST_FIELDS, `tests[${i}]`));
  });
  if (top.score === undefined && (tests.length === 0 || tests.some((t) => !isObject(t) || (t as Record<string, unknown>).score === undefined))) {
    out.push('results: no top-level score, and not every test has one');
  }
  const board = Array.isArray(top.leaderboard) ? (top.leaderboard as unknown[]) : [];
  board.forEach((e, i) => {
    if (!isObject(e)) out.push(`leaderboard[${i}] is not an object`);
    else {
      const entry = e as Record<string, unknown>;
      out.push(...fields(entry, LEADERBOARD_FIELDS, `leaderboard[${i}]`));
      if (entry.name === undefined || entry.value === undefined) out.push(`leaderboard[${i}]: needs a name and a value`);
    }
  });
  return out;
}
