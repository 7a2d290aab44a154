/**
 * The client operations and the checker's verdict for the viewer. A KV run records each
 * operation of its history at its end ("client op" events) and the verdict with the longest
 * linearizable prefix and the stuck operation ("sim check" or "sim verdict" data). A trace
 * without them (an older one, or a text trace cut short) falls back on the clients' "call" and
 * "return" events, without a verdict.
 */
import type { LogEvent } from '../logs/read';
import { dataOf, kindAndMessage, ms, num, nums, str } from './fields';
import { OpMark, OpTable, Verdict } from './view-data';

interface Op {
  client: number;
  call: number;
  ret: number;
  text: string;
}

const TEXT_OP = /^#(\d+) client (-?\d+) ([\d.]+)\.\.([\d.]+|\?) (.*)$/;
const CALL_OR_RETURN = /^client (-?\d+) #(\d+) (.*)$/;

/** The operations from "client op" events (data, or their text), by history index. */
function recordedOps(events: readonly LogEvent[]): Op[] {
  const ops: Op[] = [];
  for (const e of events) {
    if (e.topic !== 'client') continue;
    const [kind, message] = kindAndMessage(e);
    if (kind !== 'op') continue;
    const m = TEXT_OP.exec(message);
    const d = dataOf(e, 'op');
    const index = d !== null ? num(d, 'index') : m !== null ? Number(m[1]) : -1;
    if (index < 0) continue;
    const text = m !== null ? m[5] : message;
    if (d !== null) {
      const ret = d.return;
      ops[index] = { client: num(d, 'client', 0), call: num(d, 'call', 0), ret: typeof ret === 'number' ? ret : -1, text };
    } else if (m !== null) {
      ops[index] = { client: Number(m[2]), call: Number(m[3]), ret: m[4] === '?' ? -1 : Number(m[4]), text };
    }
  }
  return ops.filter((op) => op !== undefined);
}

/** The operations from the clients' call and return events (`client 4 #554 put(...)`, `client 4 #554 -> ok`). */
function callsAndReturns(events: readonly LogEvent[]): Op[] {
  const byToken = new Map<number, Op>();
  for (const e of events) {
    if (e.topic !== 'client') continue;
    const [kind, message] = kindAndMessage(e);
    const m = CALL_OR_RETURN.exec(message);
    if (m === null) continue;
    const token = Number(m[2]);
    if (kind === 'call') byToken.set(token, { client: Number(m[1]), call: e.t, ret: -1, text: m[3] });
    const op = byToken.get(token);
    if (op === undefined) continue;
    if (kind === 'return') {
      op.ret = e.t;
      op.text = `${op.text} ${m[3]}`;
    } else if (kind === 'fail') {
      op.text = `${op.text} -> ? (${m[3]})`;
    }
  }
  return [...byToken.entries()].sort((a, b) => a[0] - b[0]).map(([, op]) => op);
}

/** The last verdict the trace holds: its data, or the result read from a "sim check" line's text. */
function lastVerdict(events: readonly LogEvent[]): { e: LogEvent; partition: number[]; prefix: number[]; stuck: number; concurrent: [number, string][]; result: string; afterFailure: boolean } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.topic !== 'sim') continue;
    const d = dataOf(e, 'verdict');
    if (d !== null) {
      const concurrent = Array.isArray(d.concurrent)
        ? (d.concurrent as unknown[]).flatMap((c) => (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'string' ? [[c[0], c[1]] as [number, string]] : []))
        : [];
      return {
        e, partition: nums(d, 'partition') ?? [], prefix: nums(d, 'prefix') ?? [], stuck: num(d, 'stuck'), concurrent,
        result: str(d, 'result', '?'), afterFailure: d.afterFailure === true,
      };
    }
    const [kind, message] = kindAndMessage(e);
    const m = /linearizability: (ok|illegal|unknown)/.exec(message);
    if ((kind === 'check' || kind === 'verdict') && m !== null) {
      return { e, partition: [], prefix: [], stuck: -1, concurrent: [], result: m[1], afterFailure: kind === 'verdict' };
    }
  }
  return null;
}

/** The operations, the clients (in row order) and the verdict. */
export function buildOps(events: readonly LogEvent[]): { ops: OpTable; clients: number[]; verdict: Verdict | null } {
  const recorded = recordedOps(events);
  const ops = recorded.length > 0 ? recorded : callsAndReturns(events);
  const v = recorded.length > 0 ? lastVerdict(events) : null;
  const mark = ops.map((): number => OpMark.Plain);
  const order = ops.map(() => 0);
  const concurrent = ops.map(() => '');
  if (v !== null) {
    for (const i of v.partition) if (i >= 0 && i < ops.length) mark[i] = OpMark.Partition;
    v.prefix.forEach((i, k) => {
      if (i < 0 || i >= ops.length) return;
      mark[i] = OpMark.Prefix;
      order[i] = k + 1;
    });
    if (v.stuck >= 0 && v.stuck < ops.length) mark[v.stuck] = OpMark.Stuck;
    for (const [i, status] of v.concurrent) if (i >= 0 && i < ops.length) concurrent[i] = status;
  }
  const clients = [...new Set(ops.map((op) => op.client))].sort((a, b) => a - b);
  const [, text] = v === null ? ['', ''] : kindAndMessage(v.e);
  return {
    clients,
    ops: {
      client: ops.map((op) => op.client),
      call: ops.map((op) => ms(op.call)),
      ret: ops.map((op) => (op.ret < 0 ? -1 : ms(op.ret))),
      text: ops.map((op) => op.text),
      mark,
      order,
      concurrent,
    },
    verdict: v === null ? null : {
      result: v.result, afterFailure: v.afterFailure, text, stuck: v.stuck < ops.length ? v.stuck : -1,
      prefixLength: v.prefix.length, partitionSize: v.partition.length,
    },
  };
}
