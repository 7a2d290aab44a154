/**
 * Unit tests of the hooks behind our KV tests: crash injection between engine writes
 * (sim/crash.ts, SimEngine, SimStoreRuntime.onCrash, Cluster.armCrash), the persist-before-send
 * check (cluster/persist-check.ts) and the state-machine replay check (cluster/replay-check.ts).
 */
import { eraftpb, raft_cmdpb, raft_serverpb } from '@target/proto/codec';
import { WriteBatch } from '@target/kv/engine/engine';
import { Engines } from '@target/kv/engine/engines';
import { MemEngine } from '@target/kv/engine/mem-engine';
import { CfDefault, putCF } from '@target/kv/engine/cf';
import { applyStateKey, raftLogKey, raftStateKey } from '@target/kv/meta/keys';
import { putMeta } from '@target/kv/meta/states';
import { CrashSignal, CrashSwitch, nthMatch, nthWrite, onEngine, putsKey } from '../sim/crash';
import { SimEngine } from '../sim/sim-engine';
import { SimEventError } from '../sim/errors';
import { SimNetwork } from '../sim/network';
import { SimStoreRuntime } from '../sim/store-runtime';
import { Simulator } from '../sim/simulator';
import { Cluster } from '../cluster/cluster';
import { waitUntil } from '../cluster/crash-chaos';
import { PersistChecker } from '../cluster/persist-check';
import { replayDifference } from '../cluster/replay-check';

const enc = new TextEncoder();

function batch(...keys: string[]): WriteBatch {
  const wb = new WriteBatch();
  for (const k of keys) wb.put(enc.encode(k), enc.encode(`v-${k}`));
  return wb;
}

function pair(): { kv: SimEngine; raft: SimEngine; sw: CrashSwitch } {
  const kv = new SimEngine(new MemEngine());
  const raft = new SimEngine(new MemEngine());
  const sw = new CrashSwitch();
  kv.name = 'kv';
  raft.name = 'raft';
  kv.crashSwitch = sw;
  raft.crashSwitch = sw;
  return { kv, raft, sw };
}

