/**
 * The log viewer: both trace forms parsed, filters by topic and time, one line per event, one
 * column per store with wrapping and full-width lines for events of no store, and the CLI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../logs/cli';
import { eventText, formatEvents, storesOf, topicColor, wrap } from '../logs/format';
import { type LogEvent, filterEvents, parseTrace, readTraceText } from '../logs/read';
import { colors } from '../report/console';
import { Trace } from '../../harness/sim/trace';

const plain = colors(false);

/** A small trace as the bench records it. */
function sample(): Trace {
  let now = 0;
  const trace = new Trace(() => now, 42);
  trace.record({ topic: 'sim', kind: 'test', message: 'TestX2B: seed 42' });
  now = 10;
  trace.record({ store: 1, topic: 'election', kind: '', message: '1 is candidate in term 2' });
  now = 12.5;
  trace.record({ store: 2, topic: 'net', kind: 'deliver', message: 'MsgRequestVote 1->2' });
  now = 20;
  trace.record({ topic: 'fault', kind: 'partition', message: '[1] [2 3]' });
  now = 31;
  trace.record({ store: 3, topic: 'commit', kind: '', message: 'index 7' });
  return trace;
}

test('the JSON-lines and text forms parse to the same events (the text form keeps kind in the message)', () => {
  const json = parseTrace(sample().toJSONLines());
  const text = parseTrace(`# seed 42: 5 events\n${sample().toText()}`);
  expect(json.problems).toEqual([]);
  expect(text.problems).toEqual([]);
  expect(text.header).toEqual(['# seed 42: 5 events']);
  expect(json.events).toHaveLength(5);
  expect(json.events[2]).toEqual({ t: 12.5, seq: 2, store: 2, topic: 'net', kind: 'deliver', message: 'MsgRequestVote 1->2' });
  expect(text.events.map((e) => [e.t, e.store, e.topic])).toEqual(json.events.map((e) => [e.t, e.store, e.topic]));
  expect(text.events[2].message).toBe('deliver MsgRequestVote 1->2');
  expect(parseTrace('{"t":1,"topic":"x"}\nnot json\n').problems).toEqual(['line 2: not a trace event: not json']);
  // In the text form, a message of several lines goes on on lines of its own.
  const multi = parseTrace('# h\nt=1.000ms -- sim      check illegal:\n  Partition 0\nt=2.000ms s1 apply    x\n');
  expect(multi.problems).toEqual([]);
  expect(multi.events.map((e) => e.message)).toEqual(['check illegal:\n  Partition 0', 'x']);
  expect(parseTrace('stray\n').problems).toEqual(['line 1: not a trace event: stray']);
});

test('filters keep topics and a time window', () => {
  const { events } = parseTrace(sample().toJSONLines());
  expect(filterEvents(events, { topics: new Set(['net', 'commit']) }).map((e) => e.t)).toEqual([12.5, 31]);
  expect(filterEvents(events, { from: 10, to: 20 }).map((e) => e.t)).toEqual([10, 12.5, 20]);
  expect(filterEvents(events, {})).toHaveLength(5);
});

test('wrap cuts at spaces, or mid-word when it must', () => {
  expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
  expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  expect(wrap('short', 10)).toEqual(['short']);
});

test('one line per event: time, store, topic, kind, message', () => {
  const { events } = parseTrace(sample().toJSONLines());
  expect(formatEvents(events.slice(0, 3), { peers: false, width: 100, colors: plain })).toEqual([
    '     0.000 --   SIM      test TestX2B: seed 42',
    '    10.000 s1   ELECTION 1 is candidate in term 2',
    '    12.500 s2   NET      deliver MsgRequestVote 1->2',
  ]);
});

test('--peers: a column per store, wrapped, and full-width lines for events of no store', () => {
  const { events } = parseTrace(sample().toJSONLines());
  expect(storesOf(events)).toEqual([1, 2, 3]);
  const lines = formatEvents(events, { peers: true, width: 11 + 3 * 20, colors: plain });
  expect(lines).toEqual([
    '           s1                  s2                  s3',
    '     0.000 SIM test TestX2B: seed 42',
    '    10.000 ELECTION 1 is',
    '           candidate in term 2',
    '    12.500                     NET deliver',
    '                               MsgRequestVote 1->2',
    '    20.000 FAULT partition [1] [2 3]',
    '    31.000                                         COMMIT index 7',
  ]);
});

test('topics have colours on a terminal; unknown topics and plain output have none', () => {
  const c = colors(true);
  const e: LogEvent = { t: 1, seq: 0, store: 1, topic: 'commit', kind: '', message: 'm' };
  expect(topicColor('commit', c)(eventText(e))).toBe(c.green('COMMIT   m'));
  expect(topicColor('whatever', c)('x')).toBe('x');
  expect(topicColor('commit', plain)('x')).toBe('x');
});

test('the gzipped JSON-lines trace the KV tests write reads like the plain one, with each event\'s data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-logs-'));
  try {
    const trace = sample();
    trace.record({ store: 1, topic: 'net', kind: 'send', data: { type: 'net', id: 7, form: 'deliver', msg: 'MsgAppend', from: 3, to: 1 } });
    const gz = await trace.writeDataFile(dir, 'TestX2B');
    expect(gz).toBe(path.join(dir, 'TestX2B-seed42.trace.jsonl.gz'));
    const events = parseTrace(readTraceText(gz)).events;
    expect(events).toEqual(parseTrace(trace.toJSONLines()).events);
    expect(events[5]).toMatchObject({ message: '#7 MsgAppend 3->1', data: { type: 'net', id: 7, from: 3, to: 1 } });
    expect(events[0].data).toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI prints a file, filtered, and exits 2 on a missing file or a bad option', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-logs-'));
  const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const file = sample().writeJSONLinesFile(dir, 'TestX2B');
    const lines: string[] = [];
    expect(main([file, '--topics', 'commit,election', '--from', '5'], (l) => lines.push(l), false)).toBe(0);
    expect(lines).toEqual([
      '    10.000 s1   ELECTION 1 is candidate in term 2',
      '    31.000 s3   COMMIT   index 7',
      '(2 of 5 events shown)',
      `view: npm run view -- ${file}`,
    ]);
    expect(main([path.join(dir, 'missing.trace')], () => undefined, false)).toBe(2);
    expect(main([file, '--from', 'soon'], () => undefined, false)).toBe(2);
  } finally {
    err.mockRestore();
    stderr.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
