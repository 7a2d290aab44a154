/**
 * The application a safety run puts on each node: it applies committed entries in order and
 * remembers every one (index, term, payload), so that what it holds can be compared with what
 * was committed. Its state is durable (it survives a crash, like the KV server's engine), and
 * it is what a snapshot carries: `encode()` is the snapshot's data, `restore()` installs one.
 */

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One entry as the application applied it. */
export interface AppliedEntry {
  readonly index: number;
  readonly term: number;
  /** The proposal's payload, or '' for an empty entry (a new leader's noop). */
  readonly payload: string;
}

/** The bytes of a payload, as proposed. */
export function payloadBytes(payload: string): Uint8Array {
  return enc.encode(payload);
}

/** The payload an entry carries ('' for none). */
export function payloadOf(data: Uint8Array): string {
  return data.length === 0 ? '' : dec.decode(data);
}

/** One node's application state. */
export class Application {
  /** Every entry applied, in index order: history[i] has index i + 1. */
  history: AppliedEntry[] = [];

  /** The highest index applied (0 for none). */
  get applied(): number {
    return this.history.length;
  }

  /** Applies one entry; the caller has checked that it is the next index. */
  apply(e: AppliedEntry): void {
    this.history.push(e);
  }

  /** The state as bytes, the data of a snapshot at `applied`. */
  encode(): Uint8Array {
    return enc.encode(JSON.stringify(this.history.map((e) => [e.index, e.term, e.payload])));
  }

  /** Replaces the state with the one a snapshot's data holds. Throws if the data is not such a state. */
  restore(data: Uint8Array): void {
    const raw: unknown = JSON.parse(dec.decode(data));
    if (!Array.isArray(raw)) throw new Error('snapshot data is not an application state');
    this.history = raw.map((x: unknown, i: number) => {
      if (!Array.isArray(x) || x.length !== 3 || x[0] !== i + 1) throw new Error(`snapshot data: bad entry ${i + 1}`);
      return { index: Number(x[0]), term: Number(x[1]), payload: String(x[2]) };
    });
  }
}
