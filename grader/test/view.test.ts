/**
 * The trace viewer's command side (grader/view/): from a trace's events to the page's tables
 * (messages joined by id, each store's states and running spans, faults, client operations
 * and the verdict), the same from a text trace with less detail, the fallbacks for a store
 * without state samples, the packing of the number columns, which file is read and written,
 * and the CLI. The page itself is tested in a browser (view-browser.test.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTrace } from '../logs/read';
import { buildViewData } from '../view/build';
import { columnKind, packColumns } from '../view/columns';
import { main, writeViewer } from '../view/cli';
import { defaultOutput, traceToRead } from '../view/locate';
import { unpack } from '../view/page/columns';
import { Fate, OpMark, Role } from '../view/view-data';
import { Trace } from '../../harness/sim/trace';

/** A small trace of a run as the bench records it, with data. */
function sample(): Trace {
  let now = 0;
  const at = (t: number): void => {
    now = t;
  };
  const trace = new Trace(() => now, 7);
  const state = (role: string, term: number, extra: object = {}): object => ({
    type: 'state', region: 1, role, term, vote: 1, lead: role === 'leader' ? 1 : 0, commit: 3, applied: 3, last: 4, ...extra,
  });
  trace.record({ topic: 'sim', kind: 'test', message: 'TestX2B: seed 7 (base seed 1), 2 stores' });
  trace.record({ store: 1, topic: 'fault', kind: 'start', message: 'store 1 starts' });
  trace.record({ store: 2, topic: 'fault', kind: 'start', message: 'store 2 starts' });
  at(10);
  trace.record({ store: 1, topic: 'state', kind: '', data: state('leader', 2, { progress: [[1, 4, 5], [2, 3, 4]] }) as never });
  trace.record({ store: 2, topic: 'state', kind: '', data: state('follower', 2) as never });
  trace.record({ store: 1, topic: 'net', kind: 'send', data: { type: 'net', id: 1, form: 'send', msg: 'MsgAppend', from: 1, to: 2, raft: { region: 1, term: 2, index: 4, logTerm: 2 }, bytes: 40, leave: 11, arrive: 13 } });
  at(13);
  trace.record({ store: 2, topic: 'net', kind: 'deliver', data: { type: 'net', id: 1, form: 'deliver', msg: 'MsgAppend', from: 1, to: 2 } });
  at(20);
  trace.record({ topic: 'fault', kind: 'filter', message: 'add PartitionFilter(s1={1} s2={2})', data: { type: 'filter', op: 'add', name: 'PartitionFilter', fields: { s1: [1], s2: [2] } } });
  trace.record({ store: 1, topic: 'net', kind: 'drop', data: { type: 'net', id: 2, form: 'filtered', msg: 'MsgHeartbeat', from: 1, to: 2, raft: { region: 1, term: 2 }, filter: 'PartitionFilter' } });
  at(30);
  trace.record({ topic: 'fault', kind: 'filter', message: 'clear filters', data: { type: 'filter', op: 'clear' } });
  trace.record({ store: 1, topic: 'net', kind: 'send', data: { type: 'net', id: 3, form: 'send', msg: 'MsgHeartbeat', from: 1, to: 2, raft: { region: 1, term: 2 }, bytes: 20, leave: 30, arrive: 33 } });
  at(31);
  trace.record({ store: 2, topic: 'fault', kind: 'stop', message: 'store 2 stops (crash)' });
  at(33);
  trace.record({ store: 2, topic: 'net', kind: 'drop', data: { type: 'net', id: 3, form: 'lost', msg: 'MsgHeartbeat', from: 1, to: 2 } });
  at(40);
  trace.record({ store: 2, topic: 'fault', kind: 'start', message: 'store 2 starts' });
  at(50);
  trace.record({ topic: 'client', kind: 'op', message: '#0 client 0 1.000..5.000 put("k", "1") -> ok', data: { type: 'op', index: 0, client: 0, call: 1, return: 5, input: { op: 'put', key: 'k', value: '1' }, output: {} } });
  trace.record({ topic: 'client', kind: 'op', message: '#1 client -1 6.000..? get("k") -> ? (never returned)', data: { type: 'op', index: 1, client: -1, call: 6, return: null, input: { op: 'get', key: 'k' } } });
  trace.record({ topic: 'client', kind: 'op', message: '#2 client 0 7.000..8.000 get("k") -> ""', data: { type: 'op', index: 2, client: 0, call: 7, return: 8, input: { op: 'get', key: 'k' }, output: { value: '' } } });
  trace.record({ topic: 'sim', kind: 'check', message: 'linearizability: illegal: ...', data: { type: 'verdict', result: 'illegal', afterFailure: false, partition: [0, 1, 2], prefix: [0], stuck: 2, concurrent: [[1, 'accepted']] } });
  trace.record({ topic: 'sim', kind: 'shutdown', message: 'the cluster shuts down' });
  trace.record({ store: 1, topic: 'fault', kind: 'stop', message: 'store 1 stops (crash)' });
  return trace;
}

