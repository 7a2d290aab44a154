/**
 * The discrete-event simulator at the heart of the bench: a virtual clock, one seeded source
 * of randomness and an agenda of events. Nothing waits for real time: `run` pops the earliest
 * event, moves the clock to its time and runs it, again and again, so a test that spans
 * minutes of virtual time takes as long as its events take to compute.
 *
 * How async test code fits in, and why a run is deterministic. Test code is async (`await
 * sim.sleep(100)`, `await cluster.mustPut(...)`); events are plain synchronous callbacks. Every
 * piece of test code runs on the microtask queue, and `run` lets that queue drain completely
 * after every event and before the next one: after an event that woke a sleeper it yields to
 * the event loop once (`setImmediate`, which runs only after every microtask has run), after
 * any other event it waits for a `process.nextTick` callback (which Node runs only once the
 * microtask queue is empty, again: after all test code that the event woke up, however deep
 * its chain of awaits). So test code never runs concurrently with an event, it always runs
 * at the virtual time of the event that woke it, and the interleaving of test code and events
 * depends on nothing but the order of events, which depends on nothing but the seed: events
 * run by (time, scheduling order), and all randomness comes from the seeded generator.
 * (The cheap nextTick drain after every event is what lets a promise resolved by any event,
 * such as a store callback wrapped in a promise, wake its awaiter on time without telling the
 * simulator; the costlier setImmediate is kept for the sleeps, which also lets Node's event
 * loop breathe now and then.)
 *
 * While `run` is active, Math.random, Date.now and performance.now are the simulator's (see
 * virtual-globals.ts). The event budget stops a run that no longer makes progress (a livelock,
 * or a test waiting for something that never happens while timers keep firing) instead of
 * letting it spin until a wall-clock timeout.
 */
import { SimBudgetError, SimDeadlockError, SimEventError } from './errors';
import { EventQueue, SimEvent } from './event-queue';
import { seededRandom } from './seed';
import { Trace } from './trace';
import { installVirtualGlobals } from './virtual-globals';

/** Options of a Simulator. */
export interface SimulatorOptions {
  /** The most events one simulator runs in all (default DEFAULT_EVENT_BUDGET). */
  eventBudget?: number;
  /** How many of the latest trace events are kept (default: Trace's). */
  traceCap?: number;
}

/** The default event budget: far more than any graded test needs. */
export const DEFAULT_EVENT_BUDGET = 5_000_000;

/** How far a run got. */
export interface SimStats {
  /** Events run so far (cancelled ones are not counted). */
  events: number;
  /** The virtual time, in ms. */
  virtualMs: number;
}

// Captured at load time, so that fake timers installed by a test cannot stall a run.
const realSetImmediate = setImmediate;
const realNextTick = process.nextTick.bind(process);

/** Resolves once every pending microtask (and every one they queue) has run. */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => realNextTick(resolve));
}

/** Resolves on the next turn of Node's event loop, after every pending microtask has run. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Watches a promise; `outcome` is null until it settles. */
class Settlement<T> {
  private result: Outcome<T> | null = null;

  constructor(p: Promise<T>) {
    p.then((value) => { this.result = { ok: true, value }; }, (error: unknown) => { this.result = { ok: false, error }; });
  }

  get outcome(): Outcome<T> | null {
    return this.result;
  }
}

/** The seed of the simulator whose run is active: globals can be virtual for one run at a time only. */
let activeSeed: number | null = null;

/** A deterministic discrete-event simulator; see the file comment. */
export class Simulator {
  /** The seed: the same seed gives the same run, event for event. */
  readonly seed: number;
  /** Everything that happened, for failing tests and the log viewer. */
  readonly trace: Trace;
  private readonly rng: () => number;
  private readonly queue = new EventQueue();
  private readonly eventBudget: number;
  private clock = 0;
  private nextSeq = 0;
  private executed = 0;
  private woke = false;
  private lastLabel = '(none)';

