/**
 * MemEngine: the engine of the simulator, an ordered map in memory.
 *
 * The map is a B+ tree (the npm package sorted-btree) keyed by the binary string of each key
 * (see bytes.ts: string order is byte order). Its `clone()` is O(1): the clone shares every
 * node with the original and whichever of the two is written later copies the nodes it
 * changes (copy-on-write). So a snapshot is a clone, taken in constant time, that no later
 * write can change.
 *
 * Buffers never leak in or out: write() stores copies of the values (the caller may reuse its
 * buffers), and every read returns fresh copies (a caller that changes what it read changes
 * nothing else). A write is atomic because the batch is checked before anything is changed.
 */
import BTree from 'sorted-btree';
import { checkBatch, copyBytes, fromBinaryString, toBinaryString } from './bytes';
import { Bytes, Engine, EngineSnapshot, WriteBatch } from './engine';

/** What a MemEngine has written, for a simulator that models disk time. */
export interface MemEngineStats {
  /** Non-empty batches written. */
  writes: number;
  /** Ops (puts and deletes) written. */
  opsWritten: number;
  /** Bytes written: the keys and values of every op. */
  bytesWritten: number;
}

/** The map from binary-string keys to values. */
type Tree = BTree<string, Uint8Array>;

/** Compares binary strings (the default comparator also handles numbers, dates, arrays). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A consistent, read-only view of a MemEngine: a clone of its tree. */
class MemSnapshot implements EngineSnapshot {
  private tree: Tree | null;

  constructor(tree: Tree) {
    this.tree = tree.clone();
  }

  /** The value of `key` in the view (a fresh copy), or undefined. */
  get(key: Bytes): Bytes | undefined {
    const v = this.live().get(toBinaryString(key));
    return v === undefined ? undefined : copyBytes(v);
  }

  /** The entries with start <= key < end (end null: to the last key), lazily, as fresh copies. */
  *scan(start: Bytes, end: Bytes | null): IterableIterator<[Bytes, Bytes]> {
    const tree = this.live();
    const hi = end === null ? null : toBinaryString(end);
    for (const [k, v] of tree.entries(toBinaryString(start))) {
      if (hi !== null && k >= hi) return;
      if (this.tree === null) throw new Error('MemEngine: snapshot released during a scan');
      yield [fromBinaryString(k), copyBytes(v)];
    }
  }

  /** Drops the view (its nodes are freed once no other tree shares them). */
  release(): void {
    this.tree = null;
  }

  private live(): Tree {
    if (this.tree === null) throw new Error('MemEngine: snapshot used after release()');
    return this.tree;
  }
}

/**
 * An Engine in memory; see the file comment. Writes are "durable" as soon as write() returns:
 * the object is the disk. `reopen()` models a restart over the same disk.
 */
export class MemEngine implements Engine {
  /** What has been written to this engine (carried over by reopen()). */
  readonly stats: MemEngineStats = { writes: 0, opsWritten: 0, bytesWritten: 0 };
  private tree: Tree = new BTree<string, Uint8Array>(undefined, compareKeys);
  private closed = false;

  /** The value of `key` (a fresh copy), or undefined if absent. */
  get(key: Bytes): Bytes | undefined {
    const v = this.open().get(toBinaryString(key));
    return v === undefined ? undefined : copyBytes(v);
  }

  /** Applies the batch: all of it, or (if a key is invalid) none of it. Later ops on a key win. */
  write(batch: WriteBatch): void {
    const tree = this.open();
    if (batch.isEmpty()) return;
    checkBatch('MemEngine', batch);
    let bytes = 0;
    for (const op of batch.ops) {
      const k = toBinaryString(op.key);
      if (op.value === null) {
        tree.delete(k);
        bytes += op.key.length;
      } else {
        tree.set(k, copyBytes(op.value));
        bytes += op.key.length + op.value.length;
      }
    }
    this.stats.writes++;
    this.stats.opsWritten += batch.length;
    this.stats.bytesWritten += bytes;
  }

  /** A consistent view of the engine as it is now, in O(1). Release it when done. */
  snapshot(): EngineSnapshot {
    return new MemSnapshot(this.open());
  }

  /** Closes the engine: any later call throws. Snapshots already taken stay usable. */
  close(): void {
    this.closed = true;
  }

  /**
   * A new engine over this engine's data, as if the process restarted and opened the same
   * disk: every completed write is there. This engine is closed (if it was not already);
   * the new one starts with its stats.
   */
  reopen(): MemEngine {
    const next = new MemEngine();
    next.tree = this.tree.clone();
    Object.assign(next.stats, this.stats);
    this.close();
    return next;
  }

  /** The number of keys (for tests and debugging). */
  get size(): number {
    return this.open().size;
  }

  private open(): Tree {
    if (this.closed) throw new Error('MemEngine: used after close()');
    return this.tree;
  }
}
