/**
 * The viewer: the data, the time scale and the layout, the filters, the cursor and the
 * selection, and the two canvases (the drawing, and the overlay with the cursor). It redraws
 * the drawing when the view or the filters change, and only the overlay and the panels when
 * the cursor moves.
 */
import type { ViewData } from '../view-data';
import { drawAxis } from './draw-axis';
import { drawFilters, drawMarks } from './draw-faults';
import { drawLanes } from './draw-lanes';
import { drawMessages } from './draw-messages';
import { drawOps, opRect, Rect } from './draw-ops';
import { drawOverlay } from './draw-overlay';
import { renderEventsAround, renderSearchResults, searchEvents } from './event-list';
import { EventText } from './event-text';
import { DrawStats, emptyStats, Filters, Frame } from './frame';
import { Layout, SIZES } from './layout';
import { OpIndex } from './op-index';
import { TimeScale } from './scale';
import { renderStatePanel } from './state-panel';
import { renderOp, renderVerdict } from './verdict-panel';

/** The page's elements the viewer fills. */
export interface ViewerElements {
  readonly wrap: HTMLElement;
  readonly base: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  readonly stateTable: HTMLTableElement;
  readonly cursorTime: HTMLElement;
  readonly eventList: HTMLOListElement;
  readonly searchList: HTMLOListElement;
  readonly searchCount: HTMLElement;
  readonly opBox: HTMLElement;
  readonly verdictBox: HTMLElement;
}

/** See the file comment. */
export class Viewer {
  readonly scale: TimeScale;
  readonly layout: Layout;
  readonly filters: Filters;
  readonly opIndex: OpIndex;
  /** The events' texts. */
  readonly texts: EventText;
  /** What the last drawing drew. */
  stats: DrawStats = emptyStats();
  /** How long the last drawing took, in ms. */
  drawMs = 0;
  cursor: number;
  selectedOp = -1;
  /** The search matches (event indexes) and their times. */
  matches: number[] = [];
  private matchTimes: number[] = [];
  private hover: Rect | null = null;
  private width = 800;

  constructor(readonly data: ViewData, private readonly els: ViewerElements) {
    this.layout = new Layout(data);
    const margin = (data.end - data.start) * 0.01;
    this.scale = new TimeScale(data.start - margin, data.end + margin, SIZES.labels, 800 - SIZES.right);
    this.filters = { types: data.msgTypes.map(() => true), stores: new Set(data.stores) };
    this.opIndex = new OpIndex(data);
    this.texts = new EventText(data.events.text);
    this.cursor = data.start;
    renderVerdict(els.verdictBox, data, () => this.showOp(data.verdict?.stuck ?? -1));
    renderOp(els.opBox, data, -1);
  }

  /** Sizes the canvases to the page (and the screen's pixel ratio) and redraws. */
  resize(): void {
    this.width = Math.max(400, this.els.wrap.clientWidth);
    const ratio = window.devicePixelRatio || 1;
    for (const c of [this.els.base, this.els.overlay]) {
      c.width = Math.round(this.width * ratio);
      c.height = Math.round(this.layout.height * ratio);
      c.style.width = `${this.width}px`;
      c.style.height = `${this.layout.height}px`;
      c.getContext('2d')?.setTransform(ratio, 0, 0, ratio, 0, 0);
    }
    this.scale.right = this.width - SIZES.right;
    this.draw();
  }

  /** Redraws everything. */
  draw(): void {
    const t = performance.now();
    const ctx = this.els.base.getContext('2d');
    if (ctx === null) throw new Error('the viewer needs a 2D canvas');
    ctx.clearRect(0, 0, this.width, this.layout.height);
    const f: Frame = { ctx, data: this.data, scale: this.scale, layout: this.layout, filters: this.filters, stats: emptyStats(), width: this.width };
    drawAxis(f);
    drawLanes(f);
    drawFilters(f);
    drawMarks(f);
    drawMessages(f);
    drawOps(f, this.opIndex);
    this.stats = f.stats;
    this.drawOverlay();
    this.drawMs = performance.now() - t;
  }

  /** Redraws the overlay only. */
  drawOverlay(): void {
    const ctx = this.els.overlay.getContext('2d');
    if (ctx === null) return;
    drawOverlay(ctx, this.width, this.scale, this.layout, { cursor: this.cursor, matches: this.matchTimes, hover: this.hover });
  }

  /** Moves the cursor to t and fills the panels for it. */
  setCursor(t: number): void {
    this.cursor = Math.min(Math.max(t, this.data.start), this.data.end);
    this.els.cursorTime.textContent = `${this.cursor.toFixed(3)} ms`;
    renderStatePanel(this.els.stateTable, this.data, this.cursor);
    renderEventsAround(this.els.eventList, this.data, this.texts, this.cursor, (i) => this.setCursor(this.data.events.t[i]));
    this.drawOverlay();
  }

  /** Shows t0..t1 and redraws. */
  show(t0: number, t1: number): void {
    this.scale.show(t0, t1);
    this.draw();
  }

  /** Keeps t in view (centred if it was out of it). */
  reveal(t: number): void {
    if (t >= this.scale.t0 && t <= this.scale.t1) return;
    const span = this.scale.t1 - this.scale.t0;
    this.show(t - span / 2, t + span / 2);
  }

  /**
   * Selects operation i, zooms to it (the stuck one with the last operation of the prefix
   * before it, so both show) and puts the cursor at its call.
   */
  showOp(i: number): void {
    if (i < 0) return;
    const ops = this.data.ops;
    let from = ops.call[i];
    if (i === this.data.verdict?.stuck) {
      for (let j = 0; j < ops.order.length; j++) if (ops.order[j] === this.data.verdict.prefixLength) from = Math.min(from, ops.call[j]);
    }
    const end = this.opIndex.barEnd[i];
    const pad = Math.max(2, (end - from) * 0.15);
    this.selectOp(i);
    this.show(from - pad, end + pad);
    this.setCursor(ops.call[i]);
  }

  /** Selects operation i (-1: none) and shows it in the operation box. */
  selectOp(i: number): void {
    this.selectedOp = i;
    renderOp(this.els.opBox, this.data, i);
  }

  /** The operation under (x, y) on the canvas, or -1. */
  opAt(x: number, y: number): number {
    const client = this.layout.clientAt(y);
    if (client === null) return -1;
    return this.opIndex.at(client, this.scale.time(x), 2 * this.scale.msPerPx);
  }

  /** Outlines the operation under the mouse (-1: none). */
  setHover(i: number): void {
    const r = i < 0 ? null : opRect(this, this.opIndex, i);
    if (r === this.hover || (r !== null && this.hover !== null && r.x === this.hover.x && r.y === this.hover.y)) return;
    this.hover = r;
    this.drawOverlay();
  }

  /** Runs a search and marks its matches. */
  search(query: string): void {
    this.matches = searchEvents(this.texts, query);
    this.matchTimes = this.matches.map((i) => this.data.events.t[i]).sort((a, b) => a - b);
    this.els.searchCount.textContent = query.trim() === '' ? '' : `${this.matches.length} match${this.matches.length === 1 ? '' : 'es'}`;
    renderSearchResults(this.els.searchList, this.data, this.texts, this.matches, (i) => {
      this.reveal(this.data.events.t[i]);
      this.setCursor(this.data.events.t[i]);
    });
    this.drawOverlay();
  }
}
