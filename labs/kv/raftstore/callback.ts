/** How a store answers a command. */
import { raft_cmdpb } from '../../proto/codec';
import { EngineSnapshot } from '../engine/engine';

/**
 * Called once with the response to a RaftCmdRequest. For a Snap request, `snap` is a
 * consistent view of the kv engine taken when the command was applied; the caller releases it.
 */
export type Callback = (resp: raft_cmdpb.IRaftCmdResponse, snap: EngineSnapshot | null) => void;
