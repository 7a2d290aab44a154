/**
 * The one place where protobufjs is configured. Import generated messages through this
 * module (never straight from `generated/`), so that uint64 fields decode as plain
 * JavaScript numbers rather than `Long` objects. Numbers are exact up to 2^53, far beyond
 * any term, index or id this lab will ever see.
 */
import * as protobuf from 'protobufjs/minimal';

// protobufjs uses Long when it is installed. Switch it off before any decoding happens.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

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
