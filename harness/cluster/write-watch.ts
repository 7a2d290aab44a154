/**
 * Watching a store's engine writes as they happen (SimEngine.watch), for checks that must look
 * at the engines right after a given write: "once the snapshot is installed, no old log entry
 * is left", "the moment the entry at index i is applied".
 *
 * The watcher runs inside the store's code, synchronously after each write of either engine
 * (across restarts: the engines outlive them). It must not throw: it reports a problem with
 * `cluster.problem(...)`, which fails the test at once.
 */
import type { WriteBatch } from '@target/kv/engine/engine';
import { SimEngine } from '../sim/sim-engine';
import type { Cluster } from './cluster';

/** Called after each write of a store's kv or raft engine. */
export type StoreWriteWatcher = (batch: WriteBatch, engine: 'kv' | 'raft') => void;

/** Calls `fn` after every write of store `id`'s two engines from now on; returns the function that stops it. */
export function watchStoreWrites(cluster: Cluster, id: number, fn: StoreWriteWatcher): () => void {
  const { kv, raft } = cluster.engines(id);
  if (!(kv instanceof SimEngine) || !(raft instanceof SimEngine)) {
    throw new Error(`watchStoreWrites: store ${id}'s engines are not the simulator's SimEngines`);
  }
  const stops = [kv.watch((b) => fn(b, 'kv')), raft.watch((b) => fn(b, 'raft'))];
  return () => {
    for (const stop of stops) stop();
  };
}
