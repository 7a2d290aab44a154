/**
 * Writing Markdown that renders as written: Gradescope renders results.json's outputs as
 * Markdown (`output_format: "md"`), where `Promise<void>` would lose `<void>` as an HTML tag
 * and `a_b_c` would turn italic. Prose is escaped; code and compiler output go in code spans
 * and fenced blocks whose fences are longer than any run of backticks inside.
 */

/** How text is written into results.json: Markdown, or plain text shown as is. */
export type TextStyle = 'md' | 'text';

/** Prose with Markdown's special characters escaped (plain text is returned as is). */
export function prose(text: string, style: TextStyle): string {
  if (style === 'text') return text;
  return text.replace(/[\\`*_{}[\]<>()#+!|~&]/g, (c) => `\\${c}`);
}

/** The longest run of backticks in `text`. */
function longestBackticks(text: string): number {
  let best = 0;
  for (const m of text.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

/** A name or a command inline: a code span in Markdown, the text itself otherwise. */
export function code(text: string, style: TextStyle): string {
  if (style === 'text') return text;
  const fence = '`'.repeat(longestBackticks(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A block of code or output: fenced in Markdown, indented by four spaces otherwise. */
export function block(text: string, style: TextStyle): string {
  const body = text.replace(/\n+$/, '');
  if (style === 'text') return body.split('\n').map((l) => (l === '' ? '' : `    ${l}`)).join('\n');
  const fence = '`'.repeat(Math.max(3, longestBackticks(body) + 1));
  return `${fence}text\n${body}\n${fence}`;
}
