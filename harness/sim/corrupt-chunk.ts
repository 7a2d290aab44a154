/**
 * A network filter that corrupts one snapshot chunk on its way, as a flaky link or a bad disk
 * would: it flips one byte (bit 5: 'x' becomes 'X') of the first chunk to store `to` whose
 * data holds a run of at least RUN bytes 'x', in the middle of that run. The tests write
 * values padded with 'x' (harness/cluster/lagging.ts), so the byte is inside a value: the
 * files still decode, and only their checksums tell the corruption. It drops nothing, and
 * changes a copy of the chunk, never the sender's bytes.
 */
import type { raft_serverpb } from '@target/proto/codec';
import type { Filter } from './filters';
import type { Simulator } from './simulator';

/** The length of the run of 'x' a corrupted byte sits in the middle of. */
const RUN = 32;
const X = 0x78;

/** Where a run of RUN bytes 'x' is in `data` (the index of its middle byte), or -1. */
function middleOfRun(data: Uint8Array): number {
  let run = 0;
  for (let i = Math.floor(data.length / 2); i < data.length; i++) {
    run = data[i] === X ? run + 1 : 0;
    if (run === RUN) return i - RUN / 2;
  }
  return -1;
}

/** Corrupts one byte of one snapshot chunk to store `to`; see the file comment. */
export class CorruptOneSnapshotChunk implements Filter {
  /** The store whose incoming snapshot chunks are watched (set it before the snapshot is sent). */
  to = 0;
  /** What was corrupted ("chunk at offset 0 of 2->3, byte 40000 of its data"), or null while nothing was. */
  corrupted: string | null = null;
  /** Virtual time of the corruption, or null. */
  corruptedAt: number | null = null;

  constructor(private readonly sim: Simulator) {}

  /** Drops nothing. */
  before(_msg: raft_serverpb.IRaftMessage): boolean {
    return true;
  }

  /** The first fitting chunk to `to`, with one byte flipped, in a copy; any other chunk as it is. */
  alterChunk(chunk: raft_serverpb.ISnapshotChunk): raft_serverpb.ISnapshotChunk {
    if (this.corrupted !== null || (chunk.message?.toPeer?.storeId ?? 0) !== this.to) return chunk;
    const data = chunk.data ?? new Uint8Array(0);
    const at = middleOfRun(data);
    if (at < 0) return chunk;
    const copy = data.slice();
    copy[at] ^= 0x20;
    const from = chunk.message?.fromPeer?.storeId ?? 0;
    this.corrupted = `the snapshot chunk at offset ${chunk.offset ?? 0} (of ${chunk.totalSize ?? 0} bytes) from store ${from} to store `
      + `${this.to}: byte ${at} of its data, 'x' -> 'X'`;
    this.corruptedAt = this.sim.now();
    this.sim.trace.record({ store: from, topic: 'fault', kind: 'corrupt', message: `corrupts ${this.corrupted}` });
    return { ...chunk, data: copy };
  }
}
