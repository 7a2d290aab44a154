/**
 * The engines of one simulated store: kv and raft, each wrapped in a SimEngine so that the
 * running store is charged for its disk writes. MemEngine by default; with RAFTKV_ENGINE=lmdb
 * (or the cluster option `engine: 'lmdb'`), LmdbEngine in a fresh temporary folder per store
 * (`<tmp>/raftkv-lmdb-s<id>-XXXXXX/{kv,raft}`), removed when the cluster shuts down. A crash
 * (stopServer) keeps the engines open, as TinyKV's test cluster does: the store's memory is
 * lost, its engines are not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine } from '@target/kv/engine/engine';
import { Engines } from '@target/kv/engine/engines';
import { LmdbEngine } from '@target/kv/engine/lmdb-engine';
import { MemEngine } from '@target/kv/engine/mem-engine';
import { SimEngine } from '../sim/sim-engine';

/** Which engine the stores run on. */
export type EngineKind = 'mem' | 'lmdb';

/** A store's engines, the SimEngine wrappers, and the folder to remove (lmdb). */
export interface StoreEngines {
  kv: SimEngine;
  raft: SimEngine;
  engines: Engines;
  dir: string | null;
}

/** The engine kind: the option if given, else RAFTKV_ENGINE, else 'mem'. */
export function engineKind(kind?: EngineKind): EngineKind {
  if (kind !== undefined) return kind;
  const env = process.env.RAFTKV_ENGINE;
  if (env === undefined || env === '' || env === 'mem') return 'mem';
  if (env === 'lmdb') return 'lmdb';
  throw new Error(`RAFTKV_ENGINE must be "mem" or "lmdb", got "${env}"`);
}

/**
 * LMDB without a file sync per batch. The bench's crashes are simulated (SimEngine and the
 * crash points decide what a crash loses); the process and the page cache live on, so a sync
 * would protect nothing and cost a disk round trip per batch: one TestConcurrent2B took 373 s
 * of wall time with syncs and 16 s without on a busy 2-core machine, with the same trace.
 */
const SIMULATED_DISK = { sync: false } as const;

/** Makes store `storeId`'s engines. */
export function makeStoreEngines(storeId: number, kind?: EngineKind): StoreEngines {
  let dir: string | null = null;
  let kvInner: Engine;
  let raftInner: Engine;
  if (engineKind(kind) === 'lmdb') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `raftkv-lmdb-s${storeId}-`));
    kvInner = LmdbEngine.open(path.join(dir, 'kv'), SIMULATED_DISK);
    try {
      raftInner = LmdbEngine.open(path.join(dir, 'raft'), SIMULATED_DISK);
    } catch (e) {
      kvInner.close();
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  } else {
    kvInner = new MemEngine();
    raftInner = new MemEngine();
  }
  const kv = new SimEngine(kvInner);
  const raft = new SimEngine(raftInner);
  return { kv, raft, engines: new Engines(kv, raft), dir };
}

/** Closes a store's engines and removes their folder, if any. */
export function closeStoreEngines(e: StoreEngines): void {
  try {
    e.engines.close();
  } finally {
    if (e.dir !== null) fs.rmSync(e.dir, { recursive: true, force: true });
  }
}
