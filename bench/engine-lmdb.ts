/**
 * engine/lmdb-batch and engine/mem-batch: write batches per second on one engine of
 * solution/. One op = one WriteBatch of 3 puts (9-byte keys, 100-byte values), the shape of a
 * raft Ready persisted by a store. On LmdbEngine every batch is synced to disk before write()
 * returns, so its figure is the disk's sync rate; on MemEngine it is the cost of the B-tree
 * and the copies. The keys cycle over 30,000 keys, so the engine stays small (as a raft log
 * does with log GC).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, WriteBatch } from '../solution/kv/engine/engine';
import { LmdbEngine } from '../solution/kv/engine/lmdb-engine';
import { MemEngine } from '../solution/kv/engine/mem-engine';
import { BenchResult } from './result';

/** Distinct indexes per key prefix. */
const WINDOW = 10_000;

/** The key `prefix` + index as 8 bytes big-endian (index < 2^32). */
function key(prefix: number, index: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = prefix;
  k[5] = index >>> 24;
  k[6] = (index >>> 16) & 0xff;
  k[7] = (index >>> 8) & 0xff;
  k[8] = index & 0xff;
  return k;
}

/** Writes batch `i`: 3 puts whose values start with i (the engine copies them). */
function writeBatch(engine: Engine, value: Uint8Array, i: number): void {
  new DataView(value.buffer).setUint32(0, i);
  const slot = i % WINDOW;
  engine.write(new WriteBatch().put(key(1, slot), value).put(key(2, slot), value).put(key(3, slot), value));
}

/** Runs the benchmark on a fresh engine of `kind` and returns its figures. */
export function runEngineBatch(kind: 'lmdb' | 'mem', ops: number, warmup: number): BenchResult {
  const dir = kind === 'lmdb' ? fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-bench-')) : null;
  const engine: Engine = dir === null ? new MemEngine() : LmdbEngine.open(dir);
  try {
    const value = new Uint8Array(100).fill(0x5a);
    for (let i = 0; i < warmup; i++) writeBatch(engine, value, i);
    if (typeof global.gc === 'function') global.gc();
    const start = process.hrtime.bigint();
    for (let i = warmup; i < warmup + ops; i++) writeBatch(engine, value, i);
    const ns = Number(process.hrtime.bigint() - start);
    const last = warmup + ops - 1;
    const got = engine.get(key(3, last % WINDOW));
    if (got === undefined || new DataView(got.buffer, got.byteOffset).getUint32(0) !== last) {
      throw new Error(`bench: engine/${kind}-batch: the last batch (${last}) is not in the engine`);
    }
    return {
      name: `engine/${kind}-batch`,
      ops,
      nsPerOp: ns / ops,
      opsPerSec: ops / (ns / 1e9),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  } finally {
    engine.close();
    if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  }
}
