/**
 * A lane per store: the role band on top (follower, candidate, leader; the term written on
 * it, a mark where the store became leader), and below it the store's last log index, commit
 * and applied index as step lines, scaled to what is in view. Spans when the store was down
 * are shaded dark.
 */
import { Role, StoreLane } from '../view-data';
import { FAULT_COLORS, INDEX_COLORS, ROLE_COLORS } from './colors';
import type { Frame } from './frame';
import { SIZES } from './layout';
import { rowAt } from './lookup';

/** What the label says when the lane's states are not the bench's samples (StateSource). */
const SOURCE_NOTES: Record<string, string> = {
  election: 'from elections',
  messages: 'terms only',
  none: 'no state',
};

/** The rows of a lane's states that matter for the view: from the one in force at t0 to the last before t1. */
function visibleRows(lane: StoreLane, t0: number, t1: number): [number, number] {
  const s = lane.states.t;
  return [Math.max(0, rowAt(s, t0)), rowAt(s, t1)];
}

/** Draws the role band of one lane. */
function drawBand(f: Frame, lane: StoreLane, top: number): void {
  const { ctx, scale } = f;
  const st = lane.states;
  const [i0, i1] = visibleRows(lane, scale.t0, scale.t1);
  ctx.fillStyle = ROLE_COLORS[Role.Unknown];
  ctx.fillRect(scale.left, top, scale.right - scale.left, SIZES.band);
  if (i1 < 0) return;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  let runStart = i0;
  const flush = (from: number, toT: number): void => {
    const x0 = Math.max(scale.left, scale.x(st.t[from]));
    const x1 = Math.min(scale.right, scale.x(toT));
    if (x1 <= x0) return;
    ctx.fillStyle = ROLE_COLORS[st.role[from]] ?? ROLE_COLORS[Role.Unknown];
    ctx.fillRect(x0, top, x1 - x0, SIZES.band);
    f.stats.bands++;
    if (x1 - x0 > 26 && st.term[from] >= 0) {
      ctx.fillStyle = '#2b2f36';
      ctx.fillText(`t${st.term[from]}`, x0 + 3, top + SIZES.band / 2);
    }
    if (st.role[from] === Role.Leader && (from === 0 || st.role[from - 1] !== Role.Leader) && scale.x(st.t[from]) >= scale.left) {
      ctx.fillStyle = '#145a32';
      ctx.fillRect(Math.round(x0) - 1, top - 3, 2, SIZES.band + 6);
    }
  };
  for (let i = i0 + 1; i <= i1; i++) {
    if (st.role[i] !== st.role[runStart] || st.term[i] !== st.term[runStart]) {
      flush(runStart, st.t[i]);
      runStart = i;
    }
  }
  flush(runStart, i1 + 1 < st.t.length ? st.t[i1 + 1] : scale.t1);
}

/** The lowest and highest index of any lane in view (for the index lines' scale). */
function indexRange(f: Frame): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const lane of f.data.lanes) {
    const st = lane.states;
    const [i0, i1] = visibleRows(lane, f.scale.t0, f.scale.t1);
    for (let i = i0; i <= i1; i++) {
      for (const v of [st.last[i], st.commit[i], st.applied[i]]) {
        if (v < 0) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, Math.max(hi, lo + 1)] : [0, 1];
}

/** Draws one index (last, commit or applied) of a lane as a step line, at most one step per pixel. */
function drawIndexLine(f: Frame, lane: StoreLane, values: ArrayLike<number>, range: [number, number], top: number, height: number): void {
  const { ctx, scale } = f;
  const st = lane.states;
  const [i0, i1] = visibleRows(lane, scale.t0, scale.t1);
  const y = (v: number): number => top + height - ((v - range[0]) / (range[1] - range[0])) * height;
  ctx.beginPath();
  let started = false;
  let lastX = -Infinity;
  let lastY = 0;
  for (let i = i0; i <= i1; i++) {
    const v = values[i];
    if (v < 0) continue;
    const x = Math.max(scale.left, scale.x(st.t[i]));
    const yy = y(v);
    if (!started) {
      ctx.moveTo(x, yy);
      started = true;
    } else if (x - lastX >= 0.5) {
      ctx.lineTo(x, lastY);
      ctx.lineTo(x, yy);
    } else {
      ctx.lineTo(lastX, yy);
    }
    lastX = Math.max(lastX, x);
    lastY = yy;
  }
  if (started) ctx.lineTo(scale.right, lastY);
  ctx.stroke();
}

/** The complement of a store's running spans within the view: when it was down. */
function downSpans(lane: StoreLane, t0: number, t1: number): [number, number][] {
  const out: [number, number][] = [];
  let at = t0;
  for (const [from, to] of lane.up) {
    if (to < at) continue;
    if (from > at) out.push([at, Math.min(from, t1)]);
    at = Math.max(at, to);
    if (at >= t1) break;
  }
  if (at < t1) out.push([at, t1]);
  return out.filter(([a, b]) => b > a);
}

/** Draws every lane: label, band, index lines, down spans. */
export function drawLanes(f: Frame): void {
  const { ctx, scale, layout } = f;
  const range = indexRange(f);
  for (const lane of f.data.lanes) {
    const top = layout.laneTop(lane.store);
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, top, f.width, SIZES.lane);
    ctx.fillStyle = '#1d2330';
    ctx.font = 'bold 13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillText(`s${lane.store}`, 8, top + SIZES.band / 2);
    const note = SOURCE_NOTES[lane.source];
    ctx.font = '9px system-ui, sans-serif';
    ctx.fillStyle = '#6b7280';
    if (note !== undefined) ctx.fillText(note, 8, top + SIZES.band + 10);
    ctx.beginPath();
    ctx.rect(scale.left, top - 4, scale.right - scale.left, SIZES.lane + 4);
    ctx.clip();
    drawBand(f, lane, top);
    const lineTop = top + SIZES.band + 5;
    const lineHeight = SIZES.lane - SIZES.band - 9;
    ctx.lineWidth = 1.4;
    for (const key of ['last', 'commit', 'applied'] as const) {
      ctx.strokeStyle = INDEX_COLORS[key];
      drawIndexLine(f, lane, lane.states[key], range, lineTop, lineHeight);
    }
    ctx.fillStyle = FAULT_COLORS.down;
    for (const [a, b] of downSpans(lane, Math.max(scale.t0, f.data.start), Math.min(scale.t1, f.data.end))) {
      const x0 = scale.x(a);
      ctx.fillRect(x0, top, scale.x(b) - x0, SIZES.lane);
    }
    ctx.restore();
    f.stats.lanes++;
  }
  drawIndexLegend(f, range);
}

/** The index lines' legend and scale, in the label column under the last lane. */
function drawIndexLegend(f: Frame, range: [number, number]): void {
  const { ctx, layout } = f;
  const y = layout.lanesBottom + 8;
  ctx.save();
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  let x = 8;
  for (const key of ['last', 'commit', 'applied'] as const) {
    ctx.fillStyle = INDEX_COLORS[key];
    ctx.fillRect(x, y - 1, 10, 2);
    ctx.fillText(key, x + 13, y);
    x += 60;
  }
  ctx.fillStyle = '#6b7280';
  ctx.fillText(`log indexes ${range[0]}..${range[1]} in view (role band above: follower, candidate, leader; dark: store down)`, x + 6, y);
  ctx.restore();
}
