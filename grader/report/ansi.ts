/**
 * ANSI escape codes (colours, cursor moves) in text that is shown or parsed.
 */

// eslint-disable-next-line no-control-regex -- the escape character is what ANSI codes start with
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** A string without its ANSI escape codes (colours, cursor moves). */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}
