/**
 * The Runtime of one simulated store (see kv/raftstore/runtime.ts): a store is one worker
 * thread with a synchronous disk. Store code runs to completion inside one simulator event,
 * but each engine write it makes costs `syncWriteMs` of the store's time (SimEngine calls
 * `chargeDiskWrite`), so the store is busy until `busyUntil`. `now()` is the simulator's time
 * or the end of that busy time, whichever is later: timers the store sets and messages it
 * sends start from there, so a message leaves only once the write before it is on disk.
 *
 * A runtime belongs to one life of a store. `stop()` (a crash) cancels every timer it set and
 * turns schedule, send and scheduler heartbeats into no-ops, so stale closures of the crashed
 * store cannot keep acting; the cluster makes a new runtime for the next start.
 *
 * Hooks (all optional; without them nothing changes): `onCrash` gets a CrashSignal (crash.ts)
 * thrown by an engine write inside one of the store's timers, instead of the simulator failing
 * the test with it; `beforeSend` sees every raft message the store sends (a snapshot chunk's
 * message too) before it goes on the wire, for invariants such as "persist before send";
 * `afterRun` is called each time store code ran to completion (a timer, a delivery), for the
 * trace's state samples (harness/cluster/state-sample.ts).
 */
import type { metapb, raft_serverpb } from '@target/proto/codec';
import type { Runtime, SchedulerClient, TraceTopic, Transport } from '@target/kv/raftstore/runtime';
import { CrashSignal, findCrashSignal } from './crash';
import type { SimNetwork } from './network';
import { SimDisk } from './sim-disk';
import type { Simulator } from './simulator';

/** Options of a SimStoreRuntime. */
export interface SimStoreRuntimeOptions {
  /** What one engine write costs the store, in virtual ms (default 2). */
  syncWriteMs?: number;
  /** The store's disk for snapshot files; keep the same one across restarts (default: a new, empty one). */
  disk?: SimDisk;
  /**
   * Gets a CrashSignal thrown inside one of the store's timers (an engine write crashed, see
   * crash.ts); the timer's callback then ends quietly. Without it the signal fails the run.
   */
  onCrash?: (signal: CrashSignal) => void;
  /** Sees every raft message the store sends, and each snapshot chunk's message, before it is sent. */
  beforeSend?: (msg: raft_serverpb.IRaftMessage, kind: 'message' | 'chunk') => void;
  /**
   * Called after each run of store code through runGuarded (every timer of the store, and
   * whatever the cluster hands it: deliveries, start), unless the runtime is stopped by then.
   * It must only look: it must not change the store, draw random numbers or schedule anything.
   */
  afterRun?: () => void;
}

/** The runtime of one life of a simulated store; see the file comment. */
export class SimStoreRuntime implements Runtime {
  /** Sends through the simulated network, stamped with this store's now(). */
  readonly transport: Transport;
  /** The scheduler given to the constructor, silenced once the runtime is stopped. */
  readonly scheduler: SchedulerClient;
  /** What one engine write costs, in virtual ms. */
  readonly syncWriteMs: number;
  /** The store's disk for snapshot files. */
  readonly disk: SimDisk;
  private busyUntil = 0;
  private stopped = false;
  private readonly timers = new Set<() => void>();
  private readonly onCrash: ((signal: CrashSignal) => void) | undefined;
  private readonly beforeSend: ((msg: raft_serverpb.IRaftMessage, kind: 'message' | 'chunk') => void) | undefined;
  private readonly afterRun: (() => void) | undefined;

  constructor(private readonly sim: Simulator, readonly storeId: number, private readonly net: SimNetwork,
    scheduler: SchedulerClient, opts: SimStoreRuntimeOptions = {}) {
    this.syncWriteMs = opts.syncWriteMs ?? 2;
    this.disk = opts.disk ?? new SimDisk();
    this.onCrash = opts.onCrash;
    this.beforeSend = opts.beforeSend;
    this.afterRun = opts.afterRun;
    if (!(this.syncWriteMs >= 0)) throw new Error(`SimStoreRuntime: syncWriteMs must be >= 0, got ${this.syncWriteMs}`);
    this.transport = {
      send: (msg: raft_serverpb.IRaftMessage) => {
        if (this.stopped) return;
        this.beforeSend?.(msg, 'message');
        this.net.send(this.storeId, msg, this.now());
      },
      sendSnapshotChunk: (chunk: raft_serverpb.ISnapshotChunk) => {
        if (this.stopped) return;
        if (chunk.message != null) this.beforeSend?.(chunk.message, 'chunk');
        this.net.sendChunk(this.storeId, chunk, this.now());
      },
    };
    this.scheduler = {
      regionHeartbeat: (region: metapb.IRegion, leader: metapb.IPeer) => {
        if (!this.stopped) scheduler.regionHeartbeat(region, leader);
      },
    };
  }

  /** The store's time: the simulator's, or the end of the store's busy time if later. */
  now(): number {
    return Math.max(this.sim.now(), this.busyUntil);
  }

  /** The end of the store's busy time (0 if it never wrote). */
  get busyUntilMs(): number {
    return this.busyUntil;
  }

  /** Charges one synchronous engine write: the store is busy `syncWriteMs` longer. */
  chargeDiskWrite(): void {
    this.busyUntil = this.now() + this.syncWriteMs;
  }

  /**
   * Runs `fn` `delayMs` after the store's now(); returns a function that cancels it. After
   * stop() this does nothing and returns a cancel that does nothing.
   */
  schedule(delayMs: number, fn: () => void): () => void {
    if (!(delayMs >= 0)) throw new Error(`SimStoreRuntime.schedule: store ${this.storeId} wants a delay >= 0, got ${delayMs}`);
    if (this.stopped) return () => undefined;
    let cancelEvent: () => void = () => undefined;
    const cancel = (): void => {
      this.timers.delete(cancel);
      cancelEvent();
    };
    cancelEvent = this.sim.scheduleAt(this.now() + delayMs, () => {
      this.timers.delete(cancel);
      if (!this.stopped) this.runGuarded(fn);
    }, `store ${this.storeId} timer`);
    this.timers.add(cancel);
    return cancel;
  }

  /**
   * Runs `fn`; with an `onCrash` hook, a CrashSignal it throws (or an error caused by one) goes
   * to the hook instead of up to the simulator. Anything else is thrown on. Then, if the
   * runtime is still running, the `afterRun` hook looks at the store.
   */
  runGuarded(fn: () => void): void {
    if (this.onCrash === undefined) {
      fn();
    } else {
      try {
        fn();
      } catch (e) {
        const signal = findCrashSignal(e);
        if (signal === null) throw e;
        this.onCrash(signal);
      }
    }
    if (this.afterRun !== undefined && !this.stopped) this.afterRun();
  }

  /** Records `message` in the simulator's trace as an event of this store. */
  trace(topic: TraceTopic, message: string): void {
    this.sim.trace.record({ store: this.storeId, topic, kind: '', message });
  }

  /** The crash of this life of the store: cancels its timers and silences it for good. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const cancel of [...this.timers]) cancel();
    this.timers.clear();
  }

  /** True once stop() was called. */
  isStopped(): boolean {
    return this.stopped;
  }
}
