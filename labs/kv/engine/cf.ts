/**
 * Column families: TinyKV keeps three (default, lock, write) in one engine by prefixing each
 * key with "<cf>_". Meta keys (meta/keys.ts) start with 0x01 and use no prefix.
 */
import { Bytes, Engine, EngineSnapshot, WriteBatch } from './engine';

/** The column family of a user's values. */
export const CfDefault = 'default';
/** The column family of locks (Project 4). */
export const CfLock = 'lock';
/** The column family of commit records (Project 4). */
export const CfWrite = 'write';
/** Every column family. */
export const CFs = [CfDefault, CfWrite, CfLock] as const;

const encoder = new TextEncoder();

/** `cf + "_" + key`, the engine key of `key` in column family `cf`. */
export function keyWithCF(cf: string, key: Bytes): Bytes {
  const prefix = encoder.encode(`${cf}_`);
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

/** The value of `key` in column family `cf`, or undefined. */
export function getCF(engine: Engine | EngineSnapshot, cf: string, key: Bytes): Bytes | undefined {
  return engine.get(keyWithCF(cf, key));
}

/** Adds a put of `key` in `cf` to the batch. */
export function putCF(wb: WriteBatch, cf: string, key: Bytes, value: Bytes): void {
  wb.put(keyWithCF(cf, key), value);
}

/** Adds a delete of `key` in `cf` to the batch. */
export function deleteCF(wb: WriteBatch, cf: string, key: Bytes): void {
  wb.delete(keyWithCF(cf, key));
}

/**
 * The entries of column family `cf` with start <= key < end (end empty or null: to the end
 * of the family), keys given without their prefix.
 */
export function* scanCF(snap: EngineSnapshot, cf: string, start: Bytes, end: Bytes | null): IterableIterator<[Bytes, Bytes]> {
  const prefix = keyWithCF(cf, new Uint8Array(0));
  const hi = end !== null && end.length > 0 ? keyWithCF(cf, end) : prefixEnd(prefix);
  for (const [k, v] of snap.scan(keyWithCF(cf, start), hi)) yield [k.subarray(prefix.length), v];
}

/** The smallest key greater than every key that starts with `prefix` (null if none). */
export function prefixEnd(prefix: Bytes): Bytes | null {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] < 0xff) {
      out[i]++;
      return out.subarray(0, i + 1);
    }
  }
  return null;
}

/** True if `key` is at or past `end` (an empty end means no end). */
export function exceedEndKey(key: Bytes, end: Bytes): boolean {
  return end.length > 0 && compareBytes(key, end) >= 0;
}

/** Compares two byte strings in unsigned lexicographic order: <0, 0 or >0. */
export function compareBytes(a: Bytes, b: Bytes): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
