/**
 * Failures that explain themselves: the first line of a failed check names the case (by its
 * inputs), what was expected and what happened; the next line, when the test knows a common
 * mistake behind that failure, names that mistake after "a common cause:"; jest's diff follows.
 *
 *   case 3: a follower at term 2 receiving MsgRequestVote(from 2, term 3, index 1, logTerm 1): expected reject=false, got reject=true
 *   a common cause: ...
 */
import { Entry, Message } from '@target/proto/eraftpb';
import { RaftLog } from '@target/raft';
import { expectEqual, expectLog } from './expect';
import { formatMessage, quoteBytes, shortEntry, shortLog } from './format';

/** How many characters of a value the first line shows; the diff below it has the rest. */
const MAX_SHOWN = 400;

/**
 * A hint about the mistake behind a failure: a fixed sentence, or a function of the value
 * the check got that returns a sentence (or undefined when no known mistake explains it).
 * Write it without the "a common cause:" prefix; it is added.
 */
export type Hint<T> = string | ((actual: T) => string | undefined);

/** What expectValue prints besides the values: a hint, and how to print a value. */
export interface Explain<T> {
  /** The likely mistake, shown on the line after the headline. */
  hint?: Hint<T>;
  /** How to print a value on the headline; showValue by default. */
  show?: (v: T) => string;
}

/**
 * A value on one line, for a failure's headline: strings as they are, bytes quoted, entries
 * as `index@term`, messages as formatMessage prints them, arrays and plain objects item by
 * item. Long values are cut (the diff under the headline shows them whole).
 */
export function showValue(v: unknown): string {
  const s = show(v);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

function show(v: unknown): string {
  if (v === null || v === undefined || typeof v !== 'object') return String(v);
  if (v instanceof Uint8Array) return quoteBytes(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if ('msgType' in v && 'entries' in v && 'snapshot' in v) return formatMessage(v as Message);
  if ('entryType' in v && 'index' in v && 'term' in v && 'data' in v) return shortEntry(v as Entry);
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')}}`;
}

/** The hint line for `hint` given what the check got, with its newline; '' when there is none. */
export function hintLine<T>(hint: Hint<T> | undefined, actual: T): string {
  const text = typeof hint === 'function' ? hint(actual) : hint;
  return text === undefined || text === '' ? '' : `\na common cause: ${text}`;
}

/**
 * The headline of a failed check: `<where>: expected <name>=<expected>, got <name>=<actual>`
 * for a one-word name, `<where>: expected <name> <expected>, got <actual>` for a longer one.
 */
export function headline(where: string, name: string, expected: string, actual: string): string {
  if (name === '') return `${where}: expected ${expected}, got ${actual}`;
  if (!name.includes(' ')) return `${where}: expected ${name}=${expected}, got ${name}=${actual}`;
  return `${where}: expected ${name} ${expected}, got ${actual}`;
}

/** What `f` returns, or `fallback` if it throws: printing a failure must not hide it. */
function safely(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/**
 * Checks `actual` against `expected` with jest's toEqual, exactly as expectEqual does. On
 * failure the message starts with the headline (`where`: the case or situation; `name`: the
 * quantity checked), then the hint line if `more.hint` gives one, then jest's diff.
 */
export function expectValue<T>(actual: T, expected: T, where: string, name: string, more: Explain<T> = {}): void {
  try {
    expectEqual(actual, expected, '');
  } catch (e) {
    if (e instanceof Error) {
      const p = more.show ?? showValue;
      // expectEqual put '' and a blank line before jest's diff: the headline goes in front.
      e.message = `${safely(() => headline(where, name, p(expected), p(actual)) + hintLine(more.hint, actual), where)}${e.message}`;
      Error.captureStackTrace(e, expectValue);
    }
    throw e;
  }
}

/**
 * Checks two logs as expectLog does (entries, committed and applied, diffed line by line).
 * On failure the headline shows both logs on one line each
 * (`expected log [1@1, 2@1] committed 2 applied 0, got ...`), then the hint line.
 */
export function expectLogIs(actual: RaftLog, want: RaftLog, where: string, hint?: Hint<RaftLog>): void {
  try {
    expectLog(actual, want, '');
  } catch (e) {
    if (e instanceof Error) {
      e.message = `${safely(() => headline(where, 'log', shortLog(want), shortLog(actual)) + hintLine(hint, actual), where)}${e.message}`;
      Error.captureStackTrace(e, expectLogIs);
    }
    throw e;
  }
}
