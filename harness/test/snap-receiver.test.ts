/**
 * Unit tests of the snapshot receiver (kv/snap/receiver.ts, given code): it reassembles the
 * chunks of a transfer and hands the snapshot to raft only when every file has the size and
 * CRC-32 the snapshot's metadata gives. A corrupted byte, a wrong size or a wrong checksum is
 * rejected (nothing delivered, no received file left), and the same snapshot sent again
 * intact afterwards is taken. The snapshot is built with the given generator's file writer
 * (snap-files.ts) from a small engine, on a simulated disk.
 */
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { CfDefault, CfLock, putCF } from '@target/kv/engine/cf';
import { WriteBatch } from '@target/kv/engine/engine';
import { MemEngine } from '@target/kv/engine/mem-engine';
import type { Runtime, TraceTopic } from '@target/kv/raftstore/runtime';
import { SnapReceiver } from '@target/kv/snap/receiver';
import { SnapKey, readSnapFiles, writeSnapFiles } from '@target/kv/snap/snap-files';
import { SimDisk } from '../sim/sim-disk';

const enc = new TextEncoder();
const KEY: SnapKey = { regionId: 1, term: 7, index: 42 };
const CHUNK = 100;

/** A snapshot of a few keys in two column families: its raft message (MsgSnapshot) and its files' bytes, end to end. */
function makeSnapshot(): { msg: raft_serverpb.IRaftMessage; meta: raft_serverpb.ISnapshotMeta; bytes: Uint8Array } {
  const engine = new MemEngine();
  const wb = new WriteBatch();
  for (let i = 0; i < 20; i++) putCF(wb, CfDefault, enc.encode(`key ${i}`), enc.encode(`value ${i} ${'x'.repeat(20)}`));
  putCF(wb, CfLock, enc.encode('lock 0'), enc.encode('held'));
  engine.write(wb);
  const disk = new SimDisk();
  const view = engine.snapshot();
  const region = { id: 1, startKey: new Uint8Array(0), endKey: new Uint8Array(0), regionEpoch: { confVer: 1, version: 1 }, peers: [] };
  const data = writeSnapFiles(disk, view, region, KEY);
  view.release();
  const meta = raft_serverpb.RaftSnapshotData.decode(data).meta ?? {};
  const bytes = readSnapFiles(disk, 'gen', KEY, meta);
  const msg: raft_serverpb.IRaftMessage = {
    regionId: 1,
    fromPeer: { id: 1, storeId: 1 },
    toPeer: { id: 2, storeId: 2 },
    message: { msgType: eraftpb.MessageType.MsgSnapshot, from: 1, to: 2, term: KEY.term, snapshot: { data, metadata: { index: KEY.index, term: KEY.term } } },
  };
  return { msg, meta, bytes };
}

/** The message with its snapshot's metadata replaced (files' sizes or checksums changed). */
function withMeta(msg: raft_serverpb.IRaftMessage, meta: raft_serverpb.ISnapshotMeta): raft_serverpb.IRaftMessage {
  const snap = msg.message?.snapshot ?? {};
  const data = raft_serverpb.RaftSnapshotData.decode(snap.data ?? new Uint8Array(0));
  data.meta = raft_serverpb.SnapshotMeta.create(meta);
  return { ...msg, message: { ...msg.message, snapshot: { ...snap, data: raft_serverpb.RaftSnapshotData.encode(data).finish() } } };
}

