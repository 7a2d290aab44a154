/**
 * `window.__viewer`: what the browser tests (grader/test/view-browser.test.ts) read and do
 * through the page, without depending on its pixels alone. People can use it from the
 * browser's console too.
 */
import type { DrawStats } from './frame';
import { opRect, Rect } from './draw-ops';
import type { Viewer } from './viewer';

/** The hook's interface. */
export interface ViewerHook {
  /** True once the first drawing is done. */
  readonly drawn: boolean;
  /** performance.now() when the first drawing was done (ms since the page started loading). */
  readonly drawnAt: number;
  /** How long the last drawing took (ms). */
  drawMs(): number;
  /** What the last drawing drew. */
  stats(): DrawStats;
  /** The lanes, in order. */
  lanes(): number[];
  /** The shown span. */
  view(): [number, number];
  /** Shows t0..t1. */
  show(t0: number, t1: number): void;
  /** The canvas x (CSS px from its left edge) of time t. */
  timeToX(t: number): number;
  /** The y of the middle of store s's role band. */
  laneY(store: number): number;
  /** Where operation i's bar is drawn, or null when out of view. */
  opRect(i: number): Rect | null;
  /** The cursor's time. */
  cursor(): number;
  /** The operation the verdict marks as stuck (-1: none). */
  stuck(): number;
  /** Runs a search; resolves to the number of matches. */
  search(query: string): number;
}

declare global {
  interface Window {
    __viewer?: ViewerHook;
  }
}

/** Installs the hook for viewer `v`. */
export function installHook(v: Viewer, drawnAt: number): void {
  window.__viewer = {
    drawn: true,
    drawnAt,
    drawMs: () => v.drawMs,
    stats: () => ({ ...v.stats }),
    lanes: () => [...v.layout.stores],
    view: () => [v.scale.t0, v.scale.t1],
    show: (t0, t1) => v.show(t0, t1),
    timeToX: (t) => v.scale.x(t),
    laneY: (s) => v.layout.laneMid(s),
    opRect: (i) => opRect(v, v.opIndex, i),
    cursor: () => v.cursor,
    stuck: () => v.data.verdict?.stuck ?? -1,
    search: (q) => {
      v.search(q);
      return v.matches.length;
    },
  };
}
