/**
 * The per-part table printed after the tests: for each part with selected tests, how many
 * passed and the points earned, in catalogue order. A leaf part gets a row when it has
 * selected tests; an aggregate part (2a = 2alog + 2aa + ...) when the selection spans more
 * than one of its leaves.
 */
import { type Catalogue, leafIds } from '../catalogue';
import type { TestOutcome } from '../runner/results';
import type { Colors } from './console';

/** One row of the table. */
export interface PartRow {
  readonly part: string;
  readonly title: string;
  readonly passed: number;
  readonly total: number;
  readonly points: number;
  readonly maxPoints: number;
}

function rowOf(cat: Catalogue, partId: string, outcomes: readonly TestOutcome[]): PartRow {
  const leaves = new Set(leafIds(cat, partId));
  const mine = outcomes.filter((o) => leaves.has(o.entry.part));
  const part = cat.parts.find((p) => p.id === partId);
  return {
    part: partId,
    title: part?.title ?? '',
    passed: mine.filter((o) => o.passed).length,
    total: mine.length,
    points: mine.reduce((s, o) => s + (o.passed ? o.entry.points : 0), 0),
    maxPoints: mine.reduce((s, o) => s + o.entry.points, 0),
  };
}

/** The rows for these outcomes (see the file comment). */
export function partRows(cat: Catalogue, outcomes: readonly TestOutcome[]): PartRow[] {
  const present = new Set(outcomes.map((o) => o.entry.part));
  const rows: PartRow[] = [];
  for (const p of cat.parts) {
    const shown = p.kind === 'leaf' ? present.has(p.id) : leafIds(cat, p.id).filter((id) => present.has(id)).length > 1;
    if (shown) rows.push(rowOf(cat, p.id, outcomes));
  }
  return rows;
}

/** The table as console lines: a header, then one line per row. */
export function formatPartTable(rows: readonly PartRow[], c: Colors): string[] {
  if (rows.length === 0) return [];
  const width = Math.max(4, ...rows.map((r) => r.part.length));
  const line = (part: string, tests: string, points: string, title: string): string =>
    `${part.padEnd(width)}  ${tests.padStart(7)}  ${points.padStart(7)}  ${title}`.trimEnd();
  const out = [c.bold(line('part', 'tests', 'points', ''))];
  for (const r of rows) {
    const text = line(r.part, `${r.passed}/${r.total}`, `${r.points}/${r.maxPoints}`, c.dim(r.title));
    out.push(r.passed === r.total ? c.green(text) : text);
  }
  return out;
}
