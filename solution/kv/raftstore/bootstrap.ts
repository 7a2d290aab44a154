/**
 * Writing a new store's first state, as TinyKV's bootstrap: the store's identity, and the
 * first region (all keys) with its three states at index and term 5.
 */
import { metapb, raft_serverpb } from '../../proto/codec';
import { WriteBatch } from '../engine/engine';
import { Engines } from '../engine/engines';
import { applyStateKey, prepareBootstrapKey, raftStateKey, storeIdentKey } from '../meta/keys';
import { getMeta, initApplyState, initRaftLocalState, putMeta, writeRegionState } from '../meta/states';

/** Writes the store's identity. Throws if the engines are not empty of it already. */
export function bootstrapStore(engines: Engines, clusterId: number, storeId: number): void {
  if (engines.kv.get(storeIdentKey) !== undefined) throw new Error(`store ${storeId} is already bootstrapped`);
  const wb = new WriteBatch();
  putMeta(wb, storeIdentKey, raft_serverpb.StoreIdent, { clusterId, storeId });
  engines.kv.write(wb);
}

/** The store's identity, if it was bootstrapped. */
export function getStoreIdent(engines: Engines): raft_serverpb.StoreIdent | undefined {
  return getMeta(engines.kv, storeIdentKey, raft_serverpb.StoreIdent);
}

/** Writes the first region and its initial RegionLocalState, RaftApplyState and RaftLocalState. */
export function prepareBootstrapCluster(engines: Engines, region: metapb.IRegion): void {
  const regionId = region.id ?? 0;
  const kvWB = new WriteBatch();
  putMeta(kvWB, prepareBootstrapKey, raft_serverpb.RegionLocalState, { region });
  writeRegionState(kvWB, region, raft_serverpb.PeerState.Normal);
  putMeta(kvWB, applyStateKey(regionId), raft_serverpb.RaftApplyState, initApplyState(engines.kv, region));
  engines.kv.write(kvWB);
  const raftWB = new WriteBatch();
  putMeta(raftWB, raftStateKey(regionId), raft_serverpb.RaftLocalState, initRaftLocalState(engines.raft, region));
  engines.raft.write(raftWB);
}

/** Removes the prepare-bootstrap marker once the cluster is bootstrapped. */
export function clearPrepareBootstrapState(engines: Engines): void {
  engines.kv.write(new WriteBatch().delete(prepareBootstrapKey));
}
