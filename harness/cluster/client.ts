/**
 * A client of the test cluster: TinyKV's client side of kv/test_raftstore/cluster.go, on
 * virtual time.
 *
 * - `request(key, reqs, timeout)`: find the key's region at the scheduler, call its leader,
 *   and on no answer or an error answer sleep 100 ms and try again, at least 10 times and
 *   until `timeout` has passed; then fail with "request timeout".
 * - `callCommandOnLeader(req, timeout)`: the leader comes from the scheduler's map (filled by
 *   heartbeats only); each call waits up to 1 s. On NotLeader it follows the hinted leader; on
 *   StaleCommand or EpochNotMatch it asks the scheduler again; on no answer it asks the
 *   scheduler again, or tries a random peer if the scheduler still names the same leader.
 * - `mustPut`, `get`, `mustGet`, `mustDelete`, `scan`: one request each (5 s), checked as TinyKV
 *   checks them; every one is recorded in the cluster's history (call and return on virtual
 *   time; a call that fails without an answer is recorded as unknown).
 *
 * TinyKV panics where this throws; the error says what was expected and what happened.
 */
import { errorpb, raft_cmdpb } from '@target/proto/codec';
import { CfDefault, compareBytes, exceedEndKey, scanCF } from '@target/kv/engine/cf';
import type { KvInput, KvOutput } from '../check/kv-model';
import type { KvPair } from '../check/kv-state';
import type { Cluster, CmdResult } from './cluster';
import { PeerInfo, RegionInfo, clonePeer, cloneRegion, samePeer, showBytes, showPeer } from './meta';

/** A key or value: bytes, or a string (UTF-8). */
export type Key = string | Uint8Array;

/** The client id under which the test's own calls (cluster.mustPut, ...) are recorded. */
export const MAIN_CLIENT = -1;

/** How long TinyKV's MustPut, Get, MustDelete and Scan wait for one request: 5 s. */
export const REQUEST_TIMEOUT_MS = 5000;

/** How long one call to a store waits for its answer (TinyKV's CallCommand(req, 1s)). */
export const CALL_TIMEOUT_MS = 1000;

const encoder = new TextEncoder();

/** A key or value as bytes. */
export function toBytes(k: Key): Uint8Array {
  return typeof k === 'string' ? encoder.encode(k) : k;
}

