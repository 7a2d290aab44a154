/**
 * Cluster: TinyKV's test cluster (kv/test_raftstore/cluster.go and node.go) on the simulator.
 *
 * N stores (peer id = store id) share one region (id 1, every key, epoch {confVer 1, version 1}).
 * The cluster owns the Simulator, the SimNetwork, the MockScheduler and each store's engines;
 * `startServer` / `stopServer` start and crash a store (a crash keeps the engines). Clients
 * (client.ts) find leaders through the scheduler, as TinyKV's do, and every request they make
 * is recorded in `history` for the linearizability check.
 *
 * Everything runs on virtual time: call the async methods inside `cluster.sim.run(...)` (see
 * run.ts, which also writes the trace of a failing test).
 *
 * Faults beyond stopServer: `armCrash` crashes a store at a chosen engine write, before or
 * after it (a power loss in the middle of a Ready; see sim/crash.ts). And every message a
 * store sends is checked for "persist before send" (persist-check.ts), unless the option
 * `checkPersistBeforeSend` is false; the same hook records the leaders of each term.
 *
 * The trace gets, besides the faults and filters (with their settings as data), a sample of
 * each store's raft state whenever it changed after the store ran (state-sample.ts).
 */
import { metapb, raft_cmdpb } from '@target/proto/codec';
import { Engines } from '@target/kv/engine/engines';
import { CfDefault, getCF } from '@target/kv/engine/cf';
import type { EngineSnapshot } from '@target/kv/engine/engine';
import { StoreConfig, newTestConfig } from '@target/kv/raftstore/config';
import { bootstrapStore, clearPrepareBootstrapState, prepareBootstrapCluster } from '@target/kv/raftstore/bootstrap';
import { RaftStore } from '@target/kv/raftstore/store';
import { Simulator, SimulatorOptions } from '../sim/simulator';
import { SimNetwork, SimNetworkOptions } from '../sim/network';
import { SimStoreRuntime } from '../sim/store-runtime';
import { SimDisk } from '../sim/sim-disk';
import { CrashArm, CrashSignal, CrashSwitch } from '../sim/crash';
import type { Filter } from '../sim/filters';
import { HistoryRecorder } from '../check/history';
import type { KvInput, KvOutput } from '../check/kv-model';
import { MockScheduler } from './scheduler';
import { Client, Key, MAIN_CLIENT, toBytes } from './client';
import { StoreEngines, closeStoreEngines, makeStoreEngines } from './engines';
import { newPeer, showBytes } from './meta';
import { PersistChecker } from './persist-check';
import { StoreStateSampler } from './state-sample';
import type { FilterData } from '../sim/trace-data';

/** TinyKV's InitEpochVer and InitEpochConfVer. */
export const INIT_EPOCH_VER = 1;
export const INIT_EPOCH_CONF_VER = 1;

/** The answer to one command: the response, and for a Snap request the engine snapshot. */
export interface CmdResult {
  resp: raft_cmdpb.IRaftCmdResponse;
  snap: EngineSnapshot | null;
}

/** Options of a Cluster. */
export interface ClusterOptions {
  /** The seed of the simulation (the test's seed). */
  seed: number;
  /** How many stores (TinyKV's tests use 5, TestOneSnapshot2C 3). */
  count: number;
  /** Changes to TinyKV's test configuration (e.g. raftLogGcCountLimit for 2C). */
  config?: Partial<StoreConfig>;
  /** Message latency of the network (default: the SimNetwork's, 1 to 5 ms). */
  network?: SimNetworkOptions;
  /** What one engine write costs a store, in virtual ms (default: the SimStoreRuntime's). */
  syncWriteMs?: number;
  /** Options of the simulator (event budget, trace size). */
  simulator?: SimulatorOptions;
  /** 'mem' (MemEngine) or 'lmdb' (LmdbEngine in a temp dir); default: env RAFTKV_ENGINE, else 'mem'. */
  engine?: 'mem' | 'lmdb';
  /** Check "persist before send" on every message a store sends (persist-check.ts); default true. */
  checkPersistBeforeSend?: boolean;
}

/**
 * The time a command's answer takes to reach the client once the store called back, in
 * virtual ms. TinyKV's client calls the store in-process; a small positive delay keeps
 * virtual time moving when a store answers at once (NotLeader, say), so the client's
 * retry loop, which runs until a timeout, always ends.
 */
export const CLIENT_REPLY_MS = 1;

