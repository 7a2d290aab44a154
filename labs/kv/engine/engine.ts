/**
 * The storage engine interface of a store. A store has two engines (as in TinyKV): the kv
 * engine (the region's data, its RegionLocalState and RaftApplyState) and the raft engine
 * (the raft log and RaftLocalState).
 *
 * An engine is an ordered map from byte strings to byte strings. It is synchronous: raft's
 * Storage is called inside `step`, which cannot wait. Writes go in atomic batches; reads of
 * more than one key that must agree go through a snapshot (a consistent view that later
 * writes do not change). Column families are key prefixes (see cf.ts).
 */

/** Keys and values are raw bytes. Keys are ordered byte by byte (unsigned). */
export type Bytes = Uint8Array;

/** One change in a WriteBatch: a put, or a delete when `value` is null. */
export interface WriteOp {
  key: Bytes;
  value: Bytes | null;
}

/** A consistent, read-only view of an engine at one point in time. Release it when done. */
export interface EngineSnapshot {
  /** The value of `key`, or undefined if absent. */
  get(key: Bytes): Bytes | undefined;
  /**
   * The entries with start <= key < end in key order (end null: to the last key). The view
   * does not change while it is iterated, even if the engine is written meanwhile.
   */
  scan(start: Bytes, end: Bytes | null): IterableIterator<[Bytes, Bytes]>;
  /** Frees what the view holds; it must not be used afterwards. */
  release(): void;
}

/** An ordered, durable key-value engine. */
export interface Engine {
  /** The value of `key`, or undefined if absent. */
  get(key: Bytes): Bytes | undefined;
  /** Applies every op of the batch atomically and durably (all or nothing, even on a crash). */
  write(batch: WriteBatch): void;
  /** A consistent view of the engine as it is now. */
  snapshot(): EngineSnapshot;
  /** Closes the engine. */
  close(): void;
}

/** A group of writes applied atomically by Engine.write. Later ops on a key win. */
export class WriteBatch {
  /** The ops, in order. */
  readonly ops: WriteOp[] = [];

  /** Sets `key` to `value`. */
  put(key: Bytes, value: Bytes): this {
    this.ops.push({ key, value });
    return this;
  }

  /** Deletes `key`. */
  delete(key: Bytes): this {
    this.ops.push({ key, value: null });
    return this;
  }

  /** The number of ops. */
  get length(): number {
    return this.ops.length;
  }

  /** True if there is nothing to write. */
  isEmpty(): boolean {
    return this.ops.length === 0;
  }

  /** Forgets every op. */
  reset(): void {
    this.ops.length = 0;
  }
}
