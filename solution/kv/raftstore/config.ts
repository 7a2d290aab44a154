/** The store's configuration: timings and limits. */

/** Timings (milliseconds) and limits of a store. */
export interface StoreConfig {
  /** One raft tick. */
  raftBaseTickInterval: number;
  /** Ticks between a leader's heartbeats. */
  raftHeartbeatTicks: number;
  /** Ticks before a follower starts an election (randomized up to twice this). */
  raftElectionTimeoutTicks: number;
  /** How often the leader checks whether to compact the log (Part C). */
  raftLogGcTickInterval: number;
  /** Compact the log once this many applied entries are in it (Part C). */
  raftLogGcCountLimit: number;
  /** How often a leader reports its region to the scheduler. */
  schedulerHeartbeatTickInterval: number;
  /** How long the region worker takes to start generating a snapshot (Part C). */
  snapGenerateDelayMs: number;
}

/** TinyKV's test configuration (config.NewTestConfig). */
export function newTestConfig(): StoreConfig {
  return {
    raftBaseTickInterval: 50,
    raftHeartbeatTicks: 2,
    raftElectionTimeoutTicks: 10,
    raftLogGcTickInterval: 50,
    raftLogGcCountLimit: 128000,
    schedulerHeartbeatTickInterval: 100,
    snapGenerateDelayMs: 10,
  };
}