const fromJson = (): ReturnType<typeof buildViewData> => buildViewData(parseTrace(sample().toJSONLines()), 'x.trace.jsonl');
const fromText = (): ReturnType<typeof buildViewData> => buildViewData(parseTrace(`# seed 7: 19 events\n${sample().toText()}`), 'x.trace');

test('messages are joined by id: delivered, dropped by a filter, lost to a stopped store', () => {
  const d = fromJson();
  expect(d.msgTypes).toEqual(['MsgAppend', 'MsgHeartbeat']);
  const m = d.messages;
  expect(Array.from(m.id)).toEqual([1, 2, 3]);
  expect(Array.from(m.sent)).toEqual([11, 20, 30]);
  expect(Array.from(m.end)).toEqual([13, 20, 33]);
  expect(Array.from(m.fate)).toEqual([Fate.Delivered, Fate.Filtered, Fate.Lost]);
  expect(Array.from(m.term)).toEqual([2, 2, 2]);
  expect([Array.from(m.from), Array.from(m.to)]).toEqual([[1, 1, 1], [2, 2, 2]]);
});

test('each store gets a lane with its states and the spans it ran; the shutdown is not a crash', () => {
  const d = fromJson();
  expect(d.title).toBe('TestX2B: seed 7 (base seed 1), 2 stores');
  expect(d.stores).toEqual([1, 2]);
  const [s1, s2] = d.lanes;
  expect(s1.source).toBe('samples');
  expect(Array.from(s1.states.role)).toEqual([Role.Leader]);
  expect(s1.states.progress).toEqual([[1, 4, 5, 2, 3, 4]]);
  expect(Array.from(s2.states.lead)).toEqual([0]);
  expect(s1.up).toEqual([[0, 50]]);
  expect(s2.up).toEqual([[0, 31], [40, 50]]);
  expect(d.marks.map((k) => [k.store, k.kind, k.t])).toEqual([[1, 'start', 0], [2, 'start', 0], [2, 'stop', 31], [2, 'start', 40]]);
  expect(d.filters).toEqual([{ from: 20, to: 30, kind: 'partition', label: 'partition [1] | [2]', sides: [[1], [2]] }]);
});

test('operations carry the verdict: prefix in order, the stuck one, the rest of the partition', () => {
  const d = fromJson();
  expect(d.clients).toEqual([-1, 0]);
  expect(Array.from(d.ops.ret)).toEqual([5, -1, 8]);
  expect(Array.from(d.ops.mark)).toEqual([OpMark.Prefix, OpMark.Partition, OpMark.Stuck]);
  expect(Array.from(d.ops.order)).toEqual([1, 0, 0]);
  expect(d.ops.concurrent).toEqual(['', 'accepted', '']);
  expect(d.ops.text[2]).toBe('get("k") -> ""');
  expect(d.verdict).toMatchObject({ result: 'illegal', stuck: 2, prefixLength: 1, partitionSize: 3, afterFailure: false });
  expect(d.events.text.split('\n')).toHaveLength(d.events.t.length);
});

test('a text trace gives the same messages, states, spans and operations, without the verdict details', () => {
  const j = fromJson();
  const t = fromText();
  expect(t.structured).toBe(false);
  for (const k of ['id', 'from', 'to', 'fate', 'term'] as const) expect(Array.from(t.messages[k])).toEqual(Array.from(j.messages[k]));
  // A text trace has no leave time: the send's event time stands in for it.
  expect(Array.from(t.messages.sent)).toEqual([10, 20, 30]);
  expect(t.lanes).toEqual(j.lanes);
  expect(t.filters).toEqual(j.filters);
  expect(t.ops.text).toEqual(j.ops.text);
  expect(t.verdict).toMatchObject({ result: 'illegal', stuck: -1 });
});

