/**
 * Crash injection between engine writes: a power loss in the middle of a store's Ready.
 *
 * A store's two engines (kv and raft) share one CrashSwitch. A test arms it with a CrashArm:
 * a predicate on the WriteBatch (and the engine's name), and whether the crash comes `before`
 * the matching write is applied (it never reaches the disk) or `after` it (it is on disk, and
 * nothing that follows is). When the armed write comes, SimEngine.write calls the switch,
 * which throws a CrashSignal. From then on the switch is down: every later write of either
 * engine throws a CrashSignal too and writes nothing, so a store that catches the signal by
 * mistake still cannot write anything more, until the cluster starts the store again
 * (`revive`).
 *
 * The signal unwinds the store's code up to the simulator callback it runs in; the store's
 * SimStoreRuntime catches it there and reports it to its `onCrash` handler, and the cluster
 * crashes the store at once (stopServer: memory gone, engines and fsynced files kept). The
 * switch's `onTrip` hook runs before the signal is thrown, so the cluster can silence the
 * store's runtime at the very write that crashed (nothing it would still send goes out).
 *
 * ```ts
 * cluster.armCrash(3, { when: 'after', match: putsKey(regionStateKey(1)), label: 'the snapshot apply' });
 * cluster.armCrash(2, { when: 'before', match: nthWrite(3), label: 'its third write from now' });
 * ```
 */
import type { WriteBatch } from '@target/kv/engine/engine';

/** Whether the crash comes before the matching write is applied, or right after. */
export type CrashWhen = 'before' | 'after';

/** The engines of a store, by the names SimEngine reports ("kv", "raft"). */
export type EngineName = string;

/** Picks the write to crash at. Called once per write of either engine while armed, in order. */
export type WriteMatcher = (batch: WriteBatch, engine: EngineName) => boolean;

/** Where to crash: the first write (of either engine of the store) the matcher accepts. */
export interface CrashArm {
  /** Before the matching write is applied (it is lost) or after (it is on disk). */
  when: CrashWhen;
  /** Which write: see the matchers below (nthWrite, putsKey, ...). */
  match: WriteMatcher;
  /** What the arm is for, in the trace and in messages ("its 3rd write from now"). */
  label: string;
}

/** Thrown by an engine write to crash the store; see the file comment. */
export class CrashSignal extends Error {
  constructor(
    /** The engine whose write crashed ("kv" or "raft"). */
    readonly engine: EngineName,
    /** Before or after the write. */
    readonly when: CrashWhen,
    /** The arm's label, or why a write was refused after the crash. */
    readonly label: string,
    /** How many ops the crashing batch held. */
    readonly ops: number,
  ) {
    super(`simulated crash ${when} a write of ${ops} op(s) to the ${engine} engine (${label})`);
    this.name = 'CrashSignal';
  }
}

/**
 * The CrashSignal inside `e` (the error itself, or one of its causes), or null. Store code
 * that wraps an error it caught (`new Error('...', { cause })`) still crashes the store.
 */
export function findCrashSignal(e: unknown): CrashSignal | null {
  let cur: unknown = e;
  for (let depth = 0; depth < 8 && cur !== null && cur !== undefined; depth++) {
    if (cur instanceof CrashSignal) return cur;
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return null;
}

/** The crash switch a store's engines share; see the file comment. */
export class CrashSwitch {
  /** Called once when an armed crash fires, before the signal is thrown. */
  onTrip: ((signal: CrashSignal) => void) | null = null;
  private armed: CrashArm | null = null;
  private downSignal: CrashSignal | null = null;
  private trips = 0;

  /** Arms the switch (replacing any earlier arm): the next write `arm.match` accepts crashes the store. */
  arm(arm: CrashArm): void {
    this.armed = arm;
  }

  /** Disarms the switch; a store that is down stays down. */
  disarm(): void {
    this.armed = null;
  }

  /** The pending arm, or null. */
  get pending(): CrashArm | null {
    return this.armed;
  }

  /** True between the crash and the next revive(): every write throws. */
  get isDown(): boolean {
    return this.downSignal !== null;
  }

  /** The signal of the last crash while down, else null. */
  get signal(): CrashSignal | null {
    return this.downSignal;
  }

  /** How many armed crashes fired in all. */
  get fired(): number {
    return this.trips;
  }

  /** The store starts again: its writes go through (the arm, if any, stays). */
  revive(): void {
    this.downSignal = null;
  }

  /** Called by SimEngine before applying `batch`: throws if the store is down or the arm says so. */
  beforeWrite(batch: WriteBatch, engine: EngineName): void {
    if (this.downSignal !== null) {
      const why = `the store crashed at an earlier write (${this.downSignal.label}) and can write nothing more`;
      throw new CrashSignal(engine, 'before', why, batch.length);
    }
    this.check(batch, engine, 'before');
  }

  /** Called by SimEngine after applying `batch`: throws if the arm says so. */
  afterWrite(batch: WriteBatch, engine: EngineName): void {
    this.check(batch, engine, 'after');
  }

  private check(batch: WriteBatch, engine: EngineName, when: CrashWhen): void {
    const arm = this.armed;
    if (arm === null || arm.when !== when || !arm.match(batch, engine)) return;
    this.armed = null;
    this.trips++;
    const signal = new CrashSignal(engine, when, arm.label, batch.length);
    this.downSignal = signal;
    this.onTrip?.(signal);
    throw signal;
  }
}

// ---- matchers ------------------------------------------------------------------------------

/** The n-th write (n >= 1) of either engine from the time the arm is made. */
export function nthWrite(n: number): WriteMatcher {
  if (!Number.isInteger(n) || n < 1) throw new Error(`nthWrite: want an integer n >= 1, got ${n}`);
  let seen = 0;
  return () => ++seen === n;
}

/** The n-th write (n >= 1) that `match` accepts (`match` sees every write until then). */
export function nthMatch(match: WriteMatcher, n: number): WriteMatcher {
  if (!Number.isInteger(n) || n < 1) throw new Error(`nthMatch: want an integer n >= 1, got ${n}`);
  let seen = 0;
  return (batch, engine) => match(batch, engine) && ++seen === n;
}

/** A write to the engine named `engine` that `match` accepts. */
export function onEngine(engine: EngineName, match: WriteMatcher = () => true): WriteMatcher {
  return (batch, name) => name === engine && match(batch, name);
}

/** True if two byte strings are equal. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A write whose batch puts `key` (e.g. regionStateKey(1): the write of a snapshot apply). */
export function putsKey(key: Uint8Array): WriteMatcher {
  return (batch) => batch.ops.some((op) => op.value !== null && sameBytes(op.key, key));
}

/** The value the batch puts at `key` (the last put wins), or undefined. */
export function valuePutAt(batch: WriteBatch, key: Uint8Array): Uint8Array | undefined {
  let out: Uint8Array | undefined;
  for (const op of batch.ops) if (sameBytes(op.key, key)) out = op.value ?? undefined;
  return out;
}
