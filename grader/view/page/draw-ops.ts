/**
 * Client operations as bars, one row per client, from call to return. The checker's verdict
 * colours them, as Porcupine's visualisation does: the longest linearizable prefix in green,
 * numbered in linearization order, with a line through one choice of linearization points; the
 * operation that cannot be placed after it in red; the rest of that partition in orange. An
 * operation that never returned is hatched up to the client's next call.
 */
import { OpMark } from '../view-data';
import { OP_COLORS, opTextColor } from './colors';
import type { Frame } from './frame';
import { clientName, SIZES } from './layout';
import type { OpIndex } from './op-index';

/** A bar's rectangle in CSS pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Where operation `i`'s bar is (at least 3 px wide), or null if it is out of view. */
export function opRect(f: Pick<Frame, 'scale' | 'layout' | 'data'>, index: OpIndex, i: number): Rect | null {
  const ops = f.data.ops;
  const end = index.barEnd[i];
  if (end < f.scale.t0 || ops.call[i] > f.scale.t1) return null;
  const x0 = Math.max(f.scale.left, f.scale.x(ops.call[i]));
  const x1 = Math.min(f.scale.right, Math.max(f.scale.x(end), f.scale.x(ops.call[i]) + 3));
  return { x: x0, y: f.layout.clientTop(ops.client[i]) + 3, w: Math.max(3, x1 - x0 - 1), h: SIZES.client - 6 };
}

/** Points in time, one per prefix operation, non-decreasing and inside each operation's interval. */
function linearizationPoints(f: Frame, index: OpIndex, prefix: readonly number[]): number[] {
  const ops = f.data.ops;
  let at = -Infinity;
  return prefix.map((i) => {
    at = Math.min(Math.max(at, ops.call[i]), index.barEnd[i]);
    return at;
  });
}

/** Draws the client rows and their operations. */
export function drawOps(f: Frame, index: OpIndex): void {
  const { ctx, scale, layout, data } = f;
  const ops = data.ops;
  ctx.save();
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const c of layout.clients) {
    const y = layout.clientTop(c);
    ctx.fillStyle = '#1d2330';
    ctx.fillText(clientName(c), 8, y + SIZES.client / 2);
    ctx.strokeStyle = '#eef0f3';
    ctx.beginPath();
    ctx.moveTo(scale.left, y + SIZES.client - 0.5);
    ctx.lineTo(scale.right, y + SIZES.client - 0.5);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.rect(scale.left, layout.lanesBottom, scale.right - scale.left, layout.height - layout.lanesBottom);
  ctx.clip();
  ctx.font = '10px system-ui, sans-serif';
  const prefix: number[] = [];
  for (let i = 0; i < ops.call.length; i++) {
    if (ops.mark[i] === OpMark.Prefix) prefix[ops.order[i] - 1] = i;
    const r = opRect(f, index, i);
    if (r === null) continue;
    const unknown = ops.ret[i] < 0;
    ctx.globalAlpha = unknown ? 0.45 : 1;
    ctx.fillStyle = OP_COLORS[ops.mark[i]] ?? OP_COLORS[OpMark.Plain];
    ctx.fillRect(r.x, r.y, r.w, r.h);
    ctx.globalAlpha = 1;
    if (ops.mark[i] === OpMark.Stuck) {
      ctx.strokeStyle = '#6a040f';
      ctx.lineWidth = 2;
      ctx.strokeRect(r.x - 1, r.y - 1, r.w + 2, r.h + 2);
    }
    if (r.w > 40) {
      const label = `${ops.order[i] > 0 ? `${ops.order[i]}. ` : ''}${ops.text[i]}`;
      ctx.fillStyle = opTextColor(ops.mark[i]);
      ctx.fillText(label.slice(0, Math.floor(r.w / 5.5)), r.x + 3, r.y + r.h / 2);
    }
    f.stats.ops++;
  }
  drawLinearization(f, index, prefix.filter((i) => i !== undefined));
  ctx.restore();
}

/** The line through the prefix's linearization points, and on to the stuck operation. */
function drawLinearization(f: Frame, index: OpIndex, prefix: number[]): void {
  const { ctx, scale, layout, data } = f;
  const ops = data.ops;
  const stuck = data.verdict?.stuck ?? -1;
  if (prefix.length === 0 && stuck < 0) return;
  const points = linearizationPoints(f, index, prefix);
  const mid = (i: number): number => layout.clientTop(ops.client[i]) + SIZES.client / 2;
  ctx.strokeStyle = '#14532d';
  ctx.fillStyle = '#14532d';
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  prefix.forEach((i, k) => {
    const x = scale.x(points[k]);
    if (k === 0) ctx.moveTo(x, mid(i));
    else ctx.lineTo(x, mid(i));
  });
  ctx.stroke();
  for (let k = 0; k < prefix.length; k++) {
    ctx.beginPath();
    ctx.arc(scale.x(points[k]), mid(prefix[k]), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  if (stuck >= 0 && prefix.length > 0) {
    const last = prefix[prefix.length - 1];
    ctx.strokeStyle = '#c1121f';
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(scale.x(points[points.length - 1]), mid(last));
    ctx.lineTo(scale.x(Math.max(points[points.length - 1], ops.call[stuck])), mid(stuck));
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