interface Server {
  store: RaftStore;
  runtime: SimStoreRuntime;
}

/** A test cluster; see the file comment. */
export class Cluster {
  /** The simulator every part of the cluster runs on. */
  readonly sim: Simulator;
  /** The network between the stores. */
  readonly net: SimNetwork;
  /** The scheduler: regions and leaders, learned from heartbeats. */
  readonly scheduler: MockScheduler;
  /** The stores' configuration. */
  readonly cfg: StoreConfig;
  /** The number of stores; their ids are 1..count. */
  readonly count: number;
  /** Every client operation, for the linearizability check. */
  readonly history = new HistoryRecorder<KvInput, KvOutput>();
  /** The client the cluster's own mustPut, get, ... use. */
  readonly main: Client;
  private readonly opts: ClusterOptions;
  private readonly storeEngines = new Map<number, StoreEngines>();
  private readonly servers = new Map<number, Server>();
  /** Each store's disk for snapshot files, kept across restarts like the engines. */
  private readonly disks = new Map<number, SimDisk>();
  /** Each store's crash switch (sim/crash.ts), shared by its two engines and kept across restarts. */
  private readonly crashSwitches = new Map<number, CrashSwitch>();
  /** The persist-before-send check, which also records the leaders of each term; null if turned off. */
  readonly persistCheck: PersistChecker | null;
  private readonly clients = new Map<number, Client>();
  private started = false;
  private closed = false;
  private problems: Error[] = [];
  private rejectFailed: (e: unknown) => void = () => undefined;
  /**
   * Rejects with the first failure of work started by `spawn` (or reported with `problem`);
   * never resolves. run.ts races the test's body against it.
   */
  readonly failed: Promise<never>;

