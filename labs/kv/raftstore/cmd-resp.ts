/** Building command responses (TinyKV's raftstore/cmd_resp.go). */
import { raft_cmdpb } from '../../proto/codec';
import { ErrStaleCommand, StoreError } from './errors';

/** An empty response with a header. */
export function newCmdResp(): raft_cmdpb.IRaftCmdResponse {
  return { header: {}, responses: [] };
}

/** Puts `err` in the response's header. */
export function bindRespError(resp: raft_cmdpb.IRaftCmdResponse, err: StoreError): void {
  resp.header = { ...(resp.header ?? {}), error: err.toPb() };
}

/** Puts the current term in the response's header. */
export function bindRespTerm(resp: raft_cmdpb.IRaftCmdResponse, term: number): void {
  if (term === 0) return;
  resp.header = { ...(resp.header ?? {}), currentTerm: term };
}

/** A response that carries only `err`. */
export function errResp(err: StoreError): raft_cmdpb.IRaftCmdResponse {
  const resp = newCmdResp();
  bindRespError(resp, err);
  return resp;
}

/** A response that carries `err` and the current term. */
export function errRespWithTerm(err: StoreError, term: number): raft_cmdpb.IRaftCmdResponse {
  const resp = errResp(err);
  bindRespTerm(resp, term);
  return resp;
}

/** The answer to a command that was overtaken by another entry at its index. */
export function errRespStaleCommand(term: number): raft_cmdpb.IRaftCmdResponse {
  return errRespWithTerm(new ErrStaleCommand(), term);
}
