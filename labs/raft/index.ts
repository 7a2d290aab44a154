/** The raft package: everything a user of raft (the tests, the KV server) needs. */
export * from '../proto/eraftpb';
export * from './errors';
export * from './util';
export * from './storage';
export * from './log';
export * from './progress';
export * from './raft';
export * from './rawnode';
export * from './status';
