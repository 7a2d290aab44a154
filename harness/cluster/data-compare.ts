/**
 * Comparing two stores' data, read directly from their kv engines: every column-family key
 * (meta keys, which start with 0x01, are left out) with its value. Two stores that applied the
 * same log (or the same snapshot and then the same entries) hold exactly the same data.
 */
import type { Engine } from '@target/kv/engine/engine';
import { showBytes } from './meta';

/** The first byte of every meta key (meta/keys.ts): not data. */
const META_PREFIX = 0x01;

/** The bytes as a latin1 string: one character per byte, so that keys and values compare exactly. */
export function latin1Of(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** Every data key of a kv engine with its value (keys and values as latin1 strings), meta keys left out. */
export function dataOf(kv: Engine): Map<string, string> {
  const out = new Map<string, string>();
  const snap = kv.snapshot();
  try {
    for (const [k, v] of snap.scan(new Uint8Array(0), null)) {
      if (k.length > 0 && k[0] === META_PREFIX) continue;
      out.set(latin1Of(k), latin1Of(v));
    }
  } finally {
    snap.release();
  }
  return out;
}

/** A latin1 string back to bytes, shown (the first 40 bytes of a long value, and where it differs). */
function show(s: string | undefined, other?: string): string {
  if (s === undefined) return 'nothing (absent)';
  const b = Buffer.from(s, 'latin1');
  let diff = -1;
  if (other !== undefined) {
    for (let i = 0; i < Math.max(s.length, other.length); i++) {
      if (s[i] !== other[i]) {
        diff = i;
        break;
      }
    }
  }
  const head = showBytes(new Uint8Array(b.subarray(0, 40)));
  const where = diff < 0 ? '' : `, first different at byte ${diff}: ${showBytes(new Uint8Array(b.subarray(diff, diff + 8)))}`;
  return b.length > 40 ? `${head}... (${b.length} bytes${where})` : `${head}${where === '' ? '' : ` (${where.slice(2)})`}`;
}

/**
 * The first data difference between store `aId`'s kv engine and store `bId`'s, as a sentence,
 * or null if they hold the same data.
 */
export function describeDataDifference(a: Engine, aId: number, b: Engine, bId: number): string | null {
  const da = dataOf(a);
  const db = dataOf(b);
  const keys = [...new Set([...da.keys(), ...db.keys()])].sort();
  for (const k of keys) {
    const va = da.get(k);
    const vb = db.get(k);
    if (va === vb) continue;
    return `key ${showBytes(new Uint8Array(Buffer.from(k, 'latin1')))}: store ${aId} holds ${show(va, vb)}, store ${bId} holds ${show(vb, va)}`;
  }
  return null;
}