/** Bytes as a string, one character per byte (so string order is byte order), for the history. */
export function latin1(b: Uint8Array): string {
  // Node's latin1 decoding maps byte n to U+00nn, the same as String.fromCharCode per byte, natively.
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** An errorpb.Error as text: its kind and message. */
export function describeError(e: errorpb.IError): string {
  const kinds: string[] = [];
  if (e.notLeader != null) kinds.push(`NotLeader (leader hint: ${showPeer(e.notLeader.leader)})`);
  if (e.staleCommand != null) kinds.push('StaleCommand');
  if (e.epochNotMatch != null) kinds.push('EpochNotMatch');
  if (e.regionNotFound != null) kinds.push('RegionNotFound');
  if (e.keyNotInRegion != null) kinds.push('KeyNotInRegion');
  if (e.storeNotMatch != null) kinds.push('StoreNotMatch');
  const msg = e.message ?? '';
  return `${kinds.length === 0 ? 'error' : kinds.join(', ')}${msg === '' ? '' : `: ${msg}`}`;
}

/** The name of a command type, for messages. */
function cmdName(t: raft_cmdpb.CmdType | null | undefined): string {
  return raft_cmdpb.CmdType[t ?? 0] ?? `CmdType(${String(t)})`;
}

/** One client; see the file comment. */
export class Client {
  constructor(private readonly cluster: Cluster, readonly id: number) {}

  /** TinyKV's MustPut. */
  mustPut(key: Key, value: Key): Promise<void> {
    return this.mustPutCF(CfDefault, key, value);
  }

  /** TinyKV's MustPutCF: puts cf/key = value or throws. */
  async mustPutCF(cf: string, key: Key, value: Key): Promise<void> {
    const k = toBytes(key);
    const v = toBytes(value);
    const req: raft_cmdpb.IRequest = { cmdType: raft_cmdpb.CmdType.Put, put: { cf, key: k, value: v } };
    await this.recorded({ op: 'put', key: this.histKey(cf, k), value: latin1(v) }, async () => {
      const resp = await this.requestNoSnap(k, req);
      checkResponse(resp, raft_cmdpb.CmdType.Put);
    }, () => ({}));
  }

  /** TinyKV's Get. */
  get(key: Key): Promise<Uint8Array> {
    return this.getCF(CfDefault, key);
  }

  /** TinyKV's GetCF: the value of cf/key (empty if absent). */
  getCF(cf: string, key: Key): Promise<Uint8Array> {
    const k = toBytes(key);
    const req: raft_cmdpb.IRequest = { cmdType: raft_cmdpb.CmdType.Get, get: { cf, key: k } };
    return this.recorded({ op: 'get', key: this.histKey(cf, k) }, async () => {
      const resp = await this.requestNoSnap(k, req);
      checkResponse(resp, raft_cmdpb.CmdType.Get);
      return (resp.responses?.[0]?.get?.value ?? new Uint8Array(0)).slice();
    }, (v) => ({ value: latin1(v) }));
  }

  /** TinyKV's MustGet: throws unless key reads `value`. */
  async mustGet(key: Key, value: Key): Promise<void> {
    const want = toBytes(value);
    const got = await this.get(key);
    if (compareBytes(got, want) !== 0) {
      throw new Error(`MustGet(${showBytes(toBytes(key))}): expected value ${showBytes(want)}, but got ${showBytes(got)}`);
    }
  }

  /** TinyKV's MustDelete. */
  mustDelete(key: Key): Promise<void> {
    return this.mustDeleteCF(CfDefault, key);
  }

  /** TinyKV's MustDeleteCF: deletes cf/key or throws. */
  async mustDeleteCF(cf: string, key: Key): Promise<void> {
    const k = toBytes(key);
    const req: raft_cmdpb.IRequest = { cmdType: raft_cmdpb.CmdType.Delete, delete: { cf, key: k } };
    await this.recorded({ op: 'delete', key: this.histKey(cf, k) }, async () => {
      const resp = await this.requestNoSnap(k, req);
      checkResponse(resp, raft_cmdpb.CmdType.Delete);
    }, () => ({}));
  }

  /** TinyKV's Scan: the values of the keys in [start, end), in key order (an empty end: no end). */
  async scan(start: Key, end: Key): Promise<Uint8Array[]> {
    return (await this.scanPairs(start, end)).map(([, v]) => v);
  }

  /**
   * Scan with the keys: one Snap request per region the range crosses, each answered with an
   * engine snapshot that is read over the region's part of the range, then released.
   * (TinyKV's loop runs only when `end` is non-empty or both are empty, so a scan from a
   * non-empty start to no end returns nothing there; here it scans to the end.)
   */
  async scanPairs(start: Key, end: Key): Promise<[Uint8Array, Uint8Array][]> {
    const s = toBytes(start);
    const e = toBytes(end);
    const input: KvInput = e.length === 0 ? { op: 'scan', start: latin1(s) } : { op: 'scan', start: latin1(s), end: latin1(e) };
    return this.recorded(input, async () => {
      const out: [Uint8Array, Uint8Array][] = [];
      const req: raft_cmdpb.IRequest = { cmdType: raft_cmdpb.CmdType.Snap, snap: {} };
      let key = s;
      while (e.length === 0 || compareBytes(key, e) < 0) {
        const { resp, snap } = await this.request(key, [req], REQUEST_TIMEOUT_MS);
        try {
          checkResponse(resp, raft_cmdpb.CmdType.Snap);
          const regionPb = resp.responses?.[0]?.snap?.region;
          if (regionPb == null) throw new Error('a Snap response without its region (responses[0].snap.region)');
          if (snap === null) throw new Error('a Snap response without an engine snapshot (the callback\'s second argument)');
          const region = cloneRegion(regionPb);
          const hi = region.endKey.length === 0 ? null : region.endKey;
          for (const [k, v] of scanCF(snap, CfDefault, key, hi)) {
            if (exceedEndKey(k, e)) break;
            out.push([k.slice(), v.slice()]);
          }
          key = region.endKey;
        } finally {
          snap?.release();
        }
        if (key.length === 0) break;
      }
      return out;
    }, (pairs) => ({ pairs: pairs.map(([k, v]): KvPair => [latin1(k), latin1(v)]) }));
  }

  /** One request with a 5 s timeout whose answer carries no engine snapshot (one that does is released). */
  private async requestNoSnap(key: Uint8Array, req: raft_cmdpb.IRequest): Promise<raft_cmdpb.IRaftCmdResponse> {
    const { resp, snap } = await this.request(key, [req], REQUEST_TIMEOUT_MS);
    snap?.release();
    return resp;
  }

  /** TinyKV's Request; see the file comment. Throws "request timeout" when every try failed. */
  async request(key: Uint8Array, reqs: raft_cmdpb.IRequest[], timeoutMs: number): Promise<CmdResult> {
    const sim = this.cluster.sim;
    const start = sim.now();
    let last = 'no answer';
    let tries = 0;
    for (let i = 0; i < 10 || sim.now() - start < timeoutMs; i++) {
      tries++;
      const region = await this.getRegion(key);
      const req: raft_cmdpb.IRaftCmdRequest = {
        header: { regionId: region.id, regionEpoch: { ...region.regionEpoch } },
        requests: reqs,
      };
      const r = await this.callCommandOnLeader(req, timeoutMs);
      if (r === null) {
        last = `no answer from the leader within ${timeoutMs} ms`;
        await sim.sleep(100);
        continue;
      }
      const err = r.resp.header?.error;
      if (err != null) {
        last = `error answer from ${showPeer(req.header?.peer)}: ${describeError(err)}`;
        r.snap?.release();
        await sim.sleep(100);
        continue;
      }
      return r;
    }
    throw new Error(`request timeout: ${reqs.map((r) => cmdName(r.cmdType)).join('+')} of key ${showBytes(key)} `
      + `(client ${this.id}) got no successful answer in ${tries} tries over ${(sim.now() - start).toFixed(0)} ms `
      + `(expected one within ${timeoutMs} ms); last: ${last}`);
  }

  /** TinyKV's CallCommandOnLeader; null once `timeoutMs` has passed without an answer. */
  async callCommandOnLeader(req: raft_cmdpb.IRaftCmdRequest, timeoutMs: number): Promise<CmdResult | null> {
    const sim = this.cluster.sim;
    const start = sim.now();
    const regionId = req.header?.regionId ?? 0;
    let leader: PeerInfo | null = await this.leaderOfRegion(regionId);
    for (;;) {
      if (sim.now() - start > timeoutMs) return null;
      if (leader === null) {
        throw new Error(`can't get leader of region ${regionId}: expected the scheduler to learn a leader from a `
          + 'region heartbeat within 5 s, but none reported (does the leader send heartbeats?)');
      }
      req.header = { ...req.header, peer: { ...leader } };
      const r = await this.cluster.callCommand(req, CALL_TIMEOUT_MS);
      if (r === null) {
        const newLeader = await this.leaderOfRegion(regionId);
        if (samePeer(leader, newLeader)) {
          const info = this.cluster.scheduler.getRegionById(regionId);
          if (info === null || info.region.peers.length === 0) return null;
          const peers = info.region.peers;
          leader = peers[sim.randomInt(0, peers.length - 1)];
        } else {
          leader = newLeader;
        }
        continue;
      }
      const err = r.resp.header?.error;
      if (err != null && (err.staleCommand != null || err.epochNotMatch != null || err.notLeader != null)) {
        r.snap?.release();
        const hint = err.notLeader?.leader;
        if (hint != null && (hint.id ?? 0) !== 0) leader = clonePeer(hint);
        else leader = await this.leaderOfRegion(regionId);
        continue;
      }
      return r;
    }
  }

  /** TinyKV's LeaderOfRegion: polls the scheduler every 10 ms, 500 times; null if it never knew one. */
  async leaderOfRegion(regionId: number): Promise<PeerInfo | null> {
    for (let i = 0; i < 500; i++) {
      const leader = this.cluster.scheduler.getRegionById(regionId)?.leader ?? null;
      if (leader !== null) return leader;
      await this.cluster.sim.sleep(10);
    }
    return null;
  }

  /** TinyKV's GetRegion: polls the scheduler every 20 ms, 100 times, for the region of `key`. */
  async getRegion(key: Uint8Array): Promise<RegionInfo> {
    for (let i = 0; i < 100; i++) {
      const found = this.cluster.scheduler.getRegion(key);
      if (found !== null) return found.region;
      await this.cluster.sim.sleep(20);
    }
    throw new Error(`find no region for ${showBytes(key)}: expected the scheduler to learn the region from a heartbeat `
      + 'within 2 s, but it knows none (does the leader send region heartbeats?)');
  }

  /** The history's key: the key itself in the default column family, "<cf>:<key>" in another. */
  private histKey(cf: string, k: Uint8Array): string {
    return cf === CfDefault ? latin1(k) : `${cf}:${latin1(k)}`;
  }

  /** Runs `run` as one recorded operation, traced as a client call and return. */
  private async recorded<T>(input: KvInput, run: () => Promise<T>, output: (t: T) => KvOutput): Promise<T> {
    const { sim, history } = this.cluster;
    const token = history.begin(this.id, input, sim.now());
    sim.trace.record({ topic: 'client', kind: 'call', message: `client ${this.id} #${token} ${describeInput(input)}` });
    let result: T;
    try {
      result = await run();
    } catch (e) {
      history.unknown(token);
      sim.trace.record({ topic: 'client', kind: 'fail', message: `client ${this.id} #${token} ${(e as Error).message}` });
      throw e;
    }
    const out = output(result);
    history.end(token, out, sim.now());
    sim.trace.record({ topic: 'client', kind: 'return', message: `client ${this.id} #${token} ${describeOutput(out)}` });
    return result;
  }
}

/** Checks a successful response as TinyKV's MustPutCF & co. do: one response, of the right type. */
function checkResponse(resp: raft_cmdpb.IRaftCmdResponse, want: raft_cmdpb.CmdType): void {
  const err = resp.header?.error;
  if (err != null) throw new Error(`expected a ${cmdName(want)} response, but got an error: ${describeError(err)}`);
  const n = resp.responses?.length ?? 0;
  if (n !== 1) throw new Error(`expected 1 response to a ${cmdName(want)} request, but got ${n}`);
  const got = resp.responses?.[0]?.cmdType;
  if (got !== want) throw new Error(`expected a ${cmdName(want)} response, but got a ${cmdName(got)} response`);
}

function short(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 28)}…${s.slice(-28)}` : s);
}

function describeInput(input: KvInput): string {
  switch (input.op) {
    case 'get':
    case 'delete':
      return `${input.op}(${short(input.key)})`;
    case 'put':
    case 'append':
      return `${input.op}(${short(input.key)}, ${short(input.value)})`;
    case 'scan':
      return `scan(${short(input.start)}, ${input.end === undefined ? 'end' : short(input.end)})`;
  }
}

function describeOutput(out: KvOutput): string {
  if (out.value !== undefined) return `-> ${short(out.value)}`;
  if (out.pairs !== undefined) return `-> ${out.pairs.length} pairs`;
  return '-> ok';
}
