/**
 * Generating a snapshot of a region (the region worker's job in TinyKV): from one consistent
 * view of the kv engine, take the applied index and the region's data, write the data as
 * files, and describe them in the snapshot's data.
 */
import { newConfState, newSnapshot, Snapshot } from '../../raft';
import { eraftpb, raft_serverpb } from '../../proto/codec';
import { Engines } from '../engine/engines';
import { raftLogKey } from '../meta/keys';
import { getApplyState, getMeta, getRegionLocalState } from '../meta/states';
import { Runtime } from '../raftstore/runtime';
import { regionOfSnapFile, writeSnapFiles } from './snap-files';

/** Generates a snapshot of region `regionId` at its applied index, with its files on the store's disk. */
export function generateSnapshot(engines: Engines, regionId: number, runtime: Runtime): Snapshot {
  const view = engines.kv.snapshot();
  try {
    const apply = getApplyState(view, regionId);
    const local = getRegionLocalState(view, regionId);
    if (apply === undefined || local?.region == null) throw new Error(`region ${regionId}: no apply or region state to snapshot`);
    if (local.state !== raft_serverpb.PeerState.Normal) throw new Error(`region ${regionId} is not Normal`);
    const index = apply.appliedIndex;
    const truncated = apply.truncatedState ?? {};
    let term = truncated.term ?? 0;
    if (index !== (truncated.index ?? 0)) {
      const entry = getMeta(engines.raft, raftLogKey(regionId, index), eraftpb.Entry);
      if (entry === undefined) throw new Error(`region ${regionId}: no raft log entry at the applied index ${index}`);
      term = entry.term;
    }
    // Older generated files of this region are no longer needed.
    for (const name of runtime.disk.list()) {
      const f = regionOfSnapFile(name);
      if (f !== null && f.prefix === 'gen' && f.regionId === regionId && f.index < index) runtime.disk.unlink(name);
    }
    const data = writeSnapFiles(runtime.disk, view, local.region, { regionId, term, index });
    runtime.trace('snapshot', `generated snapshot ${index} (term ${term}) of region ${regionId}, ${data.length} bytes of metadata`);
    const nodes = (local.region.peers ?? []).map((p) => p.id ?? 0);
    return newSnapshot({ data, metadata: { index, term, confState: newConfState({ nodes }) } });
  } finally {
    view.release();
  }
}