test('a store without samples gets its roles from its election lines, else its terms from its messages', () => {
  let now = 0;
  const trace = new Trace(() => now, 1);
  trace.record({ store: 1, topic: 'election', kind: '', message: '[region 1] 1 is candidate in term 3, leader 0' });
  now = 5;
  trace.record({ store: 1, topic: 'election', kind: '', message: '[region 1] 1 is leader in term 3, leader 1' });
  for (const [id, term] of [[1, 3], [2, 4], [3, 4], [4, 6]]) {
    trace.record({ store: 2, topic: 'net', kind: 'send', data: { type: 'net', id, form: 'send', msg: 'MsgHeartbeat', from: 2, to: 1, raft: { region: 1, term }, bytes: 1, leave: now, arrive: now + 1 } });
    now += 10;
  }
  const d = buildViewData(parseTrace(trace.toJSONLines()), 'y.trace.jsonl');
  const [s1, s2] = d.lanes;
  expect(s1.source).toBe('election');
  expect(Array.from(s1.states.role)).toEqual([Role.Candidate, Role.Leader]);
  expect(Array.from(s1.states.commit)).toEqual([-1, -1]);
  expect(s2.source).toBe('messages');
  expect(Array.from(s2.states.term)).toEqual([3, 4, 6]);
  expect(Array.from(s2.states.t)).toEqual([5, 15, 35]);
});

test('number columns are packed as typed arrays and unpacked to the same values', () => {
  expect(columnKind([0, -1, 127])).toBe('i8');
  expect(columnKind([300, -1])).toBe('i16');
  expect(columnKind([70000])).toBe('i32');
  expect(columnKind([1.5, 2.125])).toBe('us32');
  expect(columnKind([0.1 + 0.2])).toBe('f64');
  const times = Array.from({ length: 40 }, (_, i) => Math.round(i * 1234.5678) / 1000);
  const value = { a: times, b: Array.from({ length: 40 }, (_, i) => i - 1), c: [1, 2], s: 'x', n: null };
  const packed = packColumns(value);
  const back = unpack(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength) as ArrayBuffer) as Record<string, ArrayLike<number>>;
  expect(back.a).toBeInstanceOf(Float64Array);
  expect(Array.from(back.a)).toEqual(times);
  expect(back.b).toBeInstanceOf(Int8Array);
  expect(Array.from(back.b)).toEqual(value.b);
  expect(back).toMatchObject({ c: [1, 2], s: 'x', n: null });
});

test('the viewer reads the structured sibling of a text trace, and writes <trace>.html', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-view-cmd-'));
  try {
    const text = path.join(dir, 'T-seed1.trace');
    fs.writeFileSync(text, '');
    expect(traceToRead(text)).toBe(text);
    fs.writeFileSync(`${text}.jsonl.gz`, '');
    expect(traceToRead(text)).toBe(`${text}.jsonl.gz`);
    expect(traceToRead(`${text}.jsonl`)).toBe(`${text}.jsonl`);
    expect(defaultOutput(text)).toBe(`${text}.html`);
    expect(defaultOutput(`${text}.jsonl.gz`)).toBe(`${text}.html`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI writes one self-contained HTML file and prints its path; a bad trace is exit status 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-view-cli-'));
  const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const trace = sample();
    const text = trace.writeFile(dir, 'TestX2B');
    await trace.writeDataFile(dir, 'TestX2B');
    const out: string[] = [];
    expect(main([text], (l) => out.push(l))).toBe(0);
    expect(out).toEqual([`${text}.html`]);
    const html = fs.readFileSync(`${text}.html`, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>TestX2B: seed 7 (base seed 1), 2 stores — trace viewer</title>');
    expect(html).not.toMatch(/https?:\/\/|<link\b|\bsrc=/);
    expect(html).not.toMatch(/\{\{[A-Z]+\}\}/);
    const elsewhere = path.join(dir, 'sub', 'v.html');
    expect(writeViewer(text, elsewhere)).toBe(elsewhere);
    expect(fs.existsSync(elsewhere)).toBe(true);
    expect(main([path.join(dir, 'missing.trace')], () => undefined)).toBe(2);
    fs.writeFileSync(path.join(dir, 'empty.trace'), '# nothing\n');
    expect(main([path.join(dir, 'empty.trace')], () => undefined)).toBe(2);
    expect(main([], () => undefined)).toBe(2);
  } finally {
    err.mockRestore();
    stderr.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
