/**
 * The one place where protobufjs is configured. Import generated messages through this
 * module (never straight from `generated/`), so that uint64 fields decode as plain
 * JavaScript numbers rather than `Long` objects (no-long.ts). Numbers are exact up to 2^53,
 * far beyond any term, index or id this lab will ever see.
 */
// First: Long off before the generated code loads (see no-long.ts for why it is its own module).
import './no-long';
import type * as protobuf from 'protobufjs/minimal';

export * from './generated/proto';

/** The static encode/decode pair that every generated message class has. */
export interface Codec<T> {
  encode(message: T): protobuf.Writer;
  decode(bytes: Uint8Array): unknown;
}

/** Encodes `message` with `codec` to bytes. */
export function encode<T>(codec: Codec<T>, message: T): Uint8Array {
  return codec.encode(message).finish();
}
