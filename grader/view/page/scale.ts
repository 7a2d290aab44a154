/**
 * The time axis: which span of virtual time the canvas shows and where each time falls, with
 * zoom (about a point) and pan, and tick marks at round steps.
 */

/** The smallest span the viewer zooms in to, in ms. */
const MIN_SPAN = 0.05;

/** A mapping between virtual time and canvas x; see the file comment. */
export class TimeScale {
  /** The shown span. */
  t0: number;
  t1: number;

  /**
   * `start`..`end` is the trace; `left` and `right` bound the drawing area in CSS pixels
   * (the lane labels sit left of `left`).
   */
  constructor(readonly start: number, readonly end: number, public left: number, public right: number) {
    this.t0 = start;
    this.t1 = end;
  }

  /** The x of time `t`. */
  x(t: number): number {
    return this.left + ((t - this.t0) / (this.t1 - this.t0)) * (this.right - this.left);
  }

  /** The time at x. */
  time(x: number): number {
    return this.t0 + ((x - this.left) / (this.right - this.left)) * (this.t1 - this.t0);
  }

  /** Milliseconds per pixel. */
  get msPerPx(): number {
    return (this.t1 - this.t0) / Math.max(1, this.right - this.left);
  }

  /** Shows `t0`..`t1` (kept inside the trace, at least MIN_SPAN wide). */
  show(t0: number, t1: number): void {
    const full = this.end - this.start;
    let span = Math.min(Math.max(t1 - t0, MIN_SPAN), full);
    if (!(span > 0)) span = full;
    let a = t0;
    if (a < this.start) a = this.start;
    if (a + span > this.end) a = this.end - span;
    this.t0 = a;
    this.t1 = a + span;
  }

  /** Zooms by `factor` (< 1 zooms in) keeping the time at x where it is. */
  zoom(factor: number, x: number): void {
    const at = this.time(x);
    const f = (x - this.left) / Math.max(1, this.right - this.left);
    const span = (this.t1 - this.t0) * factor;
    this.show(at - f * span, at - f * span + span);
  }

  /** Moves the view by `dx` pixels (positive: later times come into view). */
  pan(dx: number): void {
    const dt = dx * this.msPerPx;
    this.show(this.t0 + dt, this.t1 + dt);
  }

  /** Shows the whole trace. */
  fit(): void {
    this.show(this.start, this.end);
  }

  /** Tick times at a round step, about one per `px` pixels. */
  ticks(px = 90): { step: number; times: number[] } {
    const raw = this.msPerPx * px;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
    const times: number[] = [];
    for (let t = Math.ceil(this.t0 / step) * step; t <= this.t1; t += step) times.push(t);
    return { step, times };
  }
}

/** A time for labels, with as many decimals as the step needs: `1234.5 ms`. */
export function formatTime(t: number, step = 1): string {
  const decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  return `${t.toFixed(decimals)} ms`;
}
