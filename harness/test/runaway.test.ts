/**
 * Runaway detection: the rate watch counts messages per virtual second, starts again at every
 * second, and throws a RunawayError that names the count, the limit and the kinds sent most
 * once a second's count passes the limit; and on the simulated network, a store that answers
 * every message with two more fails the simulation within its first virtual second, while the
 * same traffic below the limit runs on.
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { REFERENCE_PEAK_MESSAGES_PER_SECOND, RUNAWAY_MESSAGES_PER_SECOND, RateWatch, RunawayError, runawayLimit } from '../sim/runaway';
import { SimEventError, SimNetwork, Simulator } from '../sim';
import { KvTestFailure } from '../cluster/run';

test('the limit is 20 times the reference\'s peak, and RAFTKV_RUNAWAY_LIMIT replaces it', () => {
  expect(RUNAWAY_MESSAGES_PER_SECOND).toBe(20 * REFERENCE_PEAK_MESSAGES_PER_SECOND);
  const saved = process.env.RAFTKV_RUNAWAY_LIMIT;
  try {
    process.env.RAFTKV_RUNAWAY_LIMIT = '50';
    expect(runawayLimit()).toBe(50);
    process.env.RAFTKV_RUNAWAY_LIMIT = 'Infinity';
    expect(runawayLimit()).toBe(Infinity);
    process.env.RAFTKV_RUNAWAY_LIMIT = 'lots';
    expect(runawayLimit()).toBe(RUNAWAY_MESSAGES_PER_SECOND);
  } finally {
    if (saved === undefined) delete process.env.RAFTKV_RUNAWAY_LIMIT;
    else process.env.RAFTKV_RUNAWAY_LIMIT = saved;
  }
});

test('counts per virtual second, starting again each second, and remembers the busiest', () => {
  const w = new RateWatch(10);
  for (let i = 0; i < 10; i++) w.note(999, 'MsgAppend', '1->2');
  for (let i = 0; i < 10; i++) w.note(1000 + i, 'MsgAppend', '1->2');
  for (let i = 0; i < 4; i++) w.note(5500, 'MsgHeartbeat', '1->3');
  expect(w.peak).toEqual({ count: 10, second: 0 });
});

test('past the limit: a RunawayError naming the count, the limit and the kinds sent most', () => {
  const w = new RateWatch(10);
  for (let i = 0; i < 6; i++) w.note(2000, 'MsgHeartbeat', '1->2');
  for (let i = 0; i < 3; i++) w.note(2100, 'MsgHeartbeatResponse', '2->1');
  w.note(2200, 'MsgAppend', '1->3');
  let thrown: unknown = null;
  try {
    w.note(2300, 'MsgHeartbeat', '1->2');
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(RunawayError);
  expect((thrown as Error).message).toBe(`runaway: 11 messages in one virtual second (a correct run sends at most ${REFERENCE_PEAK_MESSAGES_PER_SECOND}): `
    + 'look for a loop that sends on every message or on every tick\n'
    + '  (from t=2s to t=3s, past the limit of 10; the most sent: MsgHeartbeat 1->2 (7), MsgHeartbeatResponse 2->1 (3), MsgAppend 1->3 (1); '
    + 'a response answered with a request, or a heartbeat or an append sent again for each response, keeps the network busy for ever)');
});

function heartbeat(from: number, to: number): raft_serverpb.IRaftMessage {
  return {
    regionId: 1, fromPeer: { id: from, storeId: from }, toPeer: { id: to, storeId: to }, regionEpoch: { confVer: 1, version: 1 },
    message: { msgType: eraftpb.MessageType.MsgHeartbeat, from, to, term: 2 },
  };
}

/** A network whose runaway limit is `limit` (RAFTKV_RUNAWAY_LIMIT, read when the network is made). */
function networkWithLimit(sim: Simulator, limit: number): SimNetwork {
  const saved = process.env.RAFTKV_RUNAWAY_LIMIT;
  process.env.RAFTKV_RUNAWAY_LIMIT = String(limit);
  try {
    return new SimNetwork(sim);
  } finally {
    if (saved === undefined) delete process.env.RAFTKV_RUNAWAY_LIMIT;
    else process.env.RAFTKV_RUNAWAY_LIMIT = saved;
  }
}

/**
 * Three stores; each answers every message with `fanOut` messages to the others, for `ms` of
 * virtual time, on a network with a runaway limit of 5000 (a small flood is enough to test the
 * mechanism). The event budget ends the run if the watch does not: the flood passes the
 * limit long before.
 */
async function chatter(fanOut: number, ms: number): Promise<Simulator> {
  const sim = new Simulator(7, { eventBudget: 100_000 });
  const net = networkWithLimit(sim, 5000);
  for (const id of [1, 2, 3]) {
    net.register(id, () => {
      if (sim.now() >= ms) return;
      for (let k = 0; k < fanOut; k++) net.send(id, heartbeat(id, ((id + k) % 3) + 1));
    });
  }
  await sim.run(async () => {
    net.send(1, heartbeat(1, 2));
    await sim.sleep(ms + 10);
  });
  return sim;
}

test('a store that answers every message with two more fails within the first virtual second of the flood', async () => {
  const run = chatter(2, 60_000);
  await expect(run).rejects.toBeInstanceOf(SimEventError);
  await expect(run).rejects.toThrow(/runaway: \d+ messages in one virtual second .*\n {2}\(from t=0s to t=1s, .*the most sent: MsgHeartbeat/);
});

test('one message answered by one (a steady exchange, about 330 a second) runs to its end', async () => {
  const sim = await chatter(1, 3000);
  expect(sim.now()).toBeGreaterThanOrEqual(3000);
});

test('a KV test failed by a runaway says "runaway: ..." first, not the event that found it', () => {
  const runaway = new RunawayError(180_001, 3, 180_000, 'MsgAppend 1->2 (90000)');
  const failure = new KvTestFailure('TestBasic2B', 5, 1, 3500, null, new SimEventError(5, 3500, 'net MsgAppend 1->2', runaway));
  expect(failure.message.split('\n')[0]).toMatch(/^runaway: 180001 messages in one virtual second/);
  expect(failure.reason).toBe(runaway);
  expect(failure.message).toContain('test TestBasic2B failed at virtual time 3500.0 ms (seed 5, base seed 1)');
});
