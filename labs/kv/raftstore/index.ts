/** The raftstore: a store, its peers, and what they need. */
export * from './bootstrap';
export * from './callback';
export * from './cmd-resp';
export * from './config';
export * from './errors';
export * from './peer';
export * from './peer-msg-handler';
export * from './peer-storage';
export * from './raft-worker';
export * from './router';
export * from './runtime';
export * from './store';
