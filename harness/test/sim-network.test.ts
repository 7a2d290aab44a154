/**
 * Unit tests of the simulated network (latency, reordering, filters, counts, delivery), the
 * simulated store runtime (disk time, stop) and the engine wrapper (harness/sim).
 */
import { eraftpb, metapb, raft_serverpb } from '@target/proto/codec';
import { Bytes, Engine, EngineSnapshot, WriteBatch } from '@target/kv/engine/engine';
import {
  DropFilter, Filter, MessageTypeFilter, OneWayFilter, PartitionFilter, SimEngine, SimNetwork, SimStoreRuntime, Simulator,
} from '../sim';

const { MsgAppend, MsgHeartbeat, MsgRequestVote } = eraftpb.MessageType;

function msg(from: number, to: number, msgType = MsgAppend, index = 0): raft_serverpb.IRaftMessage {
  return {
    regionId: 1,
    fromPeer: { id: from + 10, storeId: from },
    toPeer: { id: to + 10, storeId: to },
    regionEpoch: { confVer: 1, version: 1 },
    message: { msgType, from: from + 10, to: to + 10, term: 6, index, logTerm: 6, commit: 3, entries: [{ term: 6, index: index + 1, data: new Uint8Array([1, 2, 3]) }] },
  };
}

interface Arrival {
  at: number;
  to: number;
  msg: raft_serverpb.RaftMessage;
}

/** A simulator, a network and stores 1..n that record what reaches them. */
function setup(seed: number, n: number, opts?: { minLatencyMs?: number; maxLatencyMs?: number }) {
  const sim = new Simulator(seed);
  const net = new SimNetwork(sim, opts);
  const arrivals: Arrival[] = [];
  for (let s = 1; s <= n; s++) net.register(s, (m) => arrivals.push({ at: sim.now(), to: s, msg: m }));
  return { sim, net, arrivals };
}

/** Sends `count` messages from 1 to 2 at time 0, numbered by message.index, and lets them all arrive. */
async function burst(sim: Simulator, net: SimNetwork, count: number, from = 1, to = 2): Promise<void> {
  await sim.run(async () => {
    for (let i = 0; i < count; i++) net.send(from, msg(from, to, MsgAppend, i));
    await sim.sleep(1000);
  });
}

