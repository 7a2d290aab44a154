/**
 * SnapReceiver: reassembles snapshot chunks. Chunks may arrive in any order, twice, or never;
 * a transfer is complete when every byte of its files arrived. Then the files are checked
 * (size and checksum), written durably, and the raft message is handed to the peer. A transfer
 * that fails the check is dropped and forgotten, so that the same snapshot sent again is taken
 * (the leader sends it again once its snapshot pause times out). A transfer that stays
 * incomplete for `timeoutMs` is dropped too (the leader will send a new snapshot).
 */
import { raft_serverpb } from '../../proto/codec';
import { Runtime } from '../raftstore/runtime';
import { saveReceivedSnapFiles, SnapKey } from './snap-files';

interface Incoming {
  msg: raft_serverpb.IRaftMessage;
  total: number;
  pieces: Map<number, Uint8Array>;
  received: number;
  startedAt: number;
}

/** Reassembles snapshot transfers; see the file comment. */
export class SnapReceiver {
  private readonly incoming = new Map<string, Incoming>();
  private readonly done = new Set<string>();

  constructor(
    private readonly runtime: Runtime,
    /** Hands a complete, verified snapshot's raft message to its peer. */
    private readonly deliver: (msg: raft_serverpb.IRaftMessage) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  /** One chunk from the network. */
  onChunk(chunk: raft_serverpb.ISnapshotChunk): void {
    const msg = chunk.message;
    const meta = msg?.message?.snapshot?.metadata;
    if (msg == null || meta == null) {
      this.runtime.trace('error', 'drops a snapshot chunk with no raft message');
      return;
    }
    const key: SnapKey = { regionId: msg.regionId ?? 0, term: meta.term ?? 0, index: meta.index ?? 0 };
    const id = `${key.regionId}/${msg.fromPeer?.id ?? 0}->${msg.toPeer?.id ?? 0}/${key.term}/${key.index}`;
    if (this.done.has(id)) return;
    let t = this.incoming.get(id);
    if (t === undefined) {
      t = { msg, total: chunk.totalSize ?? 0, pieces: new Map(), received: 0, startedAt: this.runtime.now() };
      this.incoming.set(id, t);
    }
    const offset = chunk.offset ?? 0;
    const data = chunk.data ?? new Uint8Array(0);
    if (!t.pieces.has(offset) && (data.length > 0 || t.total === 0)) {
      t.pieces.set(offset, data);
      t.received += data.length;
    }
    if (t.received < t.total || (t.total === 0 && t.pieces.size === 0)) return;
    this.incoming.delete(id);
    const bytes = new Uint8Array(t.total);
    for (const [at, piece] of t.pieces) bytes.set(piece, at);
    let problem: string | null;
    try {
      const data = raft_serverpb.RaftSnapshotData.decode(msg.message?.snapshot?.data ?? new Uint8Array(0));
      problem = saveReceivedSnapFiles(this.runtime.disk, key, data.meta ?? {}, bytes);
    } catch (e) {
      problem = String(e);
    }
    if (problem !== null) {
      this.runtime.trace('snapshot', `drops snapshot ${key.index} of region ${key.regionId}: ${problem}`);
      return;
    }
    // Only a verified transfer is done: late duplicates of its chunks are ignored from now on.
    this.done.add(id);
    this.runtime.trace('snapshot', `received snapshot ${key.index} of region ${key.regionId} (${t.total} bytes)`);
    this.deliver(msg);
  }

  /** Drops transfers that did not complete in time. */
  tick(): void {
    const now = this.runtime.now();
    for (const [id, t] of this.incoming) {
      if (now - t.startedAt > this.timeoutMs) {
        this.incoming.delete(id);
        this.runtime.trace('snapshot', `gives up on incomplete snapshot transfer ${id}`);
      }
    }
    if (this.done.size > 1000) this.done.clear();
  }
}
