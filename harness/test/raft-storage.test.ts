/**
 * RaftStorage (kv/server), the KV API of a store, on a 3-store simulated cluster: writes and
 * reads go through raft, a reader is a consistent view, and a request to a follower is
 * answered NotLeader.
 */
import { Engines } from '@target/kv/engine/engines';
import { MemEngine } from '@target/kv/engine/mem-engine';
import { bootstrapStore, prepareBootstrapCluster } from '@target/kv/raftstore/bootstrap';
import { newTestConfig } from '@target/kv/raftstore/config';
import { RaftStore } from '@target/kv/raftstore/store';
import { KvContext, RaftStorage, RaftStorageError } from '@target/kv/server/raft-storage';
import { metapb } from '@target/proto/codec';
import { MockScheduler } from '../cluster/scheduler';
import { SimNetwork } from '../sim/network';
import { Simulator } from '../sim/simulator';
import { SimStoreRuntime } from '../sim/store-runtime';

const enc = new TextEncoder();
const dec = new TextDecoder();

function startCluster(sim: Simulator): { stores: Map<number, RaftStore>; scheduler: MockScheduler; region: metapb.IRegion } {
  const net = new SimNetwork(sim);
  const scheduler = new MockScheduler(0, 4);
  scheduler.bootstrap({ id: 1, address: '' });
  for (const id of [1, 2, 3]) scheduler.putStore({ id, address: '' });
  const region: metapb.IRegion = {
    id: 1, startKey: new Uint8Array(0), endKey: new Uint8Array(0), regionEpoch: { confVer: 1, version: 1 },
    peers: [1, 2, 3].map((id) => ({ id, storeId: id })),
  };
  const stores = new Map<number, RaftStore>();
  for (const id of [1, 2, 3]) {
    const engines = new Engines(new MemEngine(), new MemEngine());
    bootstrapStore(engines, 0, id);
    prepareBootstrapCluster(engines, region);
    const runtime = new SimStoreRuntime(sim, id, net, scheduler);
    const store = new RaftStore({ storeId: id, config: newTestConfig(), engines, runtime });
    net.register(id, (m) => store.onRaftMessage(m), (c) => store.onSnapshotChunk(c));
    stores.set(id, store);
    store.start();
  }
  return { stores, scheduler, region };
}

test('RaftStorage writes, reads, scans and deletes through raft', async () => {
  const sim = new Simulator(7);
  await sim.run(async () => {
    const { stores, scheduler, region } = startCluster(sim);
    await sim.sleep(2000);
    const leader = scheduler.leaderOf(1);
    if (leader === null) throw new Error('expected a leader after 2 s of virtual time, but the scheduler knows none');
    const ctx: KvContext = { regionId: 1, peer: { id: leader.id, storeId: leader.storeId }, regionEpoch: region.regionEpoch ?? {} };
    const kv = new RaftStorage(stores.get(leader.storeId) as RaftStore);
    await kv.write(ctx, [
      { type: 'put', cf: 'default', key: enc.encode('a'), value: enc.encode('1') },
      { type: 'put', cf: 'default', key: enc.encode('b'), value: enc.encode('2') },
      { type: 'put', cf: 'lock', key: enc.encode('a'), value: enc.encode('L') },
    ]);
    expect(dec.decode(await kv.get(ctx, enc.encode('a')))).toBe('1');
    expect(dec.decode(await kv.get(ctx, enc.encode('a'), 'lock'))).toBe('L');
    const reader = await kv.reader(ctx);
    await kv.delete(ctx, enc.encode('a'));
    // The reader is a view as of its Snap command: the delete after it does not show.
    expect([...reader.iterCF('default')].map(([k, v]) => `${dec.decode(k)}=${dec.decode(v)}`)).toEqual(['a=1', 'b=2']);
    reader.close();
    expect(await kv.get(ctx, enc.encode('a'))).toBeUndefined();
    expect((await kv.scan(ctx, new Uint8Array(0), 10)).map(([k]) => dec.decode(k))).toEqual(['b']);

    const follower = [1, 2, 3].find((id) => id !== leader.storeId) as number;
    const other = new RaftStorage(stores.get(follower) as RaftStore);
    const wrong: KvContext = { ...ctx, peer: { id: follower, storeId: follower } };
    await expect(other.put(wrong, enc.encode('c'), enc.encode('3'))).rejects.toBeInstanceOf(RaftStorageError);
    for (const s of stores.values()) s.stop();
  });
});
