/**
 * The store's local keys (kv/meta/keys.ts): the byte layout TinyKV uses, 8-byte big-endian
 * numbers, and keys that sort as their numbers do (the raft log is scanned in index order).
 */
import { raftLogIndex, raftLogKey, raftStateKey, readU64 } from '@target/kv/meta/keys';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

test('raftLogKey is 01 02 region(8) 01 index(8), big-endian', () => {
  expect(hex(raftLogKey(0x0102, 2 ** 32 + 0xa0b0c0d))).toBe('01 02 00 00 00 00 00 00 01 02 01 00 00 00 01 0a 0b 0c 0d');
  expect(hex(raftStateKey(7))).toBe('01 02 00 00 00 00 00 00 00 07 02');
});

test('numbers up to 2^53 - 1 survive the round trip through a key', () => {
  for (const n of [0, 1, 255, 256, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER]) {
    expect({ n, back: raftLogIndex(raftLogKey(3, n)), region: readU64(raftLogKey(n, 1), 2) }).toEqual({ n, back: n, region: n });
  }
});

test('log keys sort bytewise in index order', () => {
  const indexes = [0, 1, 255, 256, 65535, 2 ** 32 - 1, 2 ** 32, 2 ** 33 + 1];
  const keys = indexes.map((i) => raftLogKey(1, i));
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  expect(sorted.map(raftLogIndex)).toEqual(indexes);
});
