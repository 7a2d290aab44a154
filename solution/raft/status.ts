/**
 * Status: what a node can tell about itself at a glance (etcd's `Status`), for the
 * application (is this node the leader? how far has it applied?) and for tests and tools that
 * would otherwise read raft's internal fields.
 */
import { HardState } from '../proto/eraftpb';
import { Progress } from './progress';
import { SoftState } from './raft';

/** A copy of one node's state at the moment it was asked for; later changes do not show in it. */
export interface Status {
  /** The node's id. */
  id: number;
  /** Term, vote and commit, as raft holds them now (persisted or about to be). */
  hardState: HardState;
  /** Leader and role. */
  softState: SoftState;
  /** The highest index handed to the application to apply. */
  applied: number;
  /**
   * The leader's view of every member's log (match, next, flow-control state), by id, this
   * node included. Empty unless this node is the leader.
   */
  progress: Map<number, Progress>;
}
