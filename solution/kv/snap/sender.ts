/**
 * SnapSender: sends snapshots to other stores in chunks, with flow control: at most
 * `maxConcurrent` transfers at a time (others wait in line), and at most `chunksPerTick`
 * chunks per base tick across all transfers, so a big snapshot cannot flood the network or
 * starve raft's own messages.
 *
 * A transfer ends once its last chunk is sent. Whether it arrived, the leader's raft learns
 * from the follower (an append response at the snapshot's index); if it was lost, raft's
 * snapshot pause times out and a new snapshot is sent.
 */
import { raft_serverpb } from '../../proto/codec';
import { Runtime } from '../raftstore/runtime';
import { readSnapFiles, SnapKey } from './snap-files';

/** Limits of snapshot sending. */
export interface SnapSendLimits {
  /** Transfers in progress at once, per store. */
  maxConcurrent: number;
  /** Chunks sent per base tick, per store. */
  chunksPerTick: number;
  /** Bytes of file data per chunk. */
  chunkSize: number;
}

/** Defaults: 2 transfers at a time, 16 chunks of 64 KiB per tick. */
export const DEFAULT_SNAP_SEND_LIMITS: SnapSendLimits = { maxConcurrent: 2, chunksPerTick: 16, chunkSize: 64 * 1024 };

interface Transfer {
  msg: raft_serverpb.IRaftMessage;
  bytes: Uint8Array;
  offset: number;
  first: boolean;
}

/** Sends snapshots in chunks; see the file comment. */
export class SnapSender {
  private readonly waiting: Transfer[] = [];
  private readonly active: Transfer[] = [];
  private budget: number;

  constructor(
    private readonly runtime: Runtime,
    private readonly limits: SnapSendLimits,
    /** Called when a transfer cannot even start (its files are missing): raft should retry. */
    private readonly onFailure: (regionId: number, toPeerId: number) => void,
  ) {
    this.budget = limits.chunksPerTick;
  }

  /** Starts sending the snapshot in `msg` (a MsgSnapshot) to its peer. */
  send(msg: raft_serverpb.IRaftMessage): void {
    const snap = msg.message?.snapshot;
    const meta = snap?.metadata ?? {};
    const key: SnapKey = { regionId: msg.regionId ?? 0, term: meta.term ?? 0, index: meta.index ?? 0 };
    let bytes: Uint8Array;
    try {
      const data = raft_serverpb.RaftSnapshotData.decode(snap?.data ?? new Uint8Array(0));
      bytes = readSnapFiles(this.runtime.disk, 'gen', key, data.meta ?? {});
    } catch (e) {
      this.runtime.trace('snapshot', `cannot send snapshot ${key.index} of region ${key.regionId}: ${String(e)}`);
      this.onFailure(key.regionId, msg.toPeer?.id ?? 0);
      return;
    }
    this.waiting.push({ msg, bytes, offset: 0, first: true });
    this.runtime.trace('snapshot', `queued snapshot ${key.index} of region ${key.regionId} (${bytes.length} bytes) for store ${msg.toPeer?.storeId ?? 0}`);
    this.pump();
  }

  /** A base tick: a new chunk budget. */
  tick(): void {
    this.budget = this.limits.chunksPerTick;
    this.pump();
  }

  /** Transfers in progress and waiting (for tests and traces). */
  pending(): { active: number; waiting: number } {
    return { active: this.active.length, waiting: this.waiting.length };
  }

  private pump(): void {
    while (this.active.length < this.limits.maxConcurrent && this.waiting.length > 0) {
      this.active.push(this.waiting.shift() as Transfer);
    }
    while (this.budget > 0 && this.active.length > 0) {
      for (let i = 0; i < this.active.length && this.budget > 0; i++) {
        const t = this.active[i];
        const data = t.bytes.subarray(t.offset, t.offset + this.limits.chunkSize);
        this.runtime.transport.sendSnapshotChunk({ message: t.msg, data, offset: t.offset, totalSize: t.bytes.length });
        this.budget--;
        t.offset += data.length;
        t.first = false;
        if (t.offset >= t.bytes.length) {
          this.active.splice(i, 1);
          i--;
          this.runtime.trace('snapshot', `sent snapshot ${t.msg.message?.snapshot?.metadata?.index ?? 0} to store ${t.msg.toPeer?.storeId ?? 0}`);
          if (this.waiting.length > 0) this.active.push(this.waiting.shift() as Transfer);
        }
      }
    }
  }
}
