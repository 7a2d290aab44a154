/**
 * Small helpers on metapb values for the cluster harness: copies (the harness never keeps an
 * object a store may still change), readable text forms, and TinyKV's epoch and peer checks.
 */
import { metapb } from '@target/proto/codec';
import { compareBytes } from '@target/kv/engine/cf';

/** A peer with both fields set, as the harness keeps it. */
export interface PeerInfo {
  id: number;
  storeId: number;
}

/** A region with every field set, as the harness keeps it. */
export interface RegionInfo {
  id: number;
  startKey: Uint8Array;
  endKey: Uint8Array;
  regionEpoch: { confVer: number; version: number };
  peers: PeerInfo[];
}

/** TinyKV's NewPeer(storeID, peerID). */
export function newPeer(storeId: number, peerId: number): PeerInfo {
  return { id: peerId, storeId };
}

/** A copy of a peer, with absent fields as 0. */
export function clonePeer(p: metapb.IPeer): PeerInfo {
  return { id: p.id ?? 0, storeId: p.storeId ?? 0 };
}

/** A deep copy of a region, with absent fields filled in (empty keys, epoch 0/0, no peers). */
export function cloneRegion(r: metapb.IRegion): RegionInfo {
  return {
    id: r.id ?? 0,
    startKey: (r.startKey ?? new Uint8Array(0)).slice(),
    endKey: (r.endKey ?? new Uint8Array(0)).slice(),
    regionEpoch: { confVer: r.regionEpoch?.confVer ?? 0, version: r.regionEpoch?.version ?? 0 },
    peers: (r.peers ?? []).map(clonePeer),
  };
}

/** TinyKV's util.IsEpochStale: `epoch` is older than `check` in version or conf version. */
export function isEpochStale(epoch: metapb.IRegionEpoch | null | undefined, check: metapb.IRegionEpoch | null | undefined): boolean {
  return (epoch?.version ?? 0) < (check?.version ?? 0) || (epoch?.confVer ?? 0) < (check?.confVer ?? 0);
}

/** True if the region [start, end) holds `key` (an empty end key means no end). */
export function regionContains(r: RegionInfo, key: Uint8Array): boolean {
  return compareBytes(key, r.startKey) >= 0 && (r.endKey.length === 0 || compareBytes(key, r.endKey) < 0);
}

/** The peer of `region` on `storeId`, or null (TinyKV's FindPeer). */
export function findPeer(region: RegionInfo, storeId: number): PeerInfo | null {
  return region.peers.find((p) => p.storeId === storeId) ?? null;
}

/** True if two peers are the same peer (same id on the same store). */
export function samePeer(a: metapb.IPeer | null, b: metapb.IPeer | null): boolean {
  if (a === null || b === null) return a === b;
  return (a.id ?? 0) === (b.id ?? 0) && (a.storeId ?? 0) === (b.storeId ?? 0);
}

/** Bytes as text for messages: printable ASCII as is, anything else as \xNN. */
export function showBytes(b: Uint8Array | null | undefined): string {
  if (b === null || b === undefined) return '<none>';
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + '"';
}

/** A peer as text: "peer 3 on store 3". */
export function showPeer(p: metapb.IPeer | null | undefined): string {
  if (p === null || p === undefined) return 'no peer';
  return `peer ${p.id ?? 0} on store ${p.storeId ?? 0}`;
}

/** A region as text: id, range, epoch and peers. */
export function showRegion(r: RegionInfo): string {
  const peers = r.peers.map((p) => `${p.id}@${p.storeId}`).join(',');
  return `region ${r.id} [${showBytes(r.startKey)}, ${showBytes(r.endKey)}) epoch {confVer ${r.regionEpoch.confVer}, version ${r.regionEpoch.version}} peers [${peers}]`;
}
