/**
 * The storage engines: the Engine interface and WriteBatch (engine.ts), column families
 * (cf.ts), a store's pair of engines (engines.ts), MemEngine (in memory, for the simulator)
 * and LmdbEngine (durable, on LMDB).
 *
 * Importing this file loads lmdb's native module; code that needs only MemEngine can import
 * './mem-engine' directly.
 */
export * from './engine';
export * from './cf';
export * from './engines';
export { MAX_KEY_BYTES } from './bytes';
export * from './mem-engine';
export * from './lmdb-engine';
