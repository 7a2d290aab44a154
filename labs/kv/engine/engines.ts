/** A store's two engines. */
import { Engine } from './engine';

/**
 * The two engines of a store, as in TinyKV: `kv` holds the regions' data plus each region's
 * RegionLocalState and RaftApplyState; `raft` holds the raft logs and each RaftLocalState.
 */
export class Engines {
  constructor(
    /** Data, RegionLocalState and RaftApplyState. */
    readonly kv: Engine,
    /** Raft log entries and RaftLocalState. */
    readonly raft: Engine,
  ) {}

  /** Closes both engines. */
  close(): void {
    this.kv.close();
    this.raft.close();
  }
}
