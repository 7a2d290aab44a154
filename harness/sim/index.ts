/**
 * The deterministic simulation bench: simulator (virtual time, seeded randomness, events),
 * trace, network (latency, filters, counts), store runtime (disk time) and engine wrapper.
 *
 * How a cluster wires one store: engines are made once, wrapped in SimEngine, and kept across
 * crashes. Each start makes `runtime = new SimStoreRuntime(sim, id, net, scheduler)`, points
 * both engines' `setOnWrite` at `() => runtime.chargeDiskWrite()`, creates the store with that
 * runtime and calls `net.register(id, (msg) => store.onRaftMessage(msg))`. A crash is
 * `runtime.stop()`, `net.unregister(id)`, `store.stop()`. Test code runs inside
 * `sim.run(async () => ...)` and waits with `sim.sleep(ms)`.
 */
export * from './describe-message';
export * from './errors';
export * from './event-queue';
export * from './filters';
export * from './net-counts';
export * from './network';
export * from './seed';
export * from './sim-engine';
export * from './simulator';
export * from './store-runtime';
export * from './trace';
export * from './virtual-globals';
export * from './sim-disk';
export * from './crash';
