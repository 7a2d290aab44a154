/**
 * The time axis along the top, with light grid lines down through the lanes and client rows.
 */
import type { Frame } from './frame';
import { SIZES } from './layout';
import { formatTime } from './scale';

/** Draws the axis and the grid. */
export function drawAxis(f: Frame): void {
  const { ctx, scale, layout } = f;
  const { step, times } = scale.ticks();
  ctx.save();
  ctx.fillStyle = '#f7f8fa';
  ctx.fillRect(0, 0, f.width, SIZES.axis);
  ctx.strokeStyle = '#e6e8ec';
  ctx.fillStyle = '#444';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of times) {
    const x = Math.round(scale.x(t)) + 0.5;
    ctx.moveTo(x, SIZES.axis - 6);
    ctx.lineTo(x, layout.height);
  }
  ctx.stroke();
  for (const t of times) ctx.fillText(formatTime(t, step), scale.x(t) + 3, SIZES.axis / 2);
  ctx.restore();
}
