/**
 * Where things go on the canvas, top to bottom: the time axis, one lane per store (its role
 * band on top, its log indexes below), then one row per client for its operations. Lane
 * labels sit in a column on the left. All in CSS pixels.
 */
import type { ViewData } from '../view-data';

/** Heights and the label column. */
export const SIZES = {
  axis: 26,
  lane: 66,
  band: 18,
  laneGap: 6,
  clientsGap: 22,
  client: 22,
  labels: 74,
  right: 12,
  bottom: 10,
} as const;

/** The rows of one trace; see the file comment. */
export class Layout {
  /** The stores in lane order. */
  readonly stores: readonly number[];
  /** The clients in row order. */
  readonly clients: readonly number[];
  private readonly laneIndex: Map<number, number>;
  private readonly clientIndex: Map<number, number>;

  constructor(data: ViewData) {
    this.stores = data.stores;
    this.clients = data.clients;
    this.laneIndex = new Map(this.stores.map((s, i) => [s, i]));
    this.clientIndex = new Map(this.clients.map((c, i) => [c, i]));
  }

  /** The top of store `store`'s lane (its role band). */
  laneTop(store: number): number {
    return SIZES.axis + (this.laneIndex.get(store) ?? 0) * (SIZES.lane + SIZES.laneGap);
  }

  /** The y that messages from and to `store` start and end at: the middle of its role band. */
  laneMid(store: number): number {
    return this.laneTop(store) + SIZES.band / 2;
  }

  /** True if `store` has a lane. */
  hasLane(store: number): boolean {
    return this.laneIndex.has(store);
  }

  /** The bottom of the last lane. */
  get lanesBottom(): number {
    return SIZES.axis + this.stores.length * (SIZES.lane + SIZES.laneGap);
  }

  /** The top of client `client`'s row. */
  clientTop(client: number): number {
    return this.lanesBottom + SIZES.clientsGap + (this.clientIndex.get(client) ?? 0) * SIZES.client;
  }

  /** The client whose row contains y, or null. */
  clientAt(y: number): number | null {
    const i = Math.floor((y - this.lanesBottom - SIZES.clientsGap) / SIZES.client);
    return i >= 0 && i < this.clients.length ? this.clients[i] : null;
  }

  /** The store whose lane contains y, or null. */
  storeAt(y: number): number | null {
    const i = Math.floor((y - SIZES.axis) / (SIZES.lane + SIZES.laneGap));
    return i >= 0 && i < this.stores.length && y - this.laneTop(this.stores[i]) <= SIZES.lane ? this.stores[i] : null;
  }

  /** The canvas height. */
  get height(): number {
    return this.lanesBottom + SIZES.clientsGap + this.clients.length * SIZES.client + SIZES.bottom;
  }
}

/** A client's name in labels: "main" for the test's own client (-1), else "client N". */
export function clientName(client: number): string {
  return client < 0 ? 'main' : `client ${client}`;
}
