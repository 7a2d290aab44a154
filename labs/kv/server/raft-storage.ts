/**
 * RaftStorage: the KV API of a store (TinyKV's kv/storage/raft_storage), where every read and
 * write is a raft command: get, put, delete and scan go through the region's raft log, so they
 * see the same, linearizable history on every store.
 */
import { errorpb, metapb, raft_cmdpb } from '../../proto/codec';
import { CfDefault, compareBytes, getCF, scanCF } from '../engine/cf';
import { EngineSnapshot } from '../engine/engine';
import { RaftStore } from '../raftstore/store';

/** Where a request goes: the region, its leader as the client believes, the region epoch. */
export interface KvContext {
  regionId: number;
  peer: metapb.IPeer;
  regionEpoch: metapb.IRegionEpoch;
  /** The term the client saw (optional; a much older one is a stale request). */
  term?: number;
}

/** One change of a write: a put, or a delete. */
export type Modify =
  | { type: 'put'; cf: string; key: Uint8Array; value: Uint8Array }
  | { type: 'delete'; cf: string; key: Uint8Array };

/** A command was answered with an error (NotLeader, EpochNotMatch, ...): it is in `error`. */
export class RaftStorageError extends Error {
  constructor(readonly error: errorpb.IError) {
    super(error.message ?? 'raft storage error');
    this.name = 'RaftStorageError';
  }
}

/** A consistent view of one region's data, taken when the Snap command was applied. */
export class RegionReader {
  constructor(private readonly snap: EngineSnapshot, readonly region: metapb.IRegion) {}

  /** The value of `key` in `cf`, or undefined. Throws if the key is outside the region. */
  getCF(cf: string, key: Uint8Array): Uint8Array | undefined {
    this.checkKey(key);
    return getCF(this.snap, cf, key);
  }

  /** The pairs of `cf` in the region from `start` (inclusive) to `end` (exclusive; empty: the region's end). */
  *iterCF(cf: string, start: Uint8Array = new Uint8Array(0), end: Uint8Array = new Uint8Array(0)): IterableIterator<[Uint8Array, Uint8Array]> {
    const rs = this.region.startKey ?? new Uint8Array(0);
    const re = this.region.endKey ?? new Uint8Array(0);
    const lo = compareBytes(start, rs) > 0 ? start : rs;
    let hi: Uint8Array | null = end.length > 0 ? end : null;
    if (re.length > 0 && (hi === null || compareBytes(re, hi) < 0)) hi = re;
    yield* scanCF(this.snap, cf, lo, hi);
  }

  /** Releases the view. */
  close(): void {
    this.snap.release();
  }

  private checkKey(key: Uint8Array): void {
    const rs = this.region.startKey ?? new Uint8Array(0);
    const re = this.region.endKey ?? new Uint8Array(0);
    if (compareBytes(key, rs) < 0 || (re.length > 0 && compareBytes(key, re) >= 0)) {
      throw new Error(`key ${Buffer.from(key).toString('hex')} is not in region ${this.region.id ?? 0}`);
    }
  }
}

/** The KV API of one store, on raft; see the file comment. */
export class RaftStorage {
  constructor(private readonly store: RaftStore) {}

  /** Applies the changes atomically (one raft command). */
  async write(ctx: KvContext, batch: Modify[]): Promise<void> {
    const requests: raft_cmdpb.IRequest[] = batch.map((m) => (m.type === 'put'
      ? { cmdType: raft_cmdpb.CmdType.Put, put: { cf: m.cf, key: m.key, value: m.value } }
      : { cmdType: raft_cmdpb.CmdType.Delete, delete: { cf: m.cf, key: m.key } }));
    const { resp, snap } = await this.call(ctx, requests);
    snap?.release();
    checkResponse(resp, requests.length);
  }

  /** A consistent view of the region, as of a point in the raft log (a Snap command). */
  async reader(ctx: KvContext): Promise<RegionReader> {
    const { resp, snap } = await this.call(ctx, [{ cmdType: raft_cmdpb.CmdType.Snap, snap: {} }]);
    if (resp.header?.error != null) {
      snap?.release();
      throw new RaftStorageError(resp.header.error);
    }
    const region = resp.responses?.[0]?.snap?.region;
    if (snap === null || region == null) {
      snap?.release();
      throw new Error('a Snap command was answered without a view of the engine or without its region');
    }
    return new RegionReader(snap, region);
  }

  /** The value of `key` (default column family unless `cf` says otherwise), or undefined. */
  async get(ctx: KvContext, key: Uint8Array, cf: string = CfDefault): Promise<Uint8Array | undefined> {
    const r = await this.reader(ctx);
    try {
      return r.getCF(cf, key);
    } finally {
      r.close();
    }
  }

  /** Sets `key` to `value`. */
  put(ctx: KvContext, key: Uint8Array, value: Uint8Array, cf: string = CfDefault): Promise<void> {
    return this.write(ctx, [{ type: 'put', cf, key, value }]);
  }

  /** Deletes `key`. */
  delete(ctx: KvContext, key: Uint8Array, cf: string = CfDefault): Promise<void> {
    return this.write(ctx, [{ type: 'delete', cf, key }]);
  }

  /** Up to `limit` pairs from `start` on (within the region), from one consistent view. */
  async scan(ctx: KvContext, start: Uint8Array, limit: number, cf: string = CfDefault): Promise<[Uint8Array, Uint8Array][]> {
    const r = await this.reader(ctx);
    try {
      const out: [Uint8Array, Uint8Array][] = [];
      for (const pair of r.iterCF(cf, start)) {
        if (out.length >= limit) break;
        out.push(pair);
      }
      return out;
    } finally {
      r.close();
    }
  }

  private call(ctx: KvContext, requests: raft_cmdpb.IRequest[]): Promise<{ resp: raft_cmdpb.IRaftCmdResponse; snap: EngineSnapshot | null }> {
    const req: raft_cmdpb.IRaftCmdRequest = {
      header: { regionId: ctx.regionId, peer: ctx.peer, regionEpoch: ctx.regionEpoch, term: ctx.term ?? 0 },
      requests,
    };
    return new Promise((resolve) => this.store.sendRaftCommand(req, (resp, snap) => resolve({ resp, snap })));
  }
}

function checkResponse(resp: raft_cmdpb.IRaftCmdResponse, want: number): void {
  if (resp.header?.error != null) throw new RaftStorageError(resp.header.error);
  const got = resp.responses?.length ?? 0;
  if (got !== want) throw new Error(`expected ${want} responses, got ${got}`);
}
