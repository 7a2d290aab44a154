/**
 * What a store needs from the world, handed in when it is created. The store does no I/O of
 * its own and reads no clock: the same code runs in the simulator (virtual time, simulated
 * network) and as a real server.
 */
import { metapb, raft_serverpb } from '../../proto/codec';

/** Sends raft messages to other stores. Fire and forget: a message may be lost or delayed. */
export interface Transport {
  send(msg: raft_serverpb.IRaftMessage): void;
  /** Sends one chunk of a snapshot transfer (Part C) to the store of `chunk.message.toPeer`. */
  sendSnapshotChunk(chunk: raft_serverpb.ISnapshotChunk): void;
}

/**
 * The store's disk for snapshot files (Part C): a flat folder of named files. Writes are not
 * durable until fsync; after a crash only what was fsynced (or renamed after an fsync) is left.
 */
export interface SnapDisk {
  /** Creates or replaces a file. */
  writeFile(name: string, data: Uint8Array): void;
  /** The whole content of a file; throws if it does not exist. */
  readFile(name: string): Uint8Array;
  /** Makes the file's current content durable. */
  fsync(name: string): void;
  /** Renames a file (atomically; durable if the file was fsynced). */
  rename(from: string, to: string): void;
  /** Removes a file if it exists. */
  unlink(name: string): void;
  /** True if the file exists. */
  exists(name: string): boolean;
  /** The names of every file. */
  list(): string[];
}

/** The scheduler (TinyKV's placement driver), as far as Project 2 needs it. */
export interface SchedulerClient {
  /** A leader reports its region and itself; this is how clients find leaders. */
  regionHeartbeat(region: metapb.IRegion, leader: metapb.IPeer): void;
}

/** What a trace event is about; the log viewer colours and filters by topic. */
export type TraceTopic = 'election' | 'append' | 'commit' | 'apply' | 'snapshot' | 'client' | 'fault' | 'store' | 'error';

/** The clock, timers, network and scheduler of a store. */
export interface Runtime {
  /** The current time in milliseconds (virtual in the simulator). */
  now(): number;
  /** Runs `fn` after `delayMs` milliseconds; returns a function that cancels it. */
  schedule(delayMs: number, fn: () => void): () => void;
  /** The network to other stores. */
  transport: Transport;
  /** The scheduler. */
  scheduler: SchedulerClient;
  /** The disk for snapshot files (Part C). */
  disk: SnapDisk;
  /** Records something that happened, for traces and logs. */
  trace(topic: TraceTopic, message: string): void;
}
