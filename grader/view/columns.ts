/**
 * Packing the viewer's data for the HTML file. Long arrays of numbers (the tables' columns)
 * leave the JSON for a binary section: each becomes `{ "$col": kind, "at": byte offset, "n":
 * count }` and its values go after the JSON as a little-endian typed array: i8, i16 or i32 when
 * every value is an integer that fits, us32 (whole microseconds in an i32) for times rounded
 * to the microsecond, else f64. The page (page/columns.ts) makes typed arrays on those bytes
 * without parsing 200k JSON numbers, and the bytes compress better than their decimal text.
 *
 * The packed form: a u32 (little-endian) with the JSON's length in bytes, the JSON (UTF-8),
 * zero bytes up to a multiple of 8, then the columns, each starting at a multiple of 8.
 */

/** Arrays shorter than this stay in the JSON. */
export const MIN_PACKED = 32;

/** How a column is stored. */
export type ColumnKind = 'i8' | 'i16' | 'i32' | 'us32' | 'f64';

const ARRAYS = { i8: Int8Array, i16: Int16Array, i32: Int32Array, us32: Int32Array, f64: Float64Array } as const;

/** The smallest kind that holds every value of `a` exactly. */
export function columnKind(a: readonly number[]): ColumnKind {
  let lo = 0;
  let hi = 0;
  let integers = true;
  let micros = true;
  for (const v of a) {
    if (!Number.isInteger(v)) {
      integers = false;
      const us = Math.round(v * 1000);
      if (!(Math.abs(us) <= 2147483647 && us / 1000 === v)) micros = false;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!integers) return micros ? 'us32' : 'f64';
  if (lo >= -128 && hi <= 127) return 'i8';
  if (lo >= -32768 && hi <= 32767) return 'i16';
  return lo >= -2147483648 && hi <= 2147483647 ? 'i32' : 'f64';
}

/** `value` packed; see the file comment. */
export function packColumns(value: unknown): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  const add = (a: readonly number[]): { $col: ColumnKind; at: number; n: number } => {
    const kind = columnKind(a);
    const typed = kind === 'us32' ? Int32Array.from(a, (v) => Math.round(v * 1000)) : ARRAYS[kind].from(a);
    const bytes = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
    const at = size;
    parts.push(bytes);
    size += bytes.length;
    const pad = (8 - (size % 8)) % 8;
    if (pad > 0) {
      parts.push(Buffer.alloc(pad));
      size += pad;
    }
    return { $col: kind, at, n: a.length };
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length >= MIN_PACKED && v.every((x) => typeof x === 'number')) return add(v as number[]);
      return v.map(walk);
    }
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const json = Buffer.from(JSON.stringify(walk(value)), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length);
  const jsonPad = (8 - ((4 + json.length) % 8)) % 8;
  return Buffer.concat([head, json, Buffer.alloc(jsonPad), ...parts]);
}
