/**
 * One node of a safety run, as the driver holds it: its durable parts (the MemoryStorage raft
 * persists into, the application state) and its volatile part (the RawNode, gone while the node
 * is down).
 */
import { MemoryStorage, RawNode } from '@target/raft';
import { Application } from './app';
import { CrashPoint } from './schedule';

/** A node of the run. */
export interface SafetyNode {
  /** Its id, 1..n. */
  readonly id: number;
  /** Its disk: what its Ready loop persisted. Survives crashes. */
  readonly storage: MemoryStorage;
  /** Its application state. Survives crashes (it is durable, like the KV server's engine). */
  readonly app: Application;
  /** The running node, or null while it is down. */
  rn: RawNode | null;
  /** A crash waiting for the node's next Ready, at this point of it. */
  armed: CrashPoint | null;
  /** How many times it was started: 1 for the first start, +1 for every restart. */
  life: number;
}