  constructor(opts: ClusterOptions) {
    this.opts = opts;
    this.count = opts.count;
    this.sim = new Simulator(opts.seed, opts.simulator);
    this.net = new SimNetwork(this.sim, opts.network);
    // TinyKV: NewMockSchedulerClient(clusterID 0, baseID count+1).
    this.scheduler = new MockScheduler(0, opts.count + 1);
    this.cfg = { ...newTestConfig(), ...opts.config };
    this.main = this.client(MAIN_CLIENT);
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined);
    this.persistCheck = opts.checkPersistBeforeSend === false ? null
      : new PersistChecker((id) => this.storeEnginesOf(id), (e) => this.problem(e), () => this.sim.now());
  }

  /**
   * Starts concurrent work (a client, the chaos loop). If it throws, the test fails at once
   * (through `failed`), as TinyKV's log.Fatalf in a client goroutine ends the test. The
   * returned promise gives the work's result, or rejects with its error too.
   */
  spawn<T>(name: string, work: () => Promise<T>): Promise<T> {
    const p = work().catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      this.sim.trace.record({ topic: 'client', kind: 'fail', message: `${name} failed: ${err.message}` });
      this.rejectFailed(err);
      throw err;
    });
    p.catch(() => undefined);
    return p;
  }

  /** The election timeout the tests wait for: base tick × election ticks (500 ms). */
  get electionTimeoutMs(): number {
    return this.cfg.raftBaseTickInterval * this.cfg.raftElectionTimeoutTicks;
  }

  /** The ids of the stores, 1..count. */
  storeIds(): number[] {
    return Array.from({ length: this.count }, (_, i) => i + 1);
  }

  /** The client with this id (made on first use); its operations are recorded under the id. */
  client(id: number): Client {
    let c = this.clients.get(id);
    if (c === undefined) {
      c = new Client(this, id);
      this.clients.set(id, c);
    }
    return c;
  }

  /**
   * TinyKV's Cluster.Start: makes each store's engines, bootstraps them with the first
   * region (every store has a peer, peer id = store id), tells the scheduler about the
   * stores, and starts every store.
   */
  start(): void {
    if (this.started) throw new Error('Cluster.start: the cluster was already started');
    this.started = true;
    const clusterId = this.scheduler.clusterId;
    for (const id of this.storeIds()) this.storeEngines.set(id, makeStoreEngines(id, this.opts.engine));
    const firstRegion: metapb.IRegion = {
      id: 1,
      startKey: new Uint8Array(0),
      endKey: new Uint8Array(0),
      regionEpoch: { version: INIT_EPOCH_VER, confVer: INIT_EPOCH_CONF_VER },
      peers: this.storeIds().map((id) => newPeer(id, id)),
    };
    for (const id of this.storeIds()) bootstrapStore(this.engines(id), clusterId, id);
    for (const id of this.storeIds()) prepareBootstrapCluster(this.engines(id), firstRegion);
    this.scheduler.bootstrap({ id: 1, address: '' });
    for (const id of this.storeIds()) {
      this.scheduler.putStore({ id, address: '' });
      clearPrepareBootstrapState(this.engines(id));
    }
    for (const id of this.storeIds()) this.startServer(id);
  }

  /** Starts store `id` on its engines: a new runtime, a new RaftStore, reachable on the network. */
  startServer(id: number): void {
    if (this.closed) throw new Error(`Cluster.startServer(${id}): the cluster is shut down`);
    if (this.servers.has(id)) throw new Error(`Cluster.startServer(${id}): store ${id} is already running`);
    const eng = this.storeEnginesOf(id);
    let disk = this.disks.get(id);
    if (disk === undefined) {
      disk = new SimDisk();
      this.disks.set(id, disk);
    }
    const check = this.persistCheck;
    let sampler: StoreStateSampler | null = null;
    const runtime: SimStoreRuntime = new SimStoreRuntime(this.sim, id, this.net, this.scheduler, {
      syncWriteMs: this.opts.syncWriteMs,
      disk,
      onCrash: (signal) => this.crashedAtWrite(id, runtime, signal),
      beforeSend: check === null ? undefined : (msg, kind) => check.beforeSend(id, msg, kind),
      afterRun: () => sampler?.sample(),
    });
    const crash = this.crashSwitchOf(id);
    crash.revive();
    // The crash takes effect at the write itself: nothing the store does after it goes out.
    crash.onTrip = (signal) => {
      runtime.stop();
      this.sim.schedule(0, () => this.crashedAtWrite(id, runtime, signal), `store ${id} crash`);
    };
    const charge = (): void => runtime.chargeDiskWrite();
    eng.kv.setOnWrite(charge);
    eng.raft.setOnWrite(charge);
    const store = new RaftStore({ storeId: id, config: this.cfg, engines: eng.engines, runtime });
    sampler = new StoreStateSampler(this.sim, id, store);
    this.servers.set(id, { store, runtime });
    this.net.register(id, (msg) => runtime.runGuarded(() => store.onRaftMessage(msg)),
      (chunk) => runtime.runGuarded(() => store.onSnapshotChunk(chunk)));
    this.sim.trace.record({ store: id, topic: 'fault', kind: 'start', message: `store ${id} starts` });
    runtime.runGuarded(() => store.start());
  }

  /**
   * Arms a crash of store `id` at a write of its engines (sim/crash.ts): when the write that
   * `arm.match` picks comes, before or after it is applied, the store crashes at once, as
   * stopServer does (memory lost, engines and fsynced files kept). The arm outlives restarts
   * until it fires or is disarmed.
   */
  armCrash(id: number, arm: CrashArm): void {
    this.sim.trace.record({ store: id, topic: 'fault', kind: 'arm', message: `store ${id} will crash ${arm.when} ${arm.label}` });
    this.crashSwitchOf(id).arm(arm);
  }

  /** Disarms store `id`'s pending crash, if any. */
  disarmCrash(id: number): void {
    this.crashSwitchOf(id).disarm();
  }

  /** How many armed crashes of store `id` fired. */
  crashesFired(id: number): number {
    return this.crashSwitchOf(id).fired;
  }

  /** Store `id`'s crash switch, attached to both of its engines. */
  private crashSwitchOf(id: number): CrashSwitch {
    let sw = this.crashSwitches.get(id);
    if (sw === undefined) {
      sw = new CrashSwitch();
      this.crashSwitches.set(id, sw);
      const eng = this.storeEnginesOf(id);
      eng.kv.name = 'kv';
      eng.raft.name = 'raft';
      eng.kv.crashSwitch = sw;
      eng.raft.crashSwitch = sw;
    }
    return sw;
  }

  /** A write crashed store `id` (this life of it, `runtime`): stopServer now, unless already done. */
  private crashedAtWrite(id: number, runtime: SimStoreRuntime, signal: CrashSignal): void {
    if (this.servers.get(id)?.runtime !== runtime) return;
    this.sim.trace.record({ store: id, topic: 'fault', kind: 'crash', message: `store ${id} loses power: ${signal.message}` });
    this.stopServer(id);
  }

  /** Crashes store `id`: its timers stop, its memory is gone, its engines stay. */
  stopServer(id: number): void {
    const server = this.servers.get(id);
    if (server === undefined) throw new Error(`Cluster.stopServer(${id}): store ${id} is not running`);
    this.sim.trace.record({ store: id, topic: 'fault', kind: 'stop', message: `store ${id} stops (crash)` });
    this.servers.delete(id);
    this.net.unregister(id);
    server.store.stop();
    server.runtime.stop();
    // A crash keeps only the snapshot files that were fsynced.
    this.disks.get(id)?.crash();
    const eng = this.storeEnginesOf(id);
    eng.kv.setOnWrite(null);
    eng.raft.setOnWrite(null);
  }

  /** True if store `id` is running. */
  isRunning(id: number): boolean {
    return this.servers.has(id);
  }

  /** Stops every running store, closes the engines and removes their files. Safe to call twice. */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.sim.trace.record({ topic: 'sim', kind: 'shutdown', message: 'the cluster shuts down' });
    for (const id of [...this.servers.keys()]) this.stopServer(id);
    for (const eng of this.storeEngines.values()) closeStoreEngines(eng);
  }

  /** Adds a network filter (TinyKV's AddFilter). */
  addFilter(f: Filter): void {
    this.sim.trace.record({ topic: 'fault', kind: 'filter', message: `add ${describeFilter(f)}`, data: filterData(f) });
    this.net.addFilter(f);
  }

  /** Removes every network filter (TinyKV's ClearFilters). */
  clearFilters(): void {
    this.sim.trace.record({ topic: 'fault', kind: 'filter', message: 'clear filters', data: { type: 'filter', op: 'clear' } });
    this.net.clearFilters();
  }

  /** Store `id`'s engines (the test reads them directly, bypassing raft). */
  engines(id: number): Engines {
    return this.storeEnginesOf(id).engines;
  }

  /**
   * Sends a command to the store named by `req.header.peer` and waits up to `timeoutMs` of
   * virtual time for the answer (TinyKV's CallCommand): null if none came. A stopped store
   * never answers. The store gets its own copy of the request.
   */
  callCommand(req: raft_cmdpb.IRaftCmdRequest, timeoutMs: number): Promise<CmdResult | null> {
    const storeId = req.header?.peer?.storeId ?? 0;
    const server = this.servers.get(storeId);
    return new Promise((resolve) => {
      let settled = false;
      let answers = 0;
      const cancelTimeout = this.sim.schedule(timeoutMs, () => {
        if (settled) return;
        settled = true;
        resolve(null);
      }, 'client timeout');
      if (server === undefined) return;
      const copy = raft_cmdpb.RaftCmdRequest.decode(raft_cmdpb.RaftCmdRequest.encode(req).finish());
      server.store.sendRaftCommand(copy, (resp, snap) => {
        answers++;
        if (answers > 1) {
          snap?.release();
          this.problem(new Error(`store ${storeId} called back twice for one command (region ${req.header?.regionId ?? 0}); `
            + 'a callback must be called exactly once'));
          return;
        }
        this.sim.scheduleAt(server.runtime.now() + CLIENT_REPLY_MS, () => {
          if (settled) {
            snap?.release();
            return;
          }
          settled = true;
          cancelTimeout();
          resolve({ resp, snap });
        }, `reply from store ${storeId}`);
      });
    });
  }

  /** Records a problem found outside a client call (e.g. a store misusing a callback); run.ts fails the test with it. */
  problem(e: Error): void {
    this.problems.push(e);
    this.rejectFailed(e);
  }

  /** The problems recorded so far. */
  get recordedProblems(): readonly Error[] {
    return this.problems;
  }

  // ---- TinyKV's client API, on the main client -----------------------------------------------

  /** TinyKV's MustPut: puts key = value in the default column family, or throws. */
  mustPut(key: Key, value: Key): Promise<void> {
    return this.main.mustPut(key, value);
  }

  /** TinyKV's MustPutCF. */
  mustPutCF(cf: string, key: Key, value: Key): Promise<void> {
    return this.main.mustPutCF(cf, key, value);
  }

  /** TinyKV's Get: the value of `key` (empty if absent). */
  get(key: Key): Promise<Uint8Array> {
    return this.main.get(key);
  }

  /** TinyKV's GetCF. */
  getCF(cf: string, key: Key): Promise<Uint8Array> {
    return this.main.getCF(cf, key);
  }

  /** TinyKV's MustGet: throws unless `key` reads `value`. */
  mustGet(key: Key, value: Key): Promise<void> {
    return this.main.mustGet(key, value);
  }

  /** TinyKV's MustDelete. */
  mustDelete(key: Key): Promise<void> {
    return this.main.mustDelete(key);
  }

  /** TinyKV's MustDeleteCF. */
  mustDeleteCF(cf: string, key: Key): Promise<void> {
    return this.main.mustDeleteCF(cf, key);
  }

  /** TinyKV's Scan: the values of the keys in [start, end) in key order (end empty: no end). */
  scan(start: Key, end: Key): Promise<Uint8Array[]> {
    return this.main.scan(start, end);
  }

  /** TinyKV's Request: the client loop (find the region, call its leader, retry). */
  request(key: Key, reqs: raft_cmdpb.IRequest[], timeoutMs: number): Promise<CmdResult> {
    return this.main.request(toBytes(key), reqs, timeoutMs);
  }

  /** TinyKV's CallCommandOnLeader. */
  callCommandOnLeader(req: raft_cmdpb.IRaftCmdRequest, timeoutMs: number): Promise<CmdResult | null> {
    return this.main.callCommandOnLeader(req, timeoutMs);
  }

  // ---- engine-level checks (they bypass raft) ------------------------------------------------

  /** TinyKV's MustGetCfEqual: polls `engines.kv` every 20 ms, up to 300 times, until cf/key reads `value`. */
  async mustGetCfEqual(engines: Engines, cf: string, key: Key, value: Key): Promise<void> {
    const k = toBytes(key);
    const want = toBytes(value);
    let got: Uint8Array | undefined;
    for (let i = 0; i < 300; i++) {
      got = getCF(engines.kv, cf, k);
      if (got !== undefined && bytesEqual(got, want)) return;
      await this.sim.sleep(20);
    }
    throw new Error(`expected ${showBytes(want)} for key ${showBytes(k)} (cf ${cf}) in the engine within 6 s, `
      + `but it reads ${got === undefined ? 'nothing (the key is absent)' : showBytes(got)}`);
  }

  /** TinyKV's MustGetEqual: MustGetCfEqual in the default column family. */
  mustGetEqual(engines: Engines, key: Key, value: Key): Promise<void> {
    return this.mustGetCfEqual(engines, CfDefault, key, value);
  }

  /** TinyKV's MustGetCfNone: polls `engines.kv` every 20 ms, up to 300 times, until cf/key is absent. */
  async mustGetCfNone(engines: Engines, cf: string, key: Key): Promise<void> {
    const k = toBytes(key);
    let got: Uint8Array | undefined;
    for (let i = 0; i < 300; i++) {
      got = getCF(engines.kv, cf, k);
      if (got === undefined) return;
      await this.sim.sleep(20);
    }
    throw new Error(`expected key ${showBytes(k)} (cf ${cf}) to be absent from the engine within 6 s, `
      + `but it still reads ${showBytes(got)}`);
  }

  /** TinyKV's MustGetNone: MustGetCfNone in the default column family. */
  mustGetNone(engines: Engines, key: Key): Promise<void> {
    return this.mustGetCfNone(engines, CfDefault, key);
  }

  private storeEnginesOf(id: number): StoreEngines {
    const e = this.storeEngines.get(id);
    if (e === undefined) throw new Error(`no store ${id} in this cluster (stores 1..${this.count}; was start() called?)`);
    return e;
  }
}

/** True if two byte strings are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A filter's class and settings as trace data: sets become sorted arrays; the simulator and functions are left out. */
function filterData(f: Filter): FilterData {
  const fields: Record<string, number | string | boolean | number[]> = {};
  for (const [k, v] of Object.entries(f as unknown as Record<string, unknown>)) {
    if (k === 'sim') continue;
    if (v instanceof Set) fields[k] = [...(v as Set<unknown>)].filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') fields[k] = v;
  }
  return { type: 'filter', op: 'add', name: f.constructor.name, fields };
}

/** A filter as text for the trace. */
function describeFilter(f: Filter): string {
  const fields = Object.entries(f as unknown as Record<string, unknown>)
    .filter(([k]) => k !== 'sim')
    .map(([k, v]) => `${k}=${v instanceof Set ? `{${[...v as Set<unknown>].join(',')}}` : String(v)}`);
  return `${f.constructor.name}(${fields.join(' ')})`;
}
