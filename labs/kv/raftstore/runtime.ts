/**
 * What a store needs from the world, handed in when it is created. The store does no I/O of
 * its own and reads no clock: the same code runs in the simulator (virtual time, simulated
 * network) and as a real server.
 */
import { metapb, raft_serverpb } from '../../proto/codec';

/** Sends raft messages to other stores. Fire and forget: a message may be lost or delayed. */
export interface Transport {
  send(msg: raft_serverpb.IRaftMessage): void;
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
  /** Records something that happened, for traces and logs. */
  trace(topic: TraceTopic, message: string): void;
}
