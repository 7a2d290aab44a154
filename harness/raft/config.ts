/**
 * Building the rafts and storages that tests start from.
 */
import { Entry, newEntry, newHardState } from '@target/proto/eraftpb';
import { Config, MemoryStorage, newRaft, Raft, Storage } from '@target/raft';

/** The ids 1..n, the membership of an n-node test cluster. */
export function idsBySize(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** A Config for node `id` of the group `peers`, with the given election and heartbeat ticks. */
export function newTestConfig(id: number, peers: number[], election: number, heartbeat: number, storage: Storage): Config {
  return { id, peers: [...peers], electionTick: election, heartbeatTick: heartbeat, storage, applied: 0 };
}

/** A fresh raft built from newTestConfig with the same arguments. */
export function newTestRaft(id: number, peers: number[], election: number, heartbeat: number, storage: Storage): Raft {
  return newRaft(newTestConfig(id, peers, election, heartbeat, storage));
}

/**
 * A MemoryStorage that holds exactly `ents` (copied). `ents[0]` is the dummy entry that stands
 * for the snapshot (index and term 0 for an empty one); the snapshot itself stays empty.
 */
export function newMemoryStorageWithEnts(ents: Entry[]): MemoryStorage {
  const s = new MemoryStorage();
  s.ents = ents.map((e) => newEntry(e));
  return s;
}

/**
 * Node 1 whose storage holds one entry per given term (entry i+1 has term terms[i]) and whose
 * current term is the last of them. Made with no peers and ticks 5/1; `configFunc`, if given,
 * may change the config first (usually to set the peers).
 */
export function entsWithConfig(configFunc: ((c: Config) => void) | null, ...terms: number[]): Raft {
  if (terms.length === 0) throw new Error('entsWithConfig: give at least one term');
  const storage = new MemoryStorage();
  terms.forEach((term, i) => storage.append([newEntry({ index: i + 1, term })]));
  const cfg = newTestConfig(1, [], 5, 1, storage);
  configFunc?.(cfg);
  const sm = newRaft(cfg);
  sm.term = terms[terms.length - 1];
  return sm;
}

/**
 * Node 1 that voted for `vote` in `term` (saved in its hard state) but has no log entries.
 * Made with no peers and ticks 5/1; `configFunc`, if given, may change the config first.
 */
export function votedWithConfig(configFunc: ((c: Config) => void) | null, vote: number, term: number): Raft {
  const storage = new MemoryStorage();
  storage.setHardState(newHardState({ vote, term }));
  const cfg = newTestConfig(1, [], 5, 1, storage);
  configFunc?.(cfg);
  const sm = newRaft(cfg);
  sm.term = term;
  return sm;
}
