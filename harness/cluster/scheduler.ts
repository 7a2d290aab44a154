/**
 * MockScheduler: TinyKV's MockSchedulerClient (kv/test_raftstore/scheduler.go), as far as
 * Project 2 needs it. It knows the stores and the regions, and which peer leads each region.
 *
 * As in TinyKV, regions and leaders are learned ONLY from region heartbeats: a store's leader
 * peer reports its region every schedulerHeartbeatTickInterval (100 ms in tests). So right
 * after start the scheduler knows no region, and the client loop polls until one shows up.
 * A heartbeat always records its leader; it replaces the known region only if its epoch is
 * not older (TinyKV's handleHeartbeatVersion / handleHeartbeatConfVersion, without the
 * conf-change operators of Project 3).
 */
import { metapb } from '@target/proto/codec';
import { compareBytes, exceedEndKey } from '@target/kv/engine/cf';
import type { SchedulerClient } from '@target/kv/raftstore/runtime';
import { PeerInfo, RegionInfo, clonePeer, cloneRegion, isEpochStale, regionContains } from './meta';

/** A region as the scheduler knows it, with the leader last reported for it (if any). */
export interface RegionWithLeader {
  region: RegionInfo;
  leader: PeerInfo | null;
}

/** What happened to a heartbeat: taken, or ignored because its epoch was stale. */
export type HeartbeatOutcome = 'ok' | 'stale';

/** The scheduler of a test cluster; see the file comment. */
export class MockScheduler implements SchedulerClient {
  readonly clusterId: number;
  private baseId: number;
  private bootstrapped = false;
  private readonly stores = new Map<number, metapb.IStore>();
  /** The regions, sorted by start key (a handful at most, so a sorted array will do). */
  private regionsByKey: RegionInfo[] = [];
  /** Region id to the region's start key, as TinyKV's regionsKey. */
  private readonly regionsKey = new Map<number, Uint8Array>();
  private readonly leaders = new Map<number, PeerInfo>();
  /** How many heartbeats were taken and how many were stale (for traces and tests). */
  readonly heartbeats = { ok: 0, stale: 0 };

  /** TinyKV's NewMockSchedulerClient(clusterID, baseID): ids from baseId on are free. */
  constructor(clusterId: number, baseId: number) {
    this.clusterId = clusterId;
    this.baseId = baseId;
  }

  /** A fresh id (for new peers and regions, Project 3). */
  allocId(): number {
    return this.baseId++;
  }

  /** Bootstraps the cluster with its first store; throws if it is already bootstrapped. */
  bootstrap(store: metapb.IStore): void {
    if (this.bootstrapped || this.regionsKey.size !== 0) {
      this.bootstrapped = true;
      throw new Error('cluster is already bootstrapped');
    }
    this.stores.set(store.id ?? 0, { ...store });
    this.bootstrapped = true;
  }

  /** True once bootstrap() ran. */
  isBootstrapped(): boolean {
    return this.bootstrapped;
  }

  /** Adds or replaces a store. */
  putStore(store: metapb.IStore): void {
    this.checkBootstrap();
    this.stores.set(store.id ?? 0, { ...store });
  }

  /** The store with this id; throws if there is none. */
  getStore(storeId: number): metapb.IStore {
    this.checkBootstrap();
    const s = this.stores.get(storeId);
    if (s === undefined) throw new Error(`store ${storeId} not found`);
    return { ...s };
  }

  /** The region holding `key` and its leader, or null if no known region holds it. */
  getRegion(key: Uint8Array): RegionWithLeader | null {
    const r = this.findRegion(key);
    if (r === null) return null;
    const leader = this.leaders.get(r.id);
    return { region: cloneRegion(r), leader: leader === undefined ? null : { ...leader } };
  }

