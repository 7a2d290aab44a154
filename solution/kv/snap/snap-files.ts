/**
 * Snapshot files: a snapshot of a region is one file per column family, holding the region's
 * keys and values of that family, with its size and CRC-32 in the snapshot's metadata
 * (raft_serverpb.RaftSnapshotData, which goes in eraftpb.Snapshot.data).
 *
 * Names: `gen_<region>_<term>_<index>_<cf>.snap` on the sender (generated),
 * `rcv_<region>_<term>_<index>_<cf>.snap` on the receiver (received and verified).
 */
import { metapb, raft_serverpb } from '../../proto/codec';
import { SnapDisk } from '../raftstore/runtime';
import { CFs, scanCF } from '../engine/cf';
import { EngineSnapshot } from '../engine/engine';
import { crc32 } from './crc32';

/** What identifies a snapshot of a region. */
export interface SnapKey {
  regionId: number;
  term: number;
  index: number;
}

/** The file name of one column family of a snapshot. */
export function snapFileName(prefix: 'gen' | 'rcv', key: SnapKey, cf: string): string {
  return `${prefix}_${key.regionId}_${key.term}_${key.index}_${cf}.snap`;
}

/** The region id of a snapshot file name, or null if the name is not one. */
export function regionOfSnapFile(name: string): { prefix: string; regionId: number; index: number } | null {
  const m = /^(gen|rcv)_(\d+)_(\d+)_(\d+)_[a-z]+\.snap$/.exec(name);
  return m === null ? null : { prefix: m[1], regionId: Number(m[2]), index: Number(m[4]) };
}

/** Encodes the region's pairs of one column family as a file. */
function buildCfFile(snap: EngineSnapshot, cf: string, region: metapb.IRegion): Uint8Array {
  const data: raft_serverpb.IKeyValue[] = [];
  const start = region.startKey ?? new Uint8Array(0);
  const end = region.endKey ?? new Uint8Array(0);
  for (const [key, value] of scanCF(snap, cf, start, end.length === 0 ? null : end)) data.push({ key, value });
  return raft_serverpb.RaftSnapshotData.encode({ data }).finish();
}

/**
 * Writes the region's data, as seen by `snap`, into durable files on `disk`; returns the
 * snapshot's data (the region and the files' sizes and checksums).
 */
export function writeSnapFiles(disk: SnapDisk, snap: EngineSnapshot, region: metapb.IRegion, key: SnapKey): Uint8Array {
  const cfFiles: raft_serverpb.ISnapshotCFFile[] = [];
  let fileSize = 0;
  for (const cf of CFs) {
    const bytes = buildCfFile(snap, cf, region);
    const name = snapFileName('gen', key, cf);
    disk.writeFile(name, bytes);
    disk.fsync(name);
    cfFiles.push({ cf, size: bytes.length, checksum: crc32(bytes) });
    fileSize += bytes.length;
  }
  return raft_serverpb.RaftSnapshotData.encode({ region, fileSize, meta: { cfFiles } }).finish();
}

/** The files of a snapshot on `disk`, end to end in cf_files order (for sending). */
export function readSnapFiles(disk: SnapDisk, prefix: 'gen' | 'rcv', key: SnapKey, meta: raft_serverpb.ISnapshotMeta): Uint8Array {
  const parts = (meta.cfFiles ?? []).map((f) => disk.readFile(snapFileName(prefix, key, f.cf ?? '')));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Splits received bytes into the snapshot's files, checks each one's size and checksum, and
 * writes them durably as `rcv_` files. Returns null if everything is right, else what is wrong.
 */
export function saveReceivedSnapFiles(disk: SnapDisk, key: SnapKey, meta: raft_serverpb.ISnapshotMeta, bytes: Uint8Array): string | null {
  let at = 0;
  const files: { name: string; data: Uint8Array }[] = [];
  for (const f of meta.cfFiles ?? []) {
    const size = f.size ?? 0;
    const data = bytes.subarray(at, at + size);
    at += size;
    if (data.length !== size) return `file ${f.cf ?? ''}: ${data.length} bytes, want ${size}`;
    if (crc32(data) !== (f.checksum ?? 0)) return `file ${f.cf ?? ''}: checksum ${crc32(data)}, want ${f.checksum ?? 0}`;
    files.push({ name: snapFileName('rcv', key, f.cf ?? ''), data });
  }
  if (at !== bytes.length) return `${bytes.length} bytes received, the files hold ${at}`;
  for (const f of files) {
    disk.writeFile(f.name, f.data);
    disk.fsync(f.name);
  }
  return null;
}

/** The pairs of one received column-family file. */
export function readCfPairs(disk: SnapDisk, key: SnapKey, cf: string): raft_serverpb.IKeyValue[] {
  return raft_serverpb.RaftSnapshotData.decode(disk.readFile(snapFileName('rcv', key, cf))).data ?? [];
}
