/**
 * The failing KV run the viewer's browser tests draw, made in-process in a few seconds: three
 * stores of the tree under test with a bug planted for the run only, a store that answers a
 * Get from a cache its Puts never invalidate (a stale read). The run also partitions a follower
 * and crashes and restarts another, so that the trace has every kind of thing the viewer draws.
 * The checker finds the history not linearizable: the second Get of "k" by client 1 returns
 * "v1" after client 2's Put of "v2" had returned.
 */
import { raft_cmdpb } from '@target/proto/codec';
import { RaftStore } from '@target/kv/raftstore/store';
import type { Callback } from '@target/kv/raftstore/callback';
import { latin1 } from '../../harness/cluster/client';
import { KvTestFailure, runKvTest } from '../../harness/cluster/run';
import { PartitionFilter } from '../../harness/sim/filters';

/** The fixture's test name (the trace file is named after it). */
export const FIXTURE_TEST = 'ViewerStaleReadFixture';

/** Plants the stale-read bug in every RaftStore until the returned function is called. */
function plantStaleReads(): () => void {
  const original = Object.getOwnPropertyDescriptor(RaftStore.prototype, 'sendRaftCommand');
  const send = RaftStore.prototype.sendRaftCommand;
  const cache = new Map<string, raft_cmdpb.IRaftCmdResponse>();
  RaftStore.prototype.sendRaftCommand = function (this: RaftStore, req: raft_cmdpb.IRaftCmdRequest, cb: Callback): void {
    const only = req.requests?.length === 1 ? req.requests[0] : null;
    if (only?.cmdType !== raft_cmdpb.CmdType.Get) return send.call(this, req, cb);
    const key = `${this.storeId}/${latin1(only.get?.key ?? new Uint8Array(0))}`;
    const hit = cache.get(key);
    if (hit !== undefined) return cb(hit, null);
    send.call(this, req, (resp, snap) => {
      if (resp.header?.error == null) cache.set(key, resp);
      cb(resp, snap);
    });
  };
  return () => {
    if (original !== undefined) Object.defineProperty(RaftStore.prototype, 'sendRaftCommand', original);
  };
}

/** Runs the fixture; resolves to its failure, whose trace was written to RAFTKV_TRACE_DIR. */
export async function runStaleReadFixture(): Promise<KvTestFailure> {
  const restore = plantStaleReads();
  try {
    await runKvTest(FIXTURE_TEST, { count: 3 }, async (c) => {
      const sim = c.sim;
      await c.client(1).mustPut('k', 'v1');
      const leader = await c.main.leaderOfRegion(1);
      const [f1, f2] = c.storeIds().filter((id) => id !== leader?.storeId);
      c.addFilter(new PartitionFilter([f1], c.storeIds().filter((id) => id !== f1)));
      await c.client(2).mustPut('a', '1');
      await sim.sleep(800);
      c.clearFilters();
      c.stopServer(f2);
      await c.client(2).mustPut('b', '2');
      await sim.sleep(300);
      c.startServer(f2);
      // Let leadership settle after the partition healed: the stale read needs one leader.
      await sim.sleep(2000);
      await c.client(1).get('k');
      await c.client(2).mustPut('k', 'v2');
      // Operations that touch (one returns when the next is called) count as concurrent: leave a gap.
      await sim.sleep(10);
      await c.client(1).get('k');
    });
  } catch (e) {
    if (e instanceof KvTestFailure) return e;
    throw e;
  } finally {
    restore();
  }
  throw new Error(`expected ${FIXTURE_TEST} to fail with a history that is not linearizable, but it passed: was the stale-read bug planted?`);
}