describe('crash switch', () => {
  test('before: the matching write is not applied; the store is down until revived', () => {
    const { kv, raft, sw } = pair();
    kv.write(batch('a'));
    sw.arm({ when: 'before', match: nthWrite(2), label: 'the 2nd write' });
    raft.write(batch('r1'));
    expect(() => kv.write(batch('b'))).toThrow(CrashSignal);
    expect(kv.get(enc.encode('b'))).toBeUndefined();
    expect(sw.isDown).toBe(true);
    // Down: every write of either engine throws and writes nothing.
    expect(() => raft.write(batch('r2'))).toThrow(/crashed at an earlier write/);
    expect(raft.get(enc.encode('r2'))).toBeUndefined();
    sw.revive();
    kv.write(batch('c'));
    expect(kv.get(enc.encode('c'))).toBeDefined();
    expect(sw.fired).toBe(1);
  });

  test('after: the matching write is applied, then the signal is thrown', () => {
    const { kv, raft, sw } = pair();
    let tripped: CrashSignal | null = null;
    sw.onTrip = (s) => { tripped = s; };
    sw.arm({ when: 'after', match: onEngine('raft', putsKey(enc.encode('x'))), label: 'the write of x' });
    kv.write(batch('x'));
    raft.write(batch('y'));
    let thrown: unknown = null;
    try {
      raft.write(batch('x', 'z'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CrashSignal);
    expect(tripped).toBe(thrown);
    expect((thrown as CrashSignal).engine).toBe('raft');
    expect((thrown as CrashSignal).when).toBe('after');
    expect(raft.get(enc.encode('z'))).toBeDefined();
  });

  test('nthMatch counts only the writes its matcher accepts; SimEngine.armCrash stays on its engine', () => {
    const { kv, raft, sw } = pair();
    sw.arm({ when: 'before', match: nthMatch(putsKey(enc.encode('k')), 2), label: 'the 2nd write of k' });
    kv.write(batch('k'));
    raft.write(batch('j'));
    expect(() => raft.write(batch('k'))).toThrow(CrashSignal);
    sw.revive();
    kv.armCrash({ when: 'before', match: () => true, label: 'any kv write' });
    raft.write(batch('q'));
    expect(() => kv.write(batch('q'))).toThrow(CrashSignal);
  });
});

describe('SimStoreRuntime.onCrash', () => {
  test('a CrashSignal thrown in a timer goes to onCrash; without the hook it fails the run', async () => {
    const sim = new Simulator(1);
    const net = new SimNetwork(sim);
    const scheduler = { regionHeartbeat: (): void => undefined };
    const seen: CrashSignal[] = [];
    const guarded = new SimStoreRuntime(sim, 1, net, scheduler, { onCrash: (s) => seen.push(s) });
    await sim.run(async () => {
      guarded.schedule(5, () => { throw new Error('wrapped', { cause: new CrashSignal('kv', 'before', 'test', 1) }); });
      await sim.sleep(10);
    });
    expect(seen.map((s) => s.label)).toEqual(['test']);

    const plain = new SimStoreRuntime(sim, 2, net, scheduler);
    await expect(sim.run(async () => {
      plain.schedule(5, () => { throw new CrashSignal('kv', 'before', 'test', 1); });
      await sim.sleep(10);
    })).rejects.toThrow(SimEventError);
  });
});

describe('Cluster.armCrash', () => {
  test('the store crashes at the armed write, keeps its engines, and starts again', async () => {
    const cluster = new Cluster({ seed: 7, count: 3 });
    try {
      await cluster.sim.run(async () => {
        cluster.start();
        await cluster.mustPut('a', '1');
        const leader = (await cluster.main.leaderOfRegion(1))?.storeId ?? 0;
        const follower = cluster.storeIds().find((id) => id !== leader) ?? 0;
        cluster.armCrash(follower, { when: 'after', match: onEngine('kv'), label: 'its next kv write' });
        await cluster.mustPut('b', '2');
        expect(await waitUntil(cluster, () => !cluster.isRunning(follower), 2000)).toBe(true);
        expect(cluster.crashesFired(follower)).toBe(1);
        // The kv write that crashed it was applied: b is there.
        await cluster.mustGetEqual(cluster.engines(follower), 'b', '2');
        cluster.startServer(follower);
        await cluster.mustPut('c', '3');
        await cluster.mustGetEqual(cluster.engines(follower), 'c', '3');
      });
    } finally {
      cluster.shutdown();
    }
  });
});

/** Engines whose raft engine holds RaftLocalState {term, vote} for region 1. */
function withHardState(term: number, vote: number): { kv: SimEngine; raft: SimEngine } {
  const kv = new SimEngine(new MemEngine());
  const raft = new SimEngine(new MemEngine());
  const wb = new WriteBatch();
  putMeta(wb, raftStateKey(1), raft_serverpb.RaftLocalState, { hardState: { term, vote, commit: 5 }, lastIndex: 5, lastTerm: 5 });
  raft.write(wb);
  return { kv, raft };
}

function msg(from: number, to: number, msgType: eraftpb.MessageType, term: number, reject = false): raft_serverpb.IRaftMessage {
  return { regionId: 1, fromPeer: { id: from, storeId: from }, toPeer: { id: to, storeId: to }, message: { msgType, from, to, term, reject } };
}

describe('persist before send', () => {
  const cases: { what: string; term: number; vote: number; m: raft_serverpb.IRaftMessage; ok: boolean }[] = [
    { what: 'append in the persisted term', term: 7, vote: 0, m: msg(1, 2, eraftpb.MessageType.MsgAppend, 7), ok: true },
    { what: 'append in a term not persisted', term: 6, vote: 0, m: msg(1, 2, eraftpb.MessageType.MsgAppend, 7), ok: false },
    { what: 'granted vote, persisted', term: 7, vote: 3, m: msg(1, 3, eraftpb.MessageType.MsgRequestVoteResponse, 7), ok: true },
    { what: 'granted vote, not persisted', term: 7, vote: 0, m: msg(1, 3, eraftpb.MessageType.MsgRequestVoteResponse, 7), ok: false },
    { what: 'granted vote, another vote persisted', term: 7, vote: 2, m: msg(1, 3, eraftpb.MessageType.MsgRequestVoteResponse, 7), ok: false },
    { what: 'rejected vote needs no vote', term: 7, vote: 0, m: msg(1, 3, eraftpb.MessageType.MsgRequestVoteResponse, 7, true), ok: true },
    { what: 'vote request with the self-vote persisted', term: 7, vote: 1, m: msg(1, 2, eraftpb.MessageType.MsgRequestVote, 7), ok: true },
    { what: 'vote request without the self-vote', term: 7, vote: 0, m: msg(1, 2, eraftpb.MessageType.MsgRequestVote, 7), ok: false },
  ];
  test.each(cases)('$what', ({ term, vote, m, ok }) => {
    const eng = withHardState(term, vote);
    const errors: Error[] = [];
    const check = new PersistChecker(() => eng, (e) => errors.push(e), () => 0);
    check.beforeSend(1, m, 'message');
    expect(errors.length === 0).toBe(ok);
    if (!ok) expect(errors[0].message).toMatch(/persist before send: .*TinyKV's hint/s);
  });

  test('leaders are recorded per term from leader-only messages', () => {
    const eng = withHardState(9, 0);
    const check = new PersistChecker(() => eng, () => undefined, () => 0);
    check.beforeSend(1, msg(1, 2, eraftpb.MessageType.MsgHeartbeat, 8), 'message');
    check.beforeSend(2, msg(2, 3, eraftpb.MessageType.MsgAppend, 9), 'message');
    check.beforeSend(3, msg(3, 1, eraftpb.MessageType.MsgAppendResponse, 9), 'message');
    expect(check.describeLeaderConflicts()).toBeNull();
    check.beforeSend(3, msg(3, 1, eraftpb.MessageType.MsgSnapshot, 9), 'chunk');
    expect(check.describeLeaderConflicts()).toMatch(/term 9: peer 2 .* and peer 3/);
  });
});

describe('replay check', () => {
  function entry(index: number, requests: raft_cmdpb.IRequest[]): Uint8Array {
    const data = raft_cmdpb.RaftCmdRequest.encode({ header: { regionId: 1 }, requests }).finish();
    return eraftpb.Entry.encode({ index, term: 6, data }).finish();
  }
  function engines(applied: number, data: [string, string][]): Engines {
    const kv = new MemEngine();
    const raft = new MemEngine();
    const rw = new WriteBatch();
    rw.put(raftLogKey(1, 6), entry(6, [{ cmdType: raft_cmdpb.CmdType.Put, put: { cf: CfDefault, key: enc.encode('a'), value: enc.encode('1') } }]));
    rw.put(raftLogKey(1, 7), entry(7, [{ cmdType: raft_cmdpb.CmdType.Put, put: { cf: CfDefault, key: enc.encode('b'), value: enc.encode('2') } }]));
    rw.put(raftLogKey(1, 8), entry(8, [{ cmdType: raft_cmdpb.CmdType.Delete, delete: { cf: CfDefault, key: enc.encode('a') } }]));
    raft.write(rw);
    const kw = new WriteBatch();
    putMeta(kw, applyStateKey(1), raft_serverpb.RaftApplyState, { appliedIndex: applied, truncatedState: { index: 5, term: 5 } });
    for (const [k, v] of data) putCF(kw, CfDefault, enc.encode(k), enc.encode(v));
    kv.write(kw);
    return new Engines(kv, raft);
  }

  test('data that matches the log up to the applied index passes', () => {
    expect(replayDifference(engines(8, [['b', '2']]), 1)).toBeNull();
    expect(replayDifference(engines(7, [['a', '1'], ['b', '2']]), 1)).toBeNull();
  });

  test('an applied entry whose data is missing is reported with its key and values', () => {
    expect(replayDifference(engines(7, [['a', '1']]), 1)).toMatch(/gives "2" for key default:"b", but its kv engine has nothing \(absent\) \(entry 7/);
    expect(replayDifference(engines(8, [['a', '1'], ['b', '2']]), 1)).toMatch(/key default:"a".*entry 8 of its log was the last to delete it/);
  });
});
