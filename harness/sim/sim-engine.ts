/**
 * An Engine wrapper that tells the simulator about disk writes: each write() goes to the
 * wrapped engine, then calls the `onWrite` hook, which the cluster points at the running
 * store's SimStoreRuntime.chargeDiskWrite (the store is busy while the write syncs). Reads and
 * snapshots are free. The engine outlives the store's runtimes: a crash keeps everything
 * written, and after a restart the cluster re-attaches the hook to the new runtime.
 *
 * Crash injection (crash.ts): with a CrashSwitch attached (`crashSwitch`, shared by a store's
 * two engines), a write can throw a CrashSignal before or after it is applied.
 *
 * Watchers (`watch`): a test can look at the engines right after each write, as the store left
 * them (e.g. "once the snapshot is installed, no old log entry is left").
 */
import type { Bytes, Engine, EngineSnapshot, WriteBatch } from '@target/kv/engine/engine';
import { CrashArm, CrashSwitch } from './crash';

/** Called after each write with the batch that was written. */
export type OnWrite = (batch: WriteBatch) => void;

/**
 * Called right after a write was applied, with the batch and the engine's name. It runs inside
 * the store's code: it must not throw (report a problem through the cluster instead).
 */
export type WriteWatcher = (batch: WriteBatch, engine: string) => void;

/** An Engine that reports its writes; see the file comment. */
export class SimEngine implements Engine {
  private onWrite: OnWrite | null;
  private writeCount = 0;
  private readonly watchers = new Set<WriteWatcher>();
  /** The crash switch checked around each write (crash.ts); null: writes never crash. */
  crashSwitch: CrashSwitch | null = null;
  /** The engine's name in crash signals ("kv", "raft"). */
  name = 'engine';

  constructor(readonly inner: Engine, onWrite: OnWrite | null = null) {
    this.onWrite = onWrite;
  }

  /**
   * Arms a crash at a write of this engine that `arm.match` accepts (through its switch, made
   * if it has none; a switch shared with the other engine then goes down for both).
   */
  armCrash(arm: CrashArm): void {
    this.crashSwitch ??= new CrashSwitch();
    this.crashSwitch.arm({ ...arm, match: (batch, engine) => engine === this.name && arm.match(batch, engine) });
  }

  /** Points the write hook at `fn`, or detaches it (null). */
  setOnWrite(fn: OnWrite | null): void {
    this.onWrite = fn;
  }

  /**
   * Calls `fn` after every write applied to this engine from now on (across restarts of the
   * store: the engine outlives them); returns the function that stops it.
   */
  watch(fn: WriteWatcher): () => void {
    const own: WriteWatcher = (batch, engine) => fn(batch, engine);
    this.watchers.add(own);
    return () => {
      this.watchers.delete(own);
    };
  }

  /** How many writes went through this engine. */
  get writes(): number {
    return this.writeCount;
  }

  /** The value of `key` in the wrapped engine. */
  get(key: Bytes): Bytes | undefined {
    return this.inner.get(key);
  }

  /**
   * Writes `batch` to the wrapped engine, then calls the write hook and the watchers (a crash
   * switch may throw before or after).
   */
  write(batch: WriteBatch): void {
    this.crashSwitch?.beforeWrite(batch, this.name);
    this.inner.write(batch);
    this.writeCount++;
    this.onWrite?.(batch);
    if (this.watchers.size > 0) for (const w of [...this.watchers]) w(batch, this.name);
    this.crashSwitch?.afterWrite(batch, this.name);
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
