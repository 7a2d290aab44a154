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

/** The undo of every installation not undone yet, newest last. */
const installed: (() => void)[] = [];

/** Installs `src` as Math.random, Date.now and (if present) performance.now; returns the undo. */
export function installVirtualGlobals(src: VirtualSources): () => void {
  const random = Math.random;
  const dateNow = Date.now;
  Math.random = () => src.random();
  Date.now = () => Math.floor(src.now());
  const restorePerf = replacePerformanceNow(() => src.now());
  const undo = (): void => {
    const i = installed.lastIndexOf(undo);
    if (i < 0) return; // undone already (by restoreLeftoverVirtualGlobals)
    installed.splice(i, 1);
    Math.random = random;
    Date.now = dateNow;
    restorePerf();
  };
  installed.push(undo);
  return undo;
}

/**
 * Undoes every installation still in place, newest first, and returns how many there were. A
 * test that jest abandons at its timeout never reaches the simulation's own undo; the jest
 * setup calls this after every test so that the next test starts with the real globals (and
 * is not blamed for the leftovers).
 */
export function restoreLeftoverVirtualGlobals(): number {
  const n = installed.length;
  while (installed.length > 0) installed[installed.length - 1]();
  return n;
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
