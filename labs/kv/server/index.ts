/** The KV API of a store. */
export * from './raft-storage';
