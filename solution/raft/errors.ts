/**
 * The errors raft and its storage throw. Each is its own class so that callers can tell
 * them apart with `instanceof` (the Go original compares error values with `==`).
 */

/** Base class of every error raft throws on purpose. */
export class RaftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Storage: the requested index is older than the first entry still kept (it was compacted into a snapshot). */
export class ErrCompacted extends RaftError {
  constructor() { super('requested index is unavailable due to compaction'); }
}

/** Storage: a snapshot older than (or as old as) the one already applied was offered. */
export class ErrSnapOutOfDate extends RaftError {
  constructor() { super('requested index is older than the existing snapshot'); }
}

/** Storage: the requested entry is past the last index that storage holds. */
export class ErrUnavailable extends RaftError {
  constructor() { super('requested entry at index is unavailable'); }
}

/**
 * Storage: a snapshot is being generated and is not ready yet. Not a failure: the leader
 * should ask again later (on a later heartbeat response), not treat it as an error.
 */
export class ErrSnapshotTemporarilyUnavailable extends RaftError {
  constructor() { super('snapshot is temporarily unavailable'); }
}

/** Raft: a proposal was dropped (no leader is known, or this node cannot accept it now). */
export class ErrProposalDropped extends RaftError {
  constructor() { super('raft proposal dropped'); }
}

/** RawNode: MsgHup and MsgBeat are local messages and cannot be stepped from outside. */
export class ErrStepLocalMsg extends RaftError {
  constructor() { super('raft: cannot step raft local message'); }
}

/** RawNode: a response came from a node that is not a member of the group. */
export class ErrStepPeerNotFound extends RaftError {
  constructor() { super('raft: cannot step as peer not found'); }
}

/**
 * Thrown by the skeleton's stubs: a part of the lab not written yet. Deliberately not a
 * RaftError, so that nothing mistakes it for an expected failure.
 */
export class NotImplementedError extends Error {
  constructor(what: string) {
    super(`not implemented: ${what}`);
    this.name = 'NotImplementedError';
  }
}

/** Throws NotImplementedError for `what` (the skeleton's stubs call this). */
export function notImplemented(what: string): never {
  throw new NotImplementedError(what);
}
