/**
 * The raft package: everything a user of raft (the tests, the KV server) needs.
 *
 * Read it in this order; each file uses only the ones before it:
 *
 * 1. `util.ts` (and `errors.ts`): the small vocabulary: `None`, empty states, message kinds,
 *    and one error class per thing that can go wrong.
 * 2. `storage.ts`: what the application persisted (the snapshot, the stable entries, the hard
 *    state), as raft reads it; `MemoryStorage` is the one the tests use.
 * 3. `log.ts`: `RaftLog`, the log in memory on top of storage, and the indexes that say how far
 *    each entry has come (stabled, committed, applied). It moves them itself.
 * 4. `progress.ts`: `Progress`, what a leader knows about one follower's log (match, next) and
 *    how it replicates to it (probe, replicate, paused for a snapshot).
 * 5. `raft.ts`: `Raft`, the algorithm: terms, votes, the three roles and their step functions,
 *    replication and commit. It does no I/O: messages go out through `msgs`.
 * 6. `rawnode.ts`: `RawNode`, the application's side: propose, step, tick, and the Ready loop
 *    that hands out what to persist, send and apply (`status.ts` is its snapshot for display).
 *
 * The messages and entries themselves are in `../proto/eraftpb.ts`.
 */
export * from '../proto/eraftpb';
export * from './errors';
export * from './util';
export * from './storage';
export * from './log';
export * from './progress';
export * from './raft';
export * from './rawnode';
export * from './status';
