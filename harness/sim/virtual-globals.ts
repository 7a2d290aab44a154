/**
 * While a simulation runs, the ambient sources of nondeterminism become the simulator's:
 * `Math.random` is its seeded generator, `Date.now` its virtual clock (whole milliseconds, as
 * Date.now always is), `performance.now` the virtual clock with its fraction. Code that reads
 * them (a store's randomized election timeout, a client's deadline) is then replayable.
 */

/** What the globals are replaced with. */
export interface VirtualSources {
  random(): number;
  /** Virtual time in milliseconds. */
  now(): number;
}

/** Installs `src` as Math.random, Date.now and (if present) performance.now; returns the undo. */
export function installVirtualGlobals(src: VirtualSources): () => void {
  const random = Math.random;
  const dateNow = Date.now;
  Math.random = () => src.random();
  Date.now = () => Math.floor(src.now());
  const restorePerf = replacePerformanceNow(() => src.now());
  return () => {
    Math.random = random;
    Date.now = dateNow;
    restorePerf();
  };
}

function replacePerformanceNow(now: () => number): () => void {
  const perf: { now(): number } | undefined = (globalThis as { performance?: { now(): number } }).performance;
  if (perf === undefined || typeof perf.now !== 'function') return () => undefined;
  const own = Object.getOwnPropertyDescriptor(perf, 'now');
  try {
    Object.defineProperty(perf, 'now', { value: now, configurable: true, writable: true });
  } catch {
    return () => undefined; // a frozen performance object: leave it alone
  }
  return () => {
    if (own === undefined) delete (perf as { now?: () => number }).now;
    else Object.defineProperty(perf, 'now', own);
  };
}
