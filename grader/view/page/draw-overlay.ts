/**
 * The overlay canvas, redrawn without the rest: the time cursor (a line and its time), ticks
 * on the axis where search matches are, and the outline of the operation under the mouse.
 */
import type { Rect } from './draw-ops';
import type { Layout } from './layout';
import { SIZES } from './layout';
import { lowerBound } from './lookup';
import type { TimeScale } from './scale';

/** What the overlay shows. */
export interface OverlayState {
  readonly cursor: number;
  /** Times of the search matches, sorted. */
  readonly matches: readonly number[];
  readonly hover: Rect | null;
}

/** Draws the overlay from scratch. */
export function drawOverlay(ctx: CanvasRenderingContext2D, width: number, scale: TimeScale, layout: Layout, s: OverlayState): void {
  ctx.clearRect(0, 0, width, layout.height);
  ctx.save();
  ctx.fillStyle = '#f59e0b';
  for (let i = lowerBound(s.matches, scale.t0); i < s.matches.length && s.matches[i] <= scale.t1; i++) {
    ctx.fillRect(Math.round(scale.x(s.matches[i])) - 1, SIZES.axis - 7, 2, 7);
  }
  if (s.hover !== null) {
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(s.hover.x - 1.5, s.hover.y - 1.5, s.hover.w + 3, s.hover.h + 3);
  }
  if (s.cursor >= scale.t0 && s.cursor <= scale.t1) {
    const x = Math.round(scale.x(s.cursor)) + 0.5;
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, layout.height);
    ctx.stroke();
    const label = `${s.cursor.toFixed(3)} ms`;
    ctx.font = 'bold 11px system-ui, sans-serif';
    const w = ctx.measureText(label).width + 8;
    const lx = Math.min(x + 2, width - w);
    ctx.fillStyle = '#111827';
    ctx.fillRect(lx, 2, w, 16);
    ctx.fillStyle = '#ffffff';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, lx + 4, 10);
  }
  ctx.restore();
}