  /** The region with this id and its leader, or null if the region is unknown. */
  getRegionById(regionId: number): RegionWithLeader | null {
    const start = this.regionsKey.get(regionId);
    if (start === undefined) return null;
    const found = this.getRegion(start);
    return found !== null && found.region.id === regionId ? found : null;
  }

  /** The leader last reported for the region, or null if none was ever reported. */
  leaderOf(regionId: number): PeerInfo | null {
    const l = this.leaders.get(regionId);
    return l === undefined ? null : { ...l };
  }

  /** Every known region, in key order. */
  regions(): RegionInfo[] {
    return this.regionsByKey.map(cloneRegion);
  }

  /**
   * A leader reports its region. The leader is always recorded (as TinyKV does, before it
   * checks anything); the region replaces what is known only if its epoch is not stale.
   */
  regionHeartbeat(region: metapb.IRegion, leader: metapb.IPeer): HeartbeatOutcome {
    this.checkBootstrap();
    const r = cloneRegion(region);
    this.leaders.set(r.id, clonePeer(leader));
    const outcome = this.handleVersion(r) === 'ok' ? this.handleConfVersion(r) : 'stale';
    this.heartbeats[outcome]++;
    return outcome;
  }

  private checkBootstrap(): void {
    if (!this.bootstrapped) throw new Error('not bootstrapped');
  }

  /** TinyKV's handleHeartbeatVersion: place the region by its range, replacing older ones. */
  private handleVersion(region: RegionInfo): HeartbeatOutcome {
    if (exceedEndKey(region.startKey, region.endKey)) {
      throw new Error(`region ${region.id} has start key > end key`);
    }
    for (;;) {
      const found = this.findRegion(region.startKey);
      if (found === null) {
        this.addRegion(region);
        return 'ok';
      }
      if (compareBytes(found.startKey, region.startKey) === 0 && compareBytes(found.endKey, region.endKey) === 0) {
        // The same range: the epoch decides.
        if (isEpochStale(region.regionEpoch, found.regionEpoch)) return 'stale';
        if (found.regionEpoch.version < region.regionEpoch.version) {
          this.removeRegion(found);
          this.addRegion(region);
        }
        return 'ok';
      }
      if (exceedEndKey(found.startKey, region.endKey)) {
        // Nothing covers [start, end) now.
        this.addRegion(region);
        return 'ok';
      }
      // Overlap: the newer range replaces the older one.
      if (region.regionEpoch.version <= found.regionEpoch.version) return 'stale';
      this.removeRegion(found);
    }
  }

  /** TinyKV's handleHeartbeatConfVersion: a newer conf version replaces the region's peers. */
  private handleConfVersion(region: RegionInfo): HeartbeatOutcome {
    const found = this.findRegion(region.startKey);
    if (found === null) return 'stale';
    if (isEpochStale(region.regionEpoch, found.regionEpoch)) return 'stale';
    if (region.regionEpoch.confVer > found.regionEpoch.confVer) {
      this.removeRegion(found);
      this.addRegion(region);
    }
    return 'ok';
  }

  /** The region whose range holds `key` (the last one starting at or before it). */
  private findRegion(key: Uint8Array): RegionInfo | null {
    let result: RegionInfo | null = null;
    for (const r of this.regionsByKey) {
      if (compareBytes(r.startKey, key) > 0) break;
      result = r;
    }
    return result !== null && regionContains(result, key) ? result : null;
  }

  private addRegion(region: RegionInfo): void {
    this.regionsKey.set(region.id, region.startKey);
    const rest = this.regionsByKey.filter((r) => compareBytes(r.startKey, region.startKey) !== 0);
    rest.push(region);
    rest.sort((a, b) => compareBytes(a.startKey, b.startKey));
    this.regionsByKey = rest;
  }

  private removeRegion(region: RegionInfo): void {
    this.regionsKey.delete(region.id);
    this.regionsByKey = this.regionsByKey.filter((r) => r.id !== region.id || compareBytes(r.startKey, region.startKey) !== 0);
  }
}