/** The transfer's chunks, CHUNK bytes each, in sending order. */
function chunks(msg: raft_serverpb.IRaftMessage, bytes: Uint8Array): raft_serverpb.ISnapshotChunk[] {
  const out: raft_serverpb.ISnapshotChunk[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push({ message: msg, data: bytes.slice(at, at + CHUNK), offset: at, totalSize: bytes.length });
  return out;
}

/** A receiver on its own disk, with what it delivered and traced. */
function receiver(): { rcv: SnapReceiver; disk: SimDisk; delivered: raft_serverpb.IRaftMessage[]; traces: string[] } {
  const disk = new SimDisk();
  const traces: string[] = [];
  const runtime: Runtime = {
    now: () => 0,
    schedule: () => () => undefined,
    transport: { send: () => undefined, sendSnapshotChunk: () => undefined },
    scheduler: { regionHeartbeat: () => undefined },
    disk,
    trace: (topic: TraceTopic, message: string) => {
      traces.push(`${topic}: ${message}`);
    },
  };
  const delivered: raft_serverpb.IRaftMessage[] = [];
  return { rcv: new SnapReceiver(runtime, (m) => delivered.push(m)), disk, delivered, traces };
}

/** The received (`rcv_`) files on a disk. */
function received(disk: SimDisk): string[] {
  return disk.list().filter((n) => n.startsWith('rcv_'));
}

/** Expects the transfer to have been rejected: nothing delivered, no received file. */
function expectRejected(r: ReturnType<typeof receiver>, what: string): void {
  if (r.delivered.length > 0 || received(r.disk).length > 0) {
    throw new Error(`expected the snapshot receiver to reject a transfer with ${what}, but it delivered ${r.delivered.length} `
      + `snapshot(s) to raft and wrote the files [${received(r.disk).join(', ')}]: it must check each file's size and CRC-32 against `
      + `the snapshot's metadata before saving and delivering it (traces: ${r.traces.join(' | ')})`);
  }
}

describe('SnapReceiver', () => {
  test('an intact transfer, chunks in any order, is delivered once with its files', () => {
    const { msg, meta, bytes } = makeSnapshot();
    const r = receiver();
    const cs = chunks(msg, bytes);
    expect(cs.length).toBeGreaterThan(2);
    for (const c of [...cs.slice(1).reverse(), cs[0], cs[1]]) r.rcv.onChunk(c);
    expect(r.delivered).toHaveLength(1);
    expect(readSnapFiles(r.disk, 'rcv', KEY, meta)).toEqual(bytes);
  });

  test('a chunk with one byte flipped is rejected', () => {
    const { msg, bytes } = makeSnapshot();
    const r = receiver();
    const cs = chunks(msg, bytes);
    const bad = (cs[1].data ?? new Uint8Array(0)).slice();
    bad[10] ^= 0x20;
    cs[1] = { ...cs[1], data: bad };
    for (const c of cs) r.rcv.onChunk(c);
    expectRejected(r, 'one byte of one chunk flipped');
  });

  test('a file whose size differs from the metadata is rejected', () => {
    const { msg, meta, bytes } = makeSnapshot();
    const files = meta.cfFiles ?? [];
    // The first file one byte longer, the next one byte shorter: the same total.
    const sized = withMeta(msg, { cfFiles: files.map((f, i) => ({ ...f, size: (f.size ?? 0) + (i === 0 ? 1 : i === 1 ? -1 : 0) })) });
    const r = receiver();
    for (const c of chunks(sized, bytes)) r.rcv.onChunk(c);
    expectRejected(r, 'file sizes that do not match the metadata');
  });

  test('more bytes than the files hold are rejected', () => {
    const { msg, bytes } = makeSnapshot();
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    const r = receiver();
    for (const c of chunks(msg, longer)) r.rcv.onChunk(c);
    expectRejected(r, '3 bytes more than its files hold');
  });

  test('a wrong checksum in the metadata is rejected', () => {
    const { msg, meta, bytes } = makeSnapshot();
    const files = meta.cfFiles ?? [];
    const summed = withMeta(msg, { cfFiles: files.map((f, i) => ({ ...f, checksum: i === 0 ? ((f.checksum ?? 0) ^ 1) >>> 0 : f.checksum })) });
    const r = receiver();
    for (const c of chunks(summed, bytes)) r.rcv.onChunk(c);
    expectRejected(r, 'a wrong checksum in its metadata');
  });

  test('after a rejected transfer, the same snapshot sent again intact is delivered', () => {
    const { msg, meta, bytes } = makeSnapshot();
    const r = receiver();
    const cs = chunks(msg, bytes);
    const bad = (cs[0].data ?? new Uint8Array(0)).slice();
    bad[5] ^= 0x01;
    for (const c of [{ ...cs[0], data: bad }, ...cs.slice(1)]) r.rcv.onChunk(c);
    expectRejected(r, 'one byte flipped');
    for (const c of cs) r.rcv.onChunk(c);
    if (r.delivered.length !== 1) {
      throw new Error(`expected the intact retransmission of a snapshot whose first transfer was rejected to be delivered, but `
        + `${r.delivered.length} snapshots were: a rejected transfer must be forgotten, not remembered as done`);
    }
    expect(readSnapFiles(r.disk, 'rcv', KEY, meta)).toEqual(bytes);
    // Late duplicates of a delivered transfer are ignored.
    for (const c of cs) r.rcv.onChunk(c);
    expect(r.delivered).toHaveLength(1);
  });
});