  constructor(seed: number, opts: SimulatorOptions = {}) {
    if (!Number.isSafeInteger(seed)) throw new Error(`Simulator: the seed must be an integer, got ${seed}`);
    this.seed = seed;
    this.eventBudget = opts.eventBudget ?? DEFAULT_EVENT_BUDGET;
    if (!(this.eventBudget > 0)) throw new Error(`Simulator: eventBudget must be positive, got ${this.eventBudget}`);
    this.rng = seededRandom(seed);
    this.trace = new Trace(() => this.clock, seed, { cap: opts.traceCap });
  }

  /** The virtual time in milliseconds (0 at the start). */
  now(): number {
    return this.clock;
  }

  /** A number in [0, 1) from the seeded generator. */
  random(): number {
    return this.rng();
  }

  /** An integer in [lo, hi], both included, from the seeded generator. */
  randomInt(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new Error(`Simulator.randomInt: want integers lo <= hi, got ${lo} and ${hi}`);
    }
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  /** Runs `fn` `delayMs` virtual milliseconds from now; returns a function that cancels it. */
  schedule(delayMs: number, fn: () => void, label?: string): () => void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new Error(`Simulator.schedule: want a finite delay >= 0, got ${delayMs}`);
    return this.scheduleAt(this.clock + delayMs, fn, label);
  }

  /**
   * Runs `fn` at virtual time `time` (not in the past); returns a function that cancels it.
   * Events due at the same time run in the order they were scheduled.
   */
  scheduleAt(time: number, fn: () => void, label = 'event'): () => void {
    if (!(time >= this.clock) || !Number.isFinite(time)) {
      throw new Error(`Simulator.scheduleAt: time ${time} is not a finite time at or after now (${this.clock})`);
    }
    const ev: SimEvent = { time, seq: this.nextSeq++, fn, label, cancelled: false };
    this.queue.push(ev);
    return () => {
      ev.cancelled = true;
    };
  }

  /** Resolves when the virtual clock reaches now + ms. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(ms, () => {
        this.woke = true;
        resolve();
      }, 'sleep');
    });
  }

  /** How far the simulation got. */
  stats(): SimStats {
    return { events: this.executed, virtualMs: this.clock };
  }

  /**
   * Runs events until `body` settles, and returns (or throws) what it did. Fails with
   * SimDeadlockError if no event is left while `body` still waits, SimBudgetError once the
   * event budget is spent, and SimEventError if an event throws. Math.random, Date.now and
   * performance.now are virtual meanwhile and restored afterwards, whatever happens. Events
   * still queued when `body` settles stay queued for a later run.
   */
  async run<T>(body: () => Promise<T>): Promise<T> {
    if (activeSeed !== null) throw new Error(`Simulator.run: a simulation (seed ${activeSeed}) is already running`);
    activeSeed = this.seed;
    const restore = installVirtualGlobals({ random: () => this.rng(), now: () => this.clock });
    try {
      return await this.drive(body);
    } finally {
      restore();
      activeSeed = null;
    }
  }

  private async drive<T>(body: () => Promise<T>): Promise<T> {
    const settlement = new Settlement(new Promise<T>((resolve) => resolve(body())));
    await drainMicrotasks();
    for (;;) {
      const outcome = settlement.outcome;
      if (outcome !== null) {
        if (outcome.ok) return outcome.value;
        throw outcome.error;
      }
      const ev = this.queue.pop();
      if (ev === undefined) {
        await yieldToEventLoop();
        if (settlement.outcome === null && this.queue.size === 0) throw new SimDeadlockError(this.seed, this.clock);
        continue;
      }
      if (this.executed >= this.eventBudget) {
        this.queue.push(ev);
        throw new SimBudgetError(this.seed, this.clock, this.eventBudget, this.lastLabel);
      }
      this.step(ev);
      if (this.woke) await yieldToEventLoop();
      else await drainMicrotasks();
    }
  }

  /** Runs one event at its time. */
  private step(ev: SimEvent): void {
    this.executed++;
    this.clock = ev.time;
    this.lastLabel = ev.label;
    this.woke = false;
    try {
      ev.fn();
    } catch (e) {
      throw new SimEventError(this.seed, this.clock, ev.label, e);
    }
  }
}
