/**
 * Faults over the lanes: network filters as shaded spans (each side of a partition in its own
 * tint, a one-way cut on its sender's lane, random drops as a dotted line over all lanes, with
 * a label), and crashes, stops, restarts and armed crashes as marks on the store's lane.
 */
import { FAULT_COLORS } from './colors';
import type { Frame } from './frame';
import { SIZES } from './layout';

/** Draws the filter spans in view. */
export function drawFilters(f: Frame): void {
  const { ctx, scale, layout, data } = f;
  ctx.save();
  ctx.beginPath();
  ctx.rect(scale.left, 0, scale.right - scale.left, layout.lanesBottom);
  ctx.clip();
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  let labelRow = 0;
  for (const span of data.filters) {
    if (span.to < scale.t0 || span.from > scale.t1) continue;
    const x0 = Math.max(scale.left, scale.x(span.from));
    const x1 = Math.min(scale.right, scale.x(span.to));
    if (span.kind === 'partition' || span.kind === 'cut') {
      const sides = span.kind === 'cut' ? [span.sides[0] ?? []] : span.sides;
      sides.forEach((side, i) => {
        ctx.fillStyle = FAULT_COLORS.side[i % 2];
        for (const s of side) if (layout.hasLane(s)) ctx.fillRect(x0, layout.laneTop(s), x1 - x0, SIZES.lane);
      });
    } else {
      ctx.strokeStyle = FAULT_COLORS.drop;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x0, SIZES.axis + 1.5);
      ctx.lineTo(x1, SIZES.axis + 1.5);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = 'rgba(120, 30, 40, 0.5)';
    ctx.beginPath();
    ctx.moveTo(Math.round(x0) + 0.5, SIZES.axis);
    ctx.lineTo(Math.round(x0) + 0.5, layout.lanesBottom);
    ctx.stroke();
    if (x1 - x0 > 60) {
      ctx.fillStyle = '#7a1f2b';
      ctx.fillText(span.label, x0 + 3, SIZES.axis + 3 + (labelRow % 2) * 11);
      labelRow++;
    }
  }
  ctx.restore();
}

/** Draws the marks of faults in view. */
export function drawMarks(f: Frame): void {
  const { ctx, scale, layout, data } = f;
  ctx.save();
  ctx.lineWidth = 2;
  for (const m of data.marks) {
    if (m.t < scale.t0 || m.t > scale.t1 || !layout.hasLane(m.store)) continue;
    const x = scale.x(m.t);
    const top = layout.laneTop(m.store);
    if (m.kind === 'stop' || m.kind === 'crash') {
      ctx.strokeStyle = FAULT_COLORS.crash;
      ctx.beginPath();
      ctx.moveTo(x - 5, top - 1);
      ctx.lineTo(x + 5, top + 9);
      ctx.moveTo(x + 5, top - 1);
      ctx.lineTo(x - 5, top + 9);
      ctx.stroke();
    } else if (m.kind === 'start') {
      ctx.fillStyle = FAULT_COLORS.start;
      ctx.beginPath();
      ctx.moveTo(x, top - 2);
      ctx.lineTo(x + 6, top + 9);
      ctx.lineTo(x - 6, top + 9);
      ctx.closePath();
      ctx.fill();
    } else {
      ctx.fillStyle = FAULT_COLORS.arm;
      ctx.beginPath();
      ctx.moveTo(x, top - 2);
      ctx.lineTo(x + 5, top + 4);
      ctx.lineTo(x, top + 10);
      ctx.lineTo(x - 5, top + 4);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.restore();
}
