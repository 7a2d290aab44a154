/**
 * Unit tests of the discrete-event simulator (harness/sim/simulator.ts) and its trace:
 * determinism by seed, event order, virtual globals, and the failure modes (deadlock, event
 * budget, throwing events).
 */
import { SimBudgetError, SimDeadlockError, SimEventError, Simulator, Trace } from '../sim';

/** A little workload: three actors sleep random times and trace what they do. */
async function workload(sim: Simulator): Promise<void> {
  const actor = async (id: number): Promise<void> => {
    for (let i = 0; i < 20; i++) {
      await sim.sleep(sim.randomInt(1, 50) + sim.random());
      sim.trace.record({ store: id, topic: 'sim', kind: 'tick', message: `actor ${id} step ${i} draws ${Math.random().toFixed(6)}` });
    }
  };
  await Promise.all([actor(1), actor(2), actor(3)]);
}

async function traceOf(seed: number): Promise<string> {
  const sim = new Simulator(seed);
  await sim.run(() => workload(sim));
  return sim.trace.toText();
}

describe('Simulator determinism', () => {
  test('the same seed gives the same trace, byte for byte', async () => {
    const a = await traceOf(42);
    const b = await traceOf(42);
    expect(a.split('\n').length).toBeGreaterThan(60);
    expect(b).toBe(a);
  });

  test('different seeds give different traces', async () => {
    expect(await traceOf(1)).not.toBe(await traceOf(2));
  });

  test('random() stays in [0, 1) and randomInt covers [lo, hi] inclusive', () => {
    const sim = new Simulator(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const r = sim.random();
      expect(r >= 0 && r < 1).toBe(true);
      const n = sim.randomInt(3, 6);
      expect(Number.isInteger(n) && n >= 3 && n <= 6).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(() => sim.randomInt(5, 4)).toThrow('lo <= hi');
  });
});

describe('Simulator event order', () => {
  test('sleepers wake in order of their deadlines, at exactly that virtual time', async () => {
    const sim = new Simulator(1);
    const woke: string[] = [];
    await sim.run(async () => {
      const sleeper = async (ms: number): Promise<void> => {
        await sim.sleep(ms);
        woke.push(`${ms}@${sim.now()}`);
      };
      await Promise.all([sleeper(30), sleeper(10), sleeper(20.5)]);
    });
    expect(woke).toEqual(['10@10', '20.5@20.5', '30@30']);
    expect(sim.stats()).toEqual({ events: 3, virtualMs: 30 });
  });

  test('events due at the same time run in the order they were scheduled', async () => {
    const sim = new Simulator(1);
    const order: number[] = [];
    await sim.run(async () => {
      for (let i = 0; i < 10; i++) sim.schedule(i % 2 === 0 ? 5 : 0, () => order.push(i));
      sim.scheduleAt(5, () => order.push(100));
      await sim.sleep(5);
      order.push(200);
    });
    expect(order).toEqual([1, 3, 5, 7, 9, 0, 2, 4, 6, 8, 100, 200]);
  });

  test('two sleepers with the same deadline wake in the order they went to sleep', async () => {
    const sim = new Simulator(1);
    const woke: string[] = [];
    await sim.run(async () => {
      const names = ['a', 'b', 'c'];
      await Promise.all(names.map(async (n) => {
        await sim.sleep(7);
        woke.push(n);
      }));
    });
    expect(woke).toEqual(['a', 'b', 'c']);
  });

  test('a cancelled event does not run', async () => {
    const sim = new Simulator(1);
    const ran: string[] = [];
    await sim.run(async () => {
      const cancel = sim.schedule(5, () => ran.push('cancelled'));
      sim.schedule(6, () => ran.push('kept'));
      cancel();
      await sim.sleep(10);
    });
    expect(ran).toEqual(['kept']);
    expect(sim.stats().events).toBe(2);
  });

  test('test code woken by any event runs at that event\'s time, before the next event', async () => {
    const sim = new Simulator(1);
    const log: string[] = [];
    const deep = async (n: number, p: Promise<number>): Promise<number> => (n === 0 ? p : deep(n - 1, p));
    await sim.run(async () => {
      // A promise resolved by a plain event (as a store callback would), awaited through a deep chain.
      const answer = new Promise<number>((resolve) => sim.schedule(10, () => resolve(42)));
      sim.schedule(10, () => log.push(`next event at ${sim.now()}`));
      sim.schedule(11, () => log.push(`later event at ${sim.now()}`));
      const v = await deep(30, answer);
      log.push(`test code got ${v} at ${sim.now()}`);
      await sim.sleep(5);
    });
    expect(log).toEqual(['test code got 42 at 10', 'next event at 10', 'later event at 11']);
  });

  test('scheduling in the past or with a bad delay is refused', () => {
    const sim = new Simulator(1);
    expect(() => sim.schedule(-1, () => undefined)).toThrow('delay >= 0');
    expect(() => sim.schedule(Number.NaN, () => undefined)).toThrow('delay >= 0');
    expect(() => sim.scheduleAt(-0.5, () => undefined)).toThrow('at or after now');
  });

  test('events left when the body finishes run in a later run', async () => {
    const sim = new Simulator(1);
    const ran: number[] = [];
    sim.schedule(50, () => ran.push(sim.now()));
    await sim.run(() => sim.sleep(10));
    expect(ran).toEqual([]);
    await sim.run(() => sim.sleep(100));
    expect(ran).toEqual([50]);
    expect(sim.now()).toBe(110);
  });
});

describe('Simulator virtual globals', () => {
  test('inside run, Math.random is the seeded generator and Date.now/performance.now the virtual clock', async () => {
    const sim = new Simulator(9);
    const twin = new Simulator(9);
    const seen = await sim.run(async () => {
      const draws = [Math.random(), Math.random(), Math.random()];
      await sim.sleep(1500.75);
      return { draws, date: Date.now(), perf: performance.now() };
    });
    expect(seen.draws).toEqual([twin.random(), twin.random(), twin.random()]);
    expect(seen.date).toBe(1500);
    expect(seen.perf).toBe(1500.75);
  });

  test('the real globals are back after run', async () => {
    const random = Math.random;
    const dateNow = Date.now;
    const perfNow = performance.now;
    const sim = new Simulator(3);
    await sim.run(async () => {
      expect(Math.random).not.toBe(random);
      expect(Date.now).not.toBe(dateNow);
      await sim.sleep(1);
    });
    expect(Math.random).toBe(random);
    expect(Date.now).toBe(dateNow);
    expect(performance.now).toBe(perfNow);
    expect(Date.now()).toBeGreaterThan(1_600_000_000_000);
  });

  test('the real globals are back when the body throws', async () => {
    const random = Math.random;
    const dateNow = Date.now;
    const sim = new Simulator(3);
    await expect(sim.run(async () => {
      await sim.sleep(5);
      throw new Error('boom in the test');
    })).rejects.toThrow('boom in the test');
    expect(Math.random).toBe(random);
    expect(Date.now).toBe(dateNow);
  });

  test('a body that throws synchronously rejects the run', async () => {
    const random = Math.random;
    const sim = new Simulator(3);
    await expect(sim.run(() => {
      throw new Error('sync boom');
    })).rejects.toThrow('sync boom');
    expect(Math.random).toBe(random);
  });

  test('only one simulation runs at a time', async () => {
    const a = new Simulator(1);
    const b = new Simulator(2);
    await a.run(async () => {
      await expect(b.run(async () => 1)).rejects.toThrow('seed 1) is already running');
    });
  });
});

describe('Simulator failure modes', () => {
  test('waiting for what no event will resolve is a deadlock', async () => {
    const sim = new Simulator(77);
    const random = Math.random;
    const run = sim.run(async () => {
      await sim.sleep(12);
      await new Promise<void>(() => undefined);
    });
    await expect(run).rejects.toThrow(SimDeadlockError);
    await expect(run).rejects.toThrow('deadlock at t=12.000ms (seed 77): the test awaits something that no event will ever resolve');
    expect(Math.random).toBe(random);
  });

  test('an exhausted event budget fails the run, naming the budget, the time and the seed', async () => {
    const sim = new Simulator(1234, { eventBudget: 1000 });
    const tick = (): void => {
      sim.schedule(10, tick, 'tick');
    };
    tick();
    const run = sim.run(() => new Promise<void>(() => undefined));
    await expect(run).rejects.toThrow(SimBudgetError);
    await expect(run).rejects.toThrow(/event budget of 1000 events exceeded at t=10000\.000ms \(seed 1234\).*no longer makes progress/);
    expect(sim.stats().events).toBe(1000);
  });

  test('an event that throws fails the run with its label, time and seed', async () => {
    const sim = new Simulator(5);
    sim.schedule(3, () => {
      throw new Error('store invariant broken');
    }, 'store 2 tick');
    const run = sim.run(() => sim.sleep(10));
    await expect(run).rejects.toThrow(SimEventError);
    await expect(run).rejects.toThrow('event "store 2 tick" at t=3.000ms (seed 5) threw Error: store invariant broken');
  });
});

describe('Trace', () => {
  test('stamps time and sequence, formats lines, and writes JSON lines', async () => {
    const sim = new Simulator(11);
    await sim.run(async () => {
      sim.trace.record({ topic: 'sim', kind: 'start', message: 'hello' });
      await sim.sleep(1234.5674);
      sim.trace.record({ store: 3, topic: 'append', kind: 'send', message: 'MsgAppend 3->1' });
    });
    expect(sim.trace.toText()).toBe('t=0.000ms -- sim      start hello\nt=1234.567ms s3 append   send MsgAppend 3->1\n');
    const lines = sim.trace.toJSONLines().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { t: 0, seq: 0, store: null, topic: 'sim', kind: 'start', message: 'hello' },
      { t: 1234.5674, seq: 1, store: 3, topic: 'append', kind: 'send', message: 'MsgAppend 3->1' },
    ]);
  });

  test('keeps only the latest events up to its cap and counts the dropped ones', () => {
    let t = 0;
    const trace = new Trace(() => t, 1, { cap: 3 });
    for (let i = 0; i < 5; i++) {
      t = i;
      trace.record({ topic: 'sim', kind: 'k', message: `m${i}` });
    }
    expect(trace.dropped).toBe(2);
    expect(trace.recorded).toBe(5);
    expect(trace.events().map((e) => e.message)).toEqual(['m2', 'm3', 'm4']);
    expect(trace.events().map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  test('writeFile writes <dir>/<name>-seed<seed>.trace', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-trace-'));
    try {
      const trace = new Trace(() => 5, 99);
      trace.record({ store: 1, topic: 'fault', kind: 'crash', message: 'store 1 stopped' });
      const file = trace.writeFile(dir, 'TestBasic2B / one client');
      expect(file).toBe(path.join(dir, 'TestBasic2B_one_client-seed99.trace'));
      expect(fs.readFileSync(file, 'utf8')).toBe('# seed 99: 1 events\nt=5.000ms s1 fault    crash store 1 stopped\n');
      const jsonl = trace.writeJSONLinesFile(dir, 'x');
      expect(fs.readFileSync(jsonl, 'utf8')).toBe(trace.toJSONLines());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
