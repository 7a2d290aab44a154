/**
 * raft/sync-cluster-N: N RawNodes of solution/ in one process. One op = one 8-byte proposal
 * on the leader, replicated, committed and applied on all N nodes. Messages are handed over
 * directly (no serialization, no timers); each Ready's entries go to MemoryStorage.
 */
import { MemoryStorage, Message, newRawNode, RawNode, StateType } from '../solution/raft';
import { BenchResult } from './result';

class SyncCluster {
  readonly nodes: RawNode[] = [];
  readonly storages: MemoryStorage[] = [];
  readonly applied: number[] = [];
  private readonly queue: Message[] = [];

  constructor(n: number) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    for (const id of ids) {
      const storage = new MemoryStorage();
      this.storages.push(storage);
      this.nodes.push(newRawNode({ id, peers: ids, electionTick: 10, heartbeatTick: 1, storage }));
      this.applied.push(0);
    }
    this.nodes[0].campaign();
    this.pump();
    if (this.nodes[0].raft.state !== StateType.Leader) throw new Error('bench: node 1 did not become leader');
  }

  /** Runs every Ready and delivers every message until the cluster is quiet. */
  pump(): void {
    for (;;) {
      let busy = false;
      for (let i = 0; i < this.nodes.length; i++) {
        const node = this.nodes[i];
        while (node.hasReady()) {
          busy = true;
          const rd = node.ready();
          const storage = this.storages[i];
          if (rd.hardState.term !== 0) storage.setHardState(rd.hardState);
          if (rd.entries.length > 0) storage.append(rd.entries);
          for (const m of rd.messages) this.queue.push(m);
          const ce = rd.committedEntries;
          if (ce.length > 0) this.applied[i] = ce[ce.length - 1].index;
          node.advance(rd);
        }
      }
      if (this.queue.length > 0) {
        busy = true;
        const batch = this.queue.splice(0);
        for (const m of batch) this.nodes[m.to - 1].step(m);
      }
      if (!busy) return;
    }
  }

  /** Proposes 8 bytes on the leader and runs until every node applied it. */
  op(data: Uint8Array): void {
    this.nodes[0].propose(data);
    this.pump();
  }
}

/** Runs the benchmark for a cluster of n nodes and returns its figures. */
export function runSyncCluster(n: number, ops: number, warmup: number): BenchResult {
  const cluster = new SyncCluster(n);
  const data = new Uint8Array(8);
  for (let i = 0; i < warmup; i++) cluster.op(data);
  if (typeof global.gc === 'function') global.gc();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) cluster.op(data);
  const ns = Number(process.hrtime.bigint() - start);
  const want = cluster.nodes[0].raft.raftLog.lastIndex();
  cluster.applied.forEach((a, i) => {
    if (a !== want) throw new Error(`bench: node ${i + 1} applied ${a}, want ${want}`);
  });
  return {
    name: `raft/sync-cluster-${n}`,
    ops,
    nsPerOp: ns / ops,
    opsPerSec: ops / (ns / 1e9),
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
}
