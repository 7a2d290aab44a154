/**
 * Explaining a wrong scan of GenericTest's appended values ("x <cli> <j> y" ...) as a diff: which
 * values are missing, extra or different, and where, instead of two long lines that differ
 * somewhere in the middle.
 */

/** The most values a diff lists on each side of one difference. */
export const MAX_VALUES_SHOWN = 6;

/** The values of a joined scan, in order: each "x <cli> <j> y", and any other text as its own token. */
export function splitValues(v: string): string[] {
  const out: string[] = [];
  const re = /x -?\d+ -?\d+ y/g;
  let at = 0;
  for (const m of v.matchAll(re)) {
    const before = v.slice(at, m.index).trim();
    if (before !== '') out.push(before);
    out.push(m[0]);
    at = m.index + m[0].length;
  }
  const rest = v.slice(at).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** Up to MAX_VALUES_SHOWN values in backquotes, with how many more there are. */
function listValues(vs: readonly string[]): string {
  const shown = vs.slice(0, MAX_VALUES_SHOWN).map((x) => `\`${x}\``).join(', ');
  return vs.length > MAX_VALUES_SHOWN ? `${shown} and ${vs.length - MAX_VALUES_SHOWN} more` : shown;
}

/** Where a run of values sits: "at the end", "at the start" or "after `x 0 4 y`". */
function where(want: readonly string[], start: number, end: number): string {
  if (end === want.length && start > 0) return 'at the end';
  if (start === 0) return 'at the start';
  return `after \`${want[start - 1]}\``;
}

/**
 * What differs between the values a client expected (`want`, joined as the scan joins them) and
 * what a scan returned (`got`), in a few lines: the counts, then the one differing stretch
 * (missing, extra or different values), then any value the scan returned twice. Returns '' when
 * they are equal.
 */
export function describeValueDiff(want: string, got: string): string {
  if (want === got) return '';
  const w = splitValues(want);
  const g = splitValues(got);
  let p = 0;
  while (p < w.length && p < g.length && w[p] === g[p]) p++;
  let s = 0;
  while (s < w.length - p && s < g.length - p && w[w.length - 1 - s] === g[g.length - 1 - s]) s++;
  const wm = w.slice(p, w.length - s);
  const gm = g.slice(p, g.length - s);
  const lines = [`expected ${w.length} values, the scan returned ${g.length}; the first ${p} agree`];
  if (gm.length === 0) lines.push(`missing ${where(w, p, w.length - s)}: ${listValues(wm)}`);
  else if (wm.length === 0) lines.push(`extra ${where(w, p, p === w.length ? w.length : p)}: ${listValues(gm)}`);
  else lines.push(`different ${where(w, p, w.length - s)}: expected ${listValues(wm)}; got ${listValues(gm)}`);
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const x of g) {
    if (seen.has(x)) twice.add(x);
    seen.add(x);
  }
  if (twice.size > 0) lines.push(`returned more than once: ${listValues([...twice])} (an entry applied twice?)`);
  const lost = w.filter((x) => !seen.has(x));
  if (lost.length > 0 && lost.length !== wm.length) lines.push(`missing anywhere in the scan: ${listValues(lost)}`);
  return lines.join('\n');
}