describe('SimNetwork delivery', () => {
  test('each message arrives after its own latency, within the bounds', async () => {
    const { sim, net, arrivals } = setup(3, 2);
    await burst(sim, net, 300);
    expect(arrivals).toHaveLength(300);
    const times = arrivals.map((a) => a.at);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...times)).toBeLessThanOrEqual(5);
    expect(Math.min(...times)).toBeLessThan(1.2);
    expect(Math.max(...times)).toBeGreaterThan(4.8);
  });

  test('latency bounds can be set, and sendTime delays the departure', async () => {
    const { sim, net, arrivals } = setup(4, 2, { minLatencyMs: 10, maxLatencyMs: 20 });
    await sim.run(async () => {
      for (let i = 0; i < 100; i++) net.send(1, msg(1, 2), i % 2 === 0 ? undefined : 100);
      await sim.sleep(1000);
    });
    const early = arrivals.filter((_, i) => i < 50).map((a) => a.at);
    expect(arrivals).toHaveLength(100);
    for (const a of arrivals) {
      const lo = a.at < 50 ? 10 : 110;
      expect(a.at).toBeGreaterThanOrEqual(lo);
      expect(a.at).toBeLessThanOrEqual(lo + 10);
    }
    expect(early.every((t) => t <= 20)).toBe(true);
    expect(arrivals.filter((a) => a.at >= 110)).toHaveLength(50);
  });

  test('messages overtake each other', async () => {
    const { sim, net, arrivals } = setup(5, 2);
    await burst(sim, net, 50);
    const order = arrivals.map((a) => a.msg.message?.index);
    expect([...order].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('the receiver gets a fresh decoded object, not the sender\'s', async () => {
    const { sim, net, arrivals } = setup(6, 2);
    const sent = msg(1, 2, MsgAppend, 41);
    await sim.run(async () => {
      net.send(1, sent);
      (sent.message as eraftpb.IMessage).index = 999; // too late: the message was encoded on send
      await sim.sleep(10);
    });
    const got = arrivals[0].msg;
    expect(got).toBeInstanceOf(raft_serverpb.RaftMessage);
    expect(got).not.toBe(sent);
    expect(got.message?.index).toBe(41);
    expect(got.message?.entries?.[0]?.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(got.toPeer?.storeId).toBe(2);
    expect(got.regionEpoch?.confVer).toBe(1);
  });

  test('a message to a store that is not registered on arrival is dropped and counted', async () => {
    const { sim, net, arrivals } = setup(7, 3);
    await sim.run(async () => {
      net.send(1, msg(1, 9));
      net.send(1, msg(1, 3));
      expect(net.inFlight).toBe(2);
      net.unregister(3); // store 3 crashes while the message is in flight
      await sim.sleep(10);
    });
    expect(arrivals).toHaveLength(0);
    expect(net.inFlight).toBe(0);
    const c = net.counts();
    expect(c.byLink['1->9']).toMatchObject({ sent: 1, delivered: 0, dropped: 1 });
    expect(c.byLink['1->3']).toMatchObject({ sent: 1, delivered: 0, dropped: 1 });
    expect(sim.trace.toText()).toMatch(/net {6}drop #2 MsgAppend 1->3 \(store 3 is not running\)/);
  });

  test('a message without a receiving store is refused', () => {
    const { net } = setup(1, 1);
    expect(() => net.send(1, { regionId: 1, message: { msgType: MsgAppend } })).toThrow('has no toPeer.storeId');
  });

  test('sends, deliveries and drops are traced under topic "net"', async () => {
    const { sim, net } = setup(8, 2);
    await sim.run(async () => {
      net.send(1, msg(1, 2, MsgAppend, 10));
      net.addFilter(new OneWayFilter(2, 1));
      net.send(2, msg(2, 1, MsgHeartbeat));
      await sim.sleep(10);
    });
    const lines = sim.trace.toText().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^t=0\.000ms s1 net {6}send #1 MsgAppend 1->2 r1 term 6 index 10 logTerm 6 entries 1 commit 3 \d+B arrives t=/);
    expect(lines[1]).toBe('t=0.000ms s2 net      drop #2 MsgHeartbeat 2->1 r1 term 6 entries 1 commit 3 (OneWayFilter)');
    expect(lines[2]).toMatch(/^t=\d\.\d{3}ms s2 net {6}deliver #1 MsgAppend 1->2$/);
  });
});

describe('SimNetwork filters', () => {
  /** Sends one message on every link between stores 1..3 and returns the links that got through. */
  async function links(configure: (sim: Simulator, net: SimNetwork) => void): Promise<string[]> {
    const { sim, net, arrivals } = setup(9, 3);
    configure(sim, net);
    await sim.run(async () => {
      for (let f = 1; f <= 3; f++) for (let t = 1; t <= 3; t++) if (f !== t) net.send(f, msg(f, t));
      await sim.sleep(10);
    });
    return arrivals.map((a) => `${a.msg.fromPeer?.storeId}->${a.to}`).sort();
  }

  test('no filter: every link works', async () => {
    expect(await links(() => undefined)).toEqual(['1->2', '1->3', '2->1', '2->3', '3->1', '3->2']);
  });

  test('a partition cuts both ways between the sides, and only there', async () => {
    expect(await links((_, net) => net.addFilter(new PartitionFilter([1, 2], [3])))).toEqual(['1->2', '2->1']);
  });

  test('a one-way cut drops one direction only', async () => {
    expect(await links((_, net) => net.addFilter(new OneWayFilter(1, 3)))).toEqual(['1->2', '2->1', '2->3', '3->1', '3->2']);
  });

  test('clearFilters and removeFilter heal the network', async () => {
    expect(await links((_, net) => {
      net.addFilter(new PartitionFilter([1], [2, 3]));
      net.clearFilters();
    })).toHaveLength(6);
    expect(await links((_, net) => {
      const cut = new OneWayFilter(1, 2);
      net.addFilter(cut);
      net.addFilter(new OneWayFilter(2, 1));
      expect(net.removeFilter(cut)).toBe(true);
      expect(net.removeFilter(cut)).toBe(false);
    })).toEqual(['1->2', '1->3', '2->3', '3->1', '3->2']);
  });

  test('a message type filter drops only those types', async () => {
    const { sim, net, arrivals } = setup(10, 2);
    net.addFilter(new MessageTypeFilter([MsgHeartbeat, MsgRequestVote]));
    await sim.run(async () => {
      for (const t of [MsgAppend, MsgHeartbeat, MsgRequestVote, MsgAppend]) net.send(1, msg(1, 2, t));
      await sim.sleep(10);
    });
    expect(arrivals.map((a) => a.msg.message?.msgType)).toEqual([MsgAppend, MsgAppend]);
    expect(net.counts().byType.MsgHeartbeat).toMatchObject({ sent: 1, dropped: 1, delivered: 0, bytes: 0 });
  });

  test('a drop filter loses about 10.1% of the messages (fixed seed)', async () => {
    const { sim, net, arrivals } = setup(11, 2);
    net.addFilter(new DropFilter(sim));
    await burst(sim, net, 10_000);
    const dropped = 10_000 - arrivals.length;
    expect(dropped).toBeGreaterThan(920);
    expect(dropped).toBeLessThan(1100);
    expect(net.counts().total).toMatchObject({ sent: 10_000, dropped, delivered: arrivals.length });
  });

  test('a drop filter with rate 0 or 1 keeps or drops everything', async () => {
    const keep = setup(12, 2);
    keep.net.addFilter(new DropFilter(keep.sim, 0));
    await burst(keep.sim, keep.net, 100);
    expect(keep.arrivals).toHaveLength(100);
    const drop = setup(12, 2);
    drop.net.addFilter(new DropFilter(drop.sim, 1));
    await burst(drop.sim, drop.net, 100);
    expect(drop.arrivals).toHaveLength(0);
  });

  test('after() is called for each message that passed every filter', async () => {
    const { sim, net } = setup(13, 3);
    let passed = 0;
    const counter: Filter = { before: () => true, after: () => { passed++; } };
    net.addFilter(counter);
    net.addFilter(new OneWayFilter(1, 3));
    await sim.run(async () => {
      net.send(1, msg(1, 2));
      net.send(1, msg(1, 3));
      net.send(2, msg(2, 3));
      await sim.sleep(10);
    });
    expect(passed).toBe(2);
  });
});

describe('SimNetwork counts', () => {
  test('per type and per link: sent, delivered, dropped and bytes on the wire', async () => {
    const { sim, net } = setup(14, 3);
    net.addFilter(new OneWayFilter(2, 3));
    const sent = [msg(1, 2), msg(1, 2, MsgHeartbeat), msg(2, 3), msg(2, 1, MsgHeartbeat), msg(3, 1)];
    const size = (m: raft_serverpb.IRaftMessage): number => raft_serverpb.RaftMessage.encode(m).finish().length;
    await sim.run(async () => {
      for (const m of sent) net.send(m.fromPeer?.storeId ?? 0, m);
      await sim.sleep(10);
    });
    const c = net.counts();
    expect(c.byType.MsgAppend).toEqual({ sent: 3, delivered: 2, dropped: 1, bytes: size(sent[0]) + size(sent[4]) });
    expect(c.byType.MsgHeartbeat).toEqual({ sent: 2, delivered: 2, dropped: 0, bytes: size(sent[1]) + size(sent[3]) });
    expect(c.byLink).toEqual({
      '1->2': { sent: 2, delivered: 2, dropped: 0, bytes: size(sent[0]) + size(sent[1]) },
      '2->3': { sent: 1, delivered: 0, dropped: 1, bytes: 0 },
      '2->1': { sent: 1, delivered: 1, dropped: 0, bytes: size(sent[3]) },
      '3->1': { sent: 1, delivered: 1, dropped: 0, bytes: size(sent[4]) },
    });
    expect(c.total).toEqual({ sent: 5, delivered: 4, dropped: 1, bytes: sent.filter((_, i) => i !== 2).reduce((s, m) => s + size(m), 0) });
    c.total.sent = 100; // a copy: the network's counters do not change
    expect(net.counts().total.sent).toBe(5);
    net.resetCounts();
    expect(net.counts()).toEqual({ byType: {}, byLink: {}, total: { sent: 0, delivered: 0, dropped: 0, bytes: 0 } });
  });
});

/** A tiny in-memory Engine for the wrapper tests (keys compared as hex strings). */
class MapEngine implements Engine {
  readonly map = new Map<string, Bytes>();
  closed = false;

  get(key: Bytes): Bytes | undefined {
    return this.map.get(Buffer.from(key).toString('hex'));
  }

  write(batch: WriteBatch): void {
    for (const op of batch.ops) {
      const k = Buffer.from(op.key).toString('hex');
      if (op.value === null) this.map.delete(k);
      else this.map.set(k, op.value);
    }
  }

  snapshot(): EngineSnapshot {
    const copy = new Map(this.map);
    return {
      get: (key) => copy.get(Buffer.from(key).toString('hex')),
      scan: () => [][Symbol.iterator](),
      release: () => undefined,
    };
  }

  close(): void {
    this.closed = true;
  }
}

const key = new Uint8Array([1]);
const value = new Uint8Array([2]);

describe('SimStoreRuntime', () => {
  function store(seed = 20) {
    const { sim, net, arrivals } = setup(seed, 3);
    const heartbeats: number[] = [];
    const scheduler = { regionHeartbeat: (region: metapb.IRegion) => { heartbeats.push(region.id ?? 0); } };
    const runtime = new SimStoreRuntime(sim, 1, net, scheduler);
    const engine = new SimEngine(new MapEngine(), () => runtime.chargeDiskWrite());
    return { sim, net, arrivals, runtime, engine, heartbeats };
  }

  test('a write makes the store busy; what it sends afterwards leaves when the write is on disk', async () => {
    const { sim, net, arrivals, runtime, engine } = store();
    await sim.run(async () => {
      await sim.sleep(10);
      expect(runtime.now()).toBe(10);
      engine.write(new WriteBatch().put(key, value));
      expect(runtime.now()).toBe(12);
      engine.write(new WriteBatch().put(key, value));
      expect(runtime.now()).toBe(14);
      expect(sim.now()).toBe(10);
      runtime.transport.send(msg(1, 2));
      await sim.sleep(20);
      expect(runtime.now()).toBe(30); // the busy time is over
    });
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0].at).toBeGreaterThanOrEqual(14 + net.minLatencyMs);
    expect(arrivals[0].at).toBeLessThanOrEqual(14 + net.maxLatencyMs);
  });

  test('timers start from the end of the busy time', async () => {
    const { sim, runtime, engine } = store();
    const fired: number[] = [];
    await sim.run(async () => {
      engine.write(new WriteBatch().put(key, value));
      runtime.schedule(50, () => fired.push(sim.now()));
      const cancel = runtime.schedule(60, () => fired.push(-1));
      cancel();
      await sim.sleep(100);
    });
    expect(fired).toEqual([52]);
  });

  test('syncWriteMs sets the cost of a write', () => {
    const { sim, net } = setup(21, 1);
    const runtime = new SimStoreRuntime(sim, 1, net, { regionHeartbeat: () => undefined }, { syncWriteMs: 7 });
    runtime.chargeDiskWrite();
    runtime.chargeDiskWrite();
    expect(runtime.now()).toBe(14);
    expect(runtime.busyUntilMs).toBe(14);
  });

  test('stop() cancels every timer and silences sends, timers and heartbeats for good', async () => {
    const { sim, net, runtime, heartbeats } = store();
    const fired: string[] = [];
    await sim.run(async () => {
      const tick = (): void => {
        fired.push(`tick ${sim.now()}`);
        runtime.schedule(10, tick);
      };
      runtime.schedule(10, tick);
      runtime.schedule(25, () => fired.push('once'));
      runtime.scheduler.regionHeartbeat({ id: 1 }, { id: 11, storeId: 1 });
      await sim.sleep(22);
      runtime.stop();
      expect(runtime.isStopped()).toBe(true);
      runtime.transport.send(msg(1, 2));
      runtime.schedule(1, () => fired.push('after stop'))();
      runtime.scheduler.regionHeartbeat({ id: 2 }, { id: 11, storeId: 1 });
      runtime.trace('store', 'a stale closure speaks');
      await sim.sleep(100);
    });
    expect(fired).toEqual(['tick 10', 'tick 20']);
    expect(heartbeats).toEqual([1]);
    expect(net.counts().total.sent).toBe(0);
    expect(sim.trace.toText()).toContain('s1 store    a stale closure speaks');
  });

  test('trace() records with the store id', async () => {
    const { sim, runtime } = store();
    runtime.trace('election', 'became leader at term 6');
    expect(sim.trace.toText()).toBe('t=0.000ms s1 election became leader at term 6\n');
  });

  test('a bad delay is refused', () => {
    const { runtime } = store();
    expect(() => runtime.schedule(-1, () => undefined)).toThrow('delay >= 0');
  });
});

describe('SimEngine', () => {
  test('forwards reads, writes, snapshots and close; the hook sees each write until detached', () => {
    const inner = new MapEngine();
    const seen: number[] = [];
    const engine = new SimEngine(inner);
    engine.write(new WriteBatch().put(key, value));
    engine.setOnWrite((b) => seen.push(b.length));
    const snap = engine.snapshot();
    engine.write(new WriteBatch().delete(key).put(new Uint8Array([3]), value));
    expect(seen).toEqual([2]);
    expect(engine.get(key)).toBeUndefined();
    expect(snap.get(key)).toEqual(value);
    expect(engine.get(new Uint8Array([3]))).toEqual(value);
    engine.setOnWrite(null);
    engine.write(new WriteBatch().put(key, value));
    expect(seen).toEqual([2]);
    expect(engine.writes).toBe(3);
    expect(inner.get(key)).toEqual(value);
    engine.close();
    expect(inner.closed).toBe(true);
  });
});
