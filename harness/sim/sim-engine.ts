/**
 * An Engine wrapper that tells the simulator about disk writes: each write() goes to the
 * wrapped engine, then calls the `onWrite` hook, which the cluster points at the running
 * store's SimStoreRuntime.chargeDiskWrite (the store is busy while the write syncs). Reads and
 * snapshots are free. The engine outlives the store's runtimes: a crash keeps everything
 * written, and after a restart the cluster re-attaches the hook to the new runtime.
 */
import type { Bytes, Engine, EngineSnapshot, WriteBatch } from '@target/kv/engine/engine';

/** Called after each write with the batch that was written. */
export type OnWrite = (batch: WriteBatch) => void;

/** An Engine that reports its writes; see the file comment. */
export class SimEngine implements Engine {
  private onWrite: OnWrite | null;
  private writeCount = 0;

  constructor(readonly inner: Engine, onWrite: OnWrite | null = null) {
    this.onWrite = onWrite;
  }

  /** Points the write hook at `fn`, or detaches it (null). */
  setOnWrite(fn: OnWrite | null): void {
    this.onWrite = fn;
  }

  /** How many writes went through this engine. */
  get writes(): number {
    return this.writeCount;
  }

  /** The value of `key` in the wrapped engine. */
  get(key: Bytes): Bytes | undefined {
    return this.inner.get(key);
  }

  /** Writes `batch` to the wrapped engine, then calls the write hook. */
  write(batch: WriteBatch): void {
    this.inner.write(batch);
    this.writeCount++;
    this.onWrite?.(batch);
  }

  /** A snapshot of the wrapped engine. */
  snapshot(): EngineSnapshot {
    return this.inner.snapshot();
  }

  /** Closes the wrapped engine. */
  close(): void {
    this.inner.close();
  }
}
