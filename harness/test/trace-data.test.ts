/**
 * The trace's structured data (harness/sim/trace-data.ts and its producers): network events
 * recorded as data print exactly as describe-message.ts always printed them; a KV run records a
 * state sample only when a store's state changed, ends with its operations and the checker's
 * verdict as data (also after a failure of the test body), and writes the gzipped JSON-lines
 * trace next to the text one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eraftpb, raft_serverpb } from '@target/proto/codec';
import { describeMessage } from '../sim/describe-message';
import { raftFields } from '../sim/raft-fields';
import { formatTraceData, OpData, StateData, VerdictData } from '../sim/trace-data';
import type { TraceEvent } from '../sim/trace';
import { KvTestFailure, runKvTest } from '../cluster/run';
import { PartitionFilter } from '../sim/filters';
import { parseTrace, readTraceText } from '../../grader/logs/read';

const T = eraftpb.MessageType;

/** Raft messages of every shape the describer distinguishes. */
function messages(): raft_serverpb.IRaftMessage[] {
  const peer = (id: number): { id: number; storeId: number } => ({ id, storeId: id });
  const base = { regionId: 1, fromPeer: peer(2), toPeer: peer(3) };
  return [
    { ...base, message: { msgType: T.MsgAppend, term: 6, index: 10, logTerm: 5, entries: [{}, {}], commit: 9 } },
    { ...base, message: { msgType: T.MsgAppendResponse, term: 6, index: 12, reject: true } },
    { ...base, message: { msgType: T.MsgRequestVote, term: 7, index: 3, logTerm: 2 } },
    { ...base, message: { msgType: T.MsgRequestVoteResponse, term: 7 } },
    { ...base, message: { msgType: T.MsgHeartbeat, term: 7, commit: 4 } },
    { ...base, message: { msgType: T.MsgSnapshot, term: 8, snapshot: { metadata: { index: 40, term: 7 } } } },
    { ...base, message: { msgType: T.MsgSnapshot, term: 8 } },
    { ...base, isTombstone: true },
    { regionId: 4, fromPeer: peer(5), toPeer: peer(3), message: { term: 0 } },
  ];
}

test('a message recorded as data prints as describe-message.ts prints it', () => {
  for (const msg of messages()) {
    const want = describeMessage(msg);
    const raft = raftFields(2, msg);
    expect(formatTraceData({ type: 'net', id: 9, form: 'filtered', msg: want.split(' ')[0], from: 2, to: 3, raft, filter: 'DropFilter' }))
      .toBe(`#9 ${want} (DropFilter)`);
    expect(formatTraceData({ type: 'net', id: 9, form: 'send', msg: want.split(' ')[0], from: 2, to: 3, raft, bytes: 55, leave: 1, arrive: 3.14159 }))
      .toBe(`#9 ${want} 55B arrives t=3.142`);
  }
  expect(formatTraceData({ type: 'net', id: 4, form: 'lost', msg: 'MsgAppend', from: 1, to: 3 })).toBe('#4 MsgAppend 1->3 (store 3 is not running)');
  expect(formatTraceData({ type: 'net', id: 4, form: 'deliver', msg: 'SnapshotChunk', from: 1, to: 3 })).toBe('#4 SnapshotChunk 1->3');
  expect(formatTraceData({ type: 'net', id: 5, form: 'send', msg: 'SnapshotChunk', from: 1, to: 3, bytes: 80, leave: 0, arrive: 2, offset: 64, total: 128 }))
    .toBe('#5 SnapshotChunk 1->3 offset=64/128 80B arrives t=2.000');
});

const saved = { dir: process.env.RAFTKV_TRACE_DIR, all: process.env.RAFTKV_TRACE_ALL };
let dir = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-trace-data-'));
  process.env.RAFTKV_TRACE_DIR = dir;
  delete process.env.RAFTKV_TRACE_ALL;
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [['RAFTKV_TRACE_DIR', saved.dir], ['RAFTKV_TRACE_ALL', saved.all]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** The events of the data file a failure's trace path has next to it. */
async function dataEvents(run: Promise<void>): Promise<TraceEvent[]> {
  try {
    await run;
  } catch (e) {
    if (!(e instanceof KvTestFailure) || e.tracePath === null) throw e;
    return parseTrace(readTraceText(`${e.tracePath}.jsonl.gz`)).events.map((ev) => ev as TraceEvent);
  }
  throw new Error('expected the test to fail, but it passed');
}

test('a store\'s state is sampled after it ran, and recorded only when it changed', async () => {
  const events = await dataEvents(runKvTest('states', { count: 3 }, async (c) => {
    await c.mustPut('k', 'v');
    throw new Error('stop here');
  }));
  const states = events.filter((e) => e.topic === 'state');
  expect(new Set(states.map((e) => e.store))).toEqual(new Set([1, 2, 3]));
  for (const store of [1, 2, 3]) {
    const mine = states.filter((e) => e.store === store).map((e) => e.data as StateData);
    for (let i = 1; i < mine.length; i++) expect(mine[i]).not.toEqual(mine[i - 1]);
  }
  const leader = states.map((e) => e.data as StateData).find((d) => d.role === 'leader');
  expect(leader?.progress?.map(([id]) => id)).toEqual([1, 2, 3]);
  expect(states.every((e) => e.message === formatTraceData(e.data as StateData))).toBe(true);
});

test('the trace ends with the operations and the verdict; an illegal history names its prefix and stuck operation', async () => {
  const events = await dataEvents(runKvTest('stale read', { count: 1 }, async (c) => {
    const put = c.history.begin(0, { op: 'put', key: 'k', value: '1' }, 10);
    c.history.end(put, {}, 20);
    const get = c.history.begin(1, { op: 'get', key: 'k' }, 30);
    c.history.end(get, { value: '' }, 40);
  }));
  const ops = events.filter((e) => e.topic === 'client' && e.kind === 'op').map((e) => e.data as OpData);
  expect(ops).toEqual([
    { type: 'op', index: 0, client: 0, call: 10, return: 20, input: { op: 'put', key: 'k', value: '1' }, output: {} },
    { type: 'op', index: 1, client: 1, call: 30, return: 40, input: { op: 'get', key: 'k' }, output: { value: '' } },
  ]);
  const check = events.find((e) => e.topic === 'sim' && e.kind === 'check');
  expect(check?.data).toEqual({ type: 'verdict', result: 'illegal', afterFailure: false, partition: [0, 1], prefix: [0], stuck: 1, concurrent: [] });
});

test('a test that fails before the check still gets a verdict in its trace, and its filters are data', async () => {
  const events = await dataEvents(runKvTest('body fails', { count: 2 }, async (c) => {
    c.addFilter(new PartitionFilter([1], [2]));
    const get = c.history.begin(3, { op: 'get', key: 'x' }, 5);
    c.history.end(get, { value: 'never written' }, 6);
    throw new Error('the body gives up');
  }));
  expect(events.find((e) => e.kind === 'filter')?.data).toEqual({ type: 'filter', op: 'add', name: 'PartitionFilter', fields: { s1: [1], s2: [2] } });
  const verdict = events.find((e) => e.topic === 'sim' && e.kind === 'verdict')?.data as VerdictData | undefined;
  expect(verdict).toMatchObject({ type: 'verdict', result: 'illegal', afterFailure: true, prefix: [], stuck: 0 });
});
