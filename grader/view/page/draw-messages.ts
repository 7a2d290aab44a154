/**
 * Messages as arrows from the sender's lane at the time it left to the receiver's lane at the
 * time it arrived, one colour per message type. A message dropped by a filter is a short red
 * stub with a cross on its sender's lane; one lost because its receiver was down ends in a red
 * cross; one still in flight when the trace ends goes to where it would have arrived. Only
 * messages in view are drawn, and the toolbar's filters (types, stores) apply; when there are
 * far more than pixels (a whole KV run), none are, and a note says to zoom in.
 */
import { Fate, MessageTable } from '../view-data';
import { FAULT_COLORS, typeColor } from './colors';
import type { Frame } from './frame';
import { lowerBound } from './lookup';

/** Above this many arrows in view, heads are left out (they would be a smear). */
const HEADS_UP_TO = 1500;
/** Above this many messages per pixel of width, no arrows are drawn at all: the lanes would disappear under them. */
const MAX_PER_PX = 2;

const longest = new WeakMap<MessageTable, number>();

/** The longest time a message took (to find the first one that may reach into the view). */
function longestFlight(m: MessageTable): number {
  let d = longest.get(m);
  if (d === undefined) {
    d = 0;
    for (let i = 0; i < m.sent.length; i++) if (m.end[i] > m.sent[i]) d = Math.max(d, m.end[i] - m.sent[i]);
    longest.set(m, d);
  }
  return d;
}

/** The indexes of the messages in view that pass the filters. */
function visibleMessages(f: Frame): number[] {
  const m = f.data.messages;
  const { t0, t1 } = f.scale;
  const out: number[] = [];
  for (let i = lowerBound(m.sent, t0 - longestFlight(m)); i < m.sent.length && m.sent[i] <= t1; i++) {
    const end = m.end[i] < 0 ? m.sent[i] : m.end[i];
    if (end < t0 || !f.filters.types[m.type[i]]) continue;
    if (!f.filters.stores.has(m.from[i]) && !f.filters.stores.has(m.to[i])) continue;
    if (!f.layout.hasLane(m.from[i]) || !f.layout.hasLane(m.to[i])) continue;
    out.push(i);
  }
  return out;
}

function cross(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.moveTo(x - 3, y - 3);
  ctx.lineTo(x + 3, y + 3);
  ctx.moveTo(x + 3, y - 3);
  ctx.lineTo(x - 3, y + 3);
}

/** Draws the messages in view. */
export function drawMessages(f: Frame): void {
  const { ctx, scale, layout } = f;
  const m = f.data.messages;
  const shown = visibleMessages(f);
  if (shown.length > MAX_PER_PX * (scale.right - scale.left)) {
    f.stats.hiddenArrows = shown.length;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#6b7280';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    ctx.fillText(`${shown.length} messages in view: zoom in to see them as arrows`, scale.right - 4, layout.lanesBottom + 8);
    ctx.restore();
    return;
  }
  const heads = shown.length <= HEADS_UP_TO;
  const byType = new Map<number, number[]>();
  for (const i of shown) {
    const list = byType.get(m.type[i]);
    if (list === undefined) byType.set(m.type[i], [i]);
    else list.push(i);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(scale.left, 0, scale.right - scale.left, layout.lanesBottom);
  ctx.clip();
  ctx.lineWidth = 1;
  const dropped: number[] = [];
  for (const [type, list] of byType) {
    ctx.strokeStyle = typeColor(type);
    ctx.fillStyle = typeColor(type);
    ctx.globalAlpha = 0.8;
    ctx.beginPath();
    for (const i of list) {
      if (m.fate[i] === Fate.Filtered) {
        dropped.push(i);
        continue;
      }
      if (m.fate[i] === Fate.Lost) dropped.push(i);
      const x0 = scale.x(m.sent[i]);
      const y0 = layout.laneMid(m.from[i]);
      const x1 = scale.x(m.end[i] < 0 ? scale.t1 : m.end[i]);
      const y1 = layout.laneMid(m.to[i]);
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      f.stats.arrows++;
    }
    ctx.stroke();
    if (heads) {
      ctx.beginPath();
      for (const i of list) {
        if (m.fate[i] !== Fate.Delivered) continue;
        const x0 = scale.x(m.sent[i]);
        const y0 = layout.laneMid(m.from[i]);
        const x1 = scale.x(m.end[i]);
        const y1 = layout.laneMid(m.to[i]);
        const a = Math.atan2(y1 - y0, x1 - x0);
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - 6 * Math.cos(a - 0.4), y1 - 6 * Math.sin(a - 0.4));
        ctx.lineTo(x1 - 6 * Math.cos(a + 0.4), y1 - 6 * Math.sin(a + 0.4));
        ctx.closePath();
      }
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = FAULT_COLORS.drop;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const i of dropped) {
    const x0 = scale.x(m.sent[i]);
    const y0 = layout.laneMid(m.from[i]);
    if (m.fate[i] === Fate.Filtered) {
      // It never left: a stub pointing at its receiver, crossed out.
      const dir = Math.sign(layout.laneMid(m.to[i]) - y0) || 1;
      ctx.moveTo(x0, y0);
      ctx.lineTo(x0 + 4, y0 + dir * 10);
      cross(ctx, x0 + 4, y0 + dir * 10);
    } else {
      cross(ctx, scale.x(m.end[i]), layout.laneMid(m.to[i]));
    }
    f.stats.drops++;
  }
  ctx.stroke();
  ctx.restore();
}
