/**
 * What every drawing function gets: the canvas context, the data, where things go, what the
 * filters let through, and counters of what was drawn (the test hook reads them).
 */
import type { ViewData } from '../view-data';
import type { Layout } from './layout';
import type { TimeScale } from './scale';

/** The filters of the toolbar. */
export interface Filters {
  /** Arrows shown for each message type (by index in ViewData.msgTypes). */
  readonly types: boolean[];
  /** Stores whose messages are shown (an arrow needs its sender or its receiver here). */
  readonly stores: Set<number>;
}

/** Counts of the last drawing. */
export interface DrawStats {
  arrows: number;
  /** Messages in view not drawn because there were too many (0 when they were drawn). */
  hiddenArrows: number;
  drops: number;
  bands: number;
  ops: number;
  lanes: number;
}

/** One drawing pass; see the file comment. */
export interface Frame {
  readonly ctx: CanvasRenderingContext2D;
  readonly data: ViewData;
  readonly scale: TimeScale;
  readonly layout: Layout;
  readonly filters: Filters;
  readonly stats: DrawStats;
  /** The canvas width in CSS pixels. */
  readonly width: number;
}

/** Zeroed counters. */
export function emptyStats(): DrawStats {
  return { arrows: 0, hiddenArrows: 0, drops: 0, bands: 0, ops: 0, lanes: 0 };
}
