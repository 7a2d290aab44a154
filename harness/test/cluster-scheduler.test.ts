/**
 * Unit tests of the cluster harness's MockScheduler: regions and leaders are learned from
 * heartbeats only, and a heartbeat with an older epoch never replaces a newer region.
 */
import { MockScheduler } from '../cluster/scheduler';
import { RegionInfo } from '../cluster/meta';

const enc = new TextEncoder();
const b = (s: string): Uint8Array => enc.encode(s);

function region(id: number, start: string, end: string, confVer: number, version: number, stores = [1, 2, 3]): RegionInfo {
  return {
    id,
    startKey: b(start),
    endKey: b(end),
    regionEpoch: { confVer, version },
    peers: stores.map((s) => ({ id: s, storeId: s })),
  };
}

function bootstrapped(): MockScheduler {
  const s = new MockScheduler(0, 6);
  s.bootstrap({ id: 1 });
  for (let id = 1; id <= 3; id++) s.putStore({ id });
  return s;
}

describe('MockScheduler', () => {
  test('knows no region and no leader before the first heartbeat', () => {
    const s = bootstrapped();
    expect(s.getRegion(b(''))).toBeNull();
    expect(s.getRegionById(1)).toBeNull();
    expect(s.leaderOf(1)).toBeNull();
  });

  test('a heartbeat records the region and its leader', () => {
    const s = bootstrapped();
    expect(s.regionHeartbeat(region(1, '', '', 1, 1), { id: 2, storeId: 2 })).toBe('ok');
    expect(s.leaderOf(1)).toEqual({ id: 2, storeId: 2 });
    const byKey = s.getRegion(b('any key'));
    expect(byKey?.region.id).toBe(1);
    expect(byKey?.leader).toEqual({ id: 2, storeId: 2 });
    expect(s.getRegionById(1)?.region.peers.map((p) => p.storeId)).toEqual([1, 2, 3]);
  });

  test('the leader follows the latest heartbeat', () => {
    const s = bootstrapped();
    s.regionHeartbeat(region(1, '', '', 1, 1), { id: 2, storeId: 2 });
    s.regionHeartbeat(region(1, '', '', 1, 1), { id: 3, storeId: 3 });
    expect(s.leaderOf(1)).toEqual({ id: 3, storeId: 3 });
  });

  test('a stale epoch does not replace the region, but its leader is recorded (as TinyKV)', () => {
    const s = bootstrapped();
    s.regionHeartbeat(region(1, '', '', 2, 1, [1, 2, 3, 4]), { id: 1, storeId: 1 });
    expect(s.regionHeartbeat(region(1, '', '', 1, 1), { id: 3, storeId: 3 })).toBe('stale');
    expect(s.getRegionById(1)?.region.regionEpoch).toEqual({ confVer: 2, version: 1 });
    expect(s.getRegionById(1)?.region.peers).toHaveLength(4);
    expect(s.leaderOf(1)).toEqual({ id: 3, storeId: 3 });
    expect(s.heartbeats).toEqual({ ok: 1, stale: 1 });
  });

  test('a newer conf version replaces the peers', () => {
    const s = bootstrapped();
    s.regionHeartbeat(region(1, '', '', 1, 1), { id: 1, storeId: 1 });
    s.regionHeartbeat(region(1, '', '', 2, 1, [1, 2]), { id: 1, storeId: 1 });
    expect(s.getRegionById(1)?.region.peers.map((p) => p.storeId)).toEqual([1, 2]);
  });

  test('regions are found by key range; a split (newer version) replaces the overlapped range', () => {
    const s = bootstrapped();
    s.regionHeartbeat(region(1, '', '', 1, 1), { id: 1, storeId: 1 });
    s.regionHeartbeat(region(1, '', 'm', 1, 2), { id: 1, storeId: 1 });
    s.regionHeartbeat(region(7, 'm', '', 1, 2), { id: 8, storeId: 2 });
    expect(s.getRegion(b('a'))?.region.id).toBe(1);
    expect(s.getRegion(b('m'))?.region.id).toBe(7);
    expect(s.getRegion(b('z'))?.leader).toEqual({ id: 8, storeId: 2 });
    expect(s.regions().map((r) => r.id)).toEqual([1, 7]);
    // An old report of the whole range must not bring the unsplit region back.
    expect(s.regionHeartbeat(region(1, '', '', 1, 1), { id: 1, storeId: 1 })).toBe('stale');
    expect(s.getRegion(b('z'))?.region.id).toBe(7);
  });

  test('keeps copies: changing the reported objects later changes nothing', () => {
    const s = bootstrapped();
    const r = region(1, '', '', 1, 1);
    const leader = { id: 2, storeId: 2 };
    s.regionHeartbeat(r, leader);
    r.regionEpoch.version = 9;
    r.peers.length = 0;
    leader.id = 3;
    expect(s.getRegionById(1)?.region.regionEpoch.version).toBe(1);
    expect(s.getRegionById(1)?.region.peers).toHaveLength(3);
    expect(s.leaderOf(1)?.id).toBe(2);
  });

  test('bootstrap happens once; stores need it', () => {
    const s = new MockScheduler(0, 6);
    expect(() => s.putStore({ id: 1 })).toThrow('not bootstrapped');
    s.bootstrap({ id: 1 });
    expect(() => s.bootstrap({ id: 1 })).toThrow('already bootstrapped');
    s.putStore({ id: 2 });
    expect(s.getStore(2).id).toBe(2);
    expect(() => s.getStore(9)).toThrow('store 9 not found');
    expect([s.allocId(), s.allocId()]).toEqual([6, 7]);
  });
});
