/**
 * sim/ping-pong-5: the raw speed of the simulation bench. Five endpoints registered on a
 * SimNetwork (default latency 1-5 ms) keep 20 raft messages in flight: whoever receives a
 * message answers with a fresh MsgAppend (one 8-byte entry) to another endpoint picked at
 * random. One op = one simulator event (a delivery: decode, trace, handler, encode, send,
 * trace), run by Simulator.run with its per-event microtask drain.
 */
import { eraftpb, raft_serverpb } from '../solution/proto/codec';
import { SimNetwork, Simulator } from '../harness/sim';
import { BenchResult } from './result';

const ENDPOINTS = 5;
const IN_FLIGHT_PER_ENDPOINT = 4;
const data = new Uint8Array(8);

function message(from: number, to: number, index: number): raft_serverpb.IRaftMessage {
  return {
    regionId: 1,
    fromPeer: { id: from, storeId: from },
    toPeer: { id: to, storeId: to },
    regionEpoch: { confVer: 1, version: 1 },
    message: {
      msgType: eraftpb.MessageType.MsgAppend, from, to, term: 7, logTerm: 7, index, commit: index,
      entries: [{ term: 7, index: index + 1, data }],
    },
  };
}

/** Runs the ping-pong until `events` events ran; returns the simulator. */
async function pingPong(seed: number, events: number): Promise<Simulator> {
  const sim = new Simulator(seed, { eventBudget: events + 1000 });
  const net = new SimNetwork(sim);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  for (let id = 1; id <= ENDPOINTS; id++) {
    net.register(id, (m) => {
      if (sim.stats().events >= events) {
        finish();
        return;
      }
      let to = sim.randomInt(1, ENDPOINTS - 1);
      if (to >= id) to++;
      net.send(id, message(id, to, (m.message?.index ?? 0) + 1));
    });
  }
  await sim.run(async () => {
    for (let id = 1; id <= ENDPOINTS; id++) {
      for (let k = 0; k < IN_FLIGHT_PER_ENDPOINT; k++) net.send(id, message(id, (id % ENDPOINTS) + 1, 0));
    }
    await done;
  });
  return sim;
}

/** Runs the benchmark: `events` measured events after `warmup` events on another simulator. */
export async function runSimEvents(events: number, warmup: number): Promise<BenchResult> {
  await pingPong(1, warmup);
  if (typeof global.gc === 'function') global.gc();
  const start = process.hrtime.bigint();
  const sim = await pingPong(2, events);
  const ns = Number(process.hrtime.bigint() - start);
  const ran = sim.stats().events;
  if (ran !== events) throw new Error(`bench: ran ${ran} events, want ${events}`);
  return {
    name: 'sim/ping-pong-5',
    ops: ran,
    nsPerOp: ns / ran,
    opsPerSec: ran / (ns / 1e9),
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
}

/**
 * sim/core: the simulator alone, with no network, codec or trace: `actors` timers that each
 * reschedule themselves after a random delay, run by Simulator.run with the same per-event
 * microtask drain as every test. One op = one event. Goal: 1M events per wall second.
 */
export async function runSimCore(events: number, actors = 20): Promise<BenchResult> {
  const once = async (seed: number, n: number): Promise<Simulator> => {
    const sim = new Simulator(seed, { eventBudget: n + 1000 });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const fire = (): void => {
      if (sim.stats().events >= n) finish();
      else sim.schedule(sim.random() * 10, fire, 'core');
    };
    await sim.run(async () => {
      for (let i = 0; i < actors; i++) sim.schedule(sim.random() * 10, fire, 'core');
      await done;
    });
    return sim;
  };
  await once(1, events / 10);
  if (typeof global.gc === 'function') global.gc();
  const start = process.hrtime.bigint();
  const sim = await once(2, events);
  const ns = Number(process.hrtime.bigint() - start);
  const ran = sim.stats().events;
  return {
    name: 'sim/core',
    ops: ran,
    nsPerOp: ns / ran,
    opsPerSec: ran / (ns / 1e9),
    heapUsedBytes: process.memoryUsage().heapUsed,
    extra: { 'M events per s': ran / (ns / 1e9) / 1e6, 'goal M events per s': 1 },
  };
}
