/**
 * Byte helpers shared by the engines: copying, the checks every engine makes on a batch, and
 * the "binary string" form of a key that MemEngine sorts on.
 *
 * Why a binary string? MemEngine keeps its keys in a B-tree, which compares keys all the time.
 * Comparing two Uint8Arrays is a JavaScript loop; comparing two strings with `<` is one fast
 * native operation. A binary (latin1) string has one character per byte, whose code is the
 * byte's value (0..255). JavaScript compares strings by their UTF-16 code units, left to right,
 * and a string that is a proper prefix of another is smaller: exactly the unsigned byte-wise
 * order of the keys (compareBytes in cf.ts). The conformance suite checks it on keys full of
 * 0x00, 0x7f, 0x80 and 0xff bytes.
 */
import { Bytes, WriteBatch } from './engine';

/**
 * The longest key an engine accepts, in bytes. It is LMDB's limit (with its default page
 * size); MemEngine enforces it too, so that code that runs in the simulator also runs on the
 * durable engine.
 */
export const MAX_KEY_BYTES = 1978;

/** Copies up to this size share pooled memory (see copyBytes). */
const POOL_MAX = 1024;
/** The size of one pool. */
const POOL_SIZE = 16 * 1024;
let pool = new ArrayBuffer(POOL_SIZE);
let poolUsed = 0;

/**
 * A fresh copy of `b`, as a plain Uint8Array (never a Buffer: Buffer's `slice` returns a view
 * that shares memory, where Uint8Array's returns a copy, and code reading values should not
 * have to care which it got).
 *
 * Giving every small copy its own ArrayBuffer costs about 0.5-1 us (and garbage-collector
 * time); so, like Node's Buffer pool, copies of up to 1 KiB are carved out of a shared 16 KiB
 * ArrayBuffer, which is freed once none of its copies is in use. So `copy.buffer` holds more
 * than the copy: always read it with `copy.byteOffset` and `copy.byteLength`.
 */
export function copyBytes(b: Bytes): Uint8Array {
  const n = b.length;
  if (n > POOL_MAX) {
    const big = new Uint8Array(n);
    big.set(b);
    return big;
  }
  if (poolUsed + n > POOL_SIZE) {
    pool = new ArrayBuffer(POOL_SIZE);
    poolUsed = 0;
  }
  const out = new Uint8Array(pool, poolUsed, n);
  out.set(b);
  poolUsed += (n + 7) & ~7; // keep copies 8-byte aligned
  return out;
}

/**
 * Throws if a key of the batch cannot be stored: empty keys (LMDB refuses them, and TinyKV's
 * badger too) and keys longer than MAX_KEY_BYTES. Engines call it before they change
 * anything, so a bad batch changes nothing.
 */
export function checkBatch(engine: string, batch: WriteBatch): void {
  batch.ops.forEach((op, i) => {
    if (op.key.length === 0) throw new Error(`${engine}: op ${i} of the batch has an empty key; keys must be 1 to ${MAX_KEY_BYTES} bytes`);
    if (op.key.length > MAX_KEY_BYTES) {
      throw new Error(`${engine}: op ${i} of the batch has a key of ${op.key.length} bytes; keys must be 1 to ${MAX_KEY_BYTES} bytes`);
    }
  });
}

/** Bytes per String.fromCharCode call (a call takes its arguments on the stack). */
const CHUNK = 8192;

/** The binary string of `b`: character i has code b[i]. See the file comment. */
export function toBinaryString(b: Bytes): string {
  if (b.length <= CHUNK) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let i = 0; i < b.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

/** The bytes of a binary string made by toBinaryString (a fresh array). */
export function fromBinaryString(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
