/**
 * Unpacking the page's data (grader/view/columns.ts packed it): the JSON at the start of the
 * bytes, then each `{ "$col": kind, "at", "n" }` in it made a typed array on the binary
 * section that follows (times in whole microseconds become milliseconds again).
 */

const ARRAYS = { i8: Int8Array, i16: Int16Array, i32: Int32Array, f64: Float64Array } as const;

/** The data packed in `buffer`. */
export function unpack(buffer: ArrayBuffer): unknown {
  const jsonLength = new DataView(buffer).getUint32(0, true);
  const json = new TextDecoder().decode(new Uint8Array(buffer, 4, jsonLength));
  const base = 4 + jsonLength + ((8 - ((4 + jsonLength) % 8)) % 8);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i]);
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    const o = value as Record<string, unknown>;
    if (typeof o.$col === 'string' && typeof o.at === 'number' && typeof o.n === 'number') {
      if (o.$col === 'us32') return Float64Array.from(new Int32Array(buffer, base + o.at, o.n), (us) => us / 1000);
      const Kind = ARRAYS[o.$col as keyof typeof ARRAYS];
      if (Kind === undefined) throw new Error(`unknown column kind ${o.$col}`);
      return new Kind(buffer, base + o.at, o.n);
    }
    for (const k of Object.keys(o)) o[k] = walk(o[k]);
    return o;
  };
  return walk(JSON.parse(json));
}
