/**
 * The errors a store answers commands with (TinyKV's raftstore/util/error.go), and how each
 * becomes an errorpb.Error in the response.
 */
import { errorpb, metapb } from '../../proto/codec';

/** Base class of the errors a command can be answered with. */
export abstract class StoreError extends Error {
  /** The error as it goes into a response header. */
  abstract toPb(): errorpb.IError;
}

/** This peer is not the leader of the region; `leader` is the leader it knows of, if any. */
export class ErrNotLeader extends StoreError {
  constructor(readonly regionId: number, readonly leader: metapb.IPeer | null) {
    super(`peer is not leader for region ${regionId}, leader may be ${leader === null ? 'unknown' : `peer ${leader.id ?? 0} on store ${leader.storeId ?? 0}`}`);
  }

  toPb(): errorpb.IError {
    return { message: this.message, notLeader: { regionId: this.regionId, leader: this.leader } };
  }
}

/** The command was overtaken: another entry was committed at the index it was proposed at. */
export class ErrStaleCommand extends StoreError {
  constructor() {
    super('stale command');
  }

  toPb(): errorpb.IError {
    return { message: this.message, staleCommand: {} };
  }
}

/** The request names a store other than this one. */
export class ErrStoreNotMatch extends StoreError {
  constructor(readonly requestStoreId: number, readonly actualStoreId: number) {
    super(`store not match, request store id is ${requestStoreId}, but actual store id is ${actualStoreId}`);
  }

  toPb(): errorpb.IError {
    return { message: this.message, storeNotMatch: { requestStoreId: this.requestStoreId, actualStoreId: this.actualStoreId } };
  }
}

/** This store has no peer of the region. */
export class ErrRegionNotFound extends StoreError {
  constructor(readonly regionId: number) {
    super(`region ${regionId} is not found`);
  }

  toPb(): errorpb.IError {
    return { message: this.message, regionNotFound: { regionId: this.regionId } };
  }
}

/** The key is outside the region's range. */
export class ErrKeyNotInRegion extends StoreError {
  constructor(readonly key: Uint8Array, readonly region: metapb.IRegion) {
    super(`key ${Buffer.from(key).toString('hex')} is not in region ${region.id ?? 0}`);
  }

  toPb(): errorpb.IError {
    return {
      message: this.message,
      keyNotInRegion: { key: this.key, regionId: this.region.id, startKey: this.region.startKey, endKey: this.region.endKey },
    };
  }
}

/** The request's region epoch is stale (the region changed since the client learned it). */
export class ErrEpochNotMatch extends StoreError {
  constructor(message: string, readonly regions: metapb.IRegion[]) {
    super(message);
  }

  toPb(): errorpb.IError {
    return { message: this.message, epochNotMatch: { currentRegions: this.regions } };
  }
}
