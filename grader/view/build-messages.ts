/**
 * The viewer's messages: each send joined with its delivery or drop by its `#id` (from the
 * events' data, or parsed from the text of a text trace), ordered by the time it left.
 */
import type { LogEvent } from '../logs/read';
import { dataOf, Fields, kindAndMessage, ms, num, obj, str } from './fields';
import { Fate, MessageTable } from './view-data';

interface Row {
  id: number;
  type: string;
  from: number;
  to: number;
  sent: number;
  end: number;
  fate: number;
  term: number;
  event: number;
}

/** What one net event says, whichever form it came in. */
interface NetEvent {
  kind: 'send' | 'deliver' | 'filtered' | 'lost';
  id: number;
  type: string;
  from: number;
  to: number;
  term: number;
  leave: number;
  arrive: number;
}

const TEXT_NET = /^#(\d+) (\S+) (\d+)->(\d+)(.*)$/;

/** A net event from its data. */
function fromData(d: Fields, t: number): NetEvent | null {
  const form = str(d, 'form');
  if (form !== 'send' && form !== 'deliver' && form !== 'filtered' && form !== 'lost') return null;
  const raft = obj(d, 'raft');
  return {
    kind: form, id: num(d, 'id'), type: str(d, 'msg', '?'), from: num(d, 'from', 0), to: num(d, 'to', 0),
    term: raft === null ? -1 : num(raft, 'term'), leave: num(d, 'leave', t), arrive: num(d, 'arrive'),
  };
}

/** A net event from the text of a text trace (`send #12 MsgAppend 1->3 r1 term 6 ... arrives t=12.345`). */
function fromText(e: LogEvent): NetEvent | null {
  const [kind, message] = kindAndMessage(e);
  const m = TEXT_NET.exec(message);
  if (m === null) return null;
  const rest = m[5];
  const term = / term (\d+)/.exec(rest);
  const arrive = / arrives t=([\d.]+)$/.exec(rest);
  const form = kind === 'drop' ? (rest.endsWith('is not running)') ? 'lost' : 'filtered') : kind;
  if (form !== 'send' && form !== 'deliver' && form !== 'filtered' && form !== 'lost') return null;
  return {
    kind: form, id: Number(m[1]), type: m[2], from: Number(m[3]), to: Number(m[4]),
    term: term === null ? -1 : Number(term[1]), leave: e.t, arrive: arrive === null ? -1 : Number(arrive[1]),
  };
}

/** The messages of the events, and the names of their types (the table's `type` indexes them). */
export function buildMessages(events: readonly LogEvent[]): { messages: MessageTable; msgTypes: string[] } {
  const rows: Row[] = [];
  const byId = new Map<number, Row>();
  events.forEach((e, i) => {
    if (e.topic !== 'net') return;
    const d = dataOf(e, 'net');
    const n = d !== null ? fromData(d, e.t) : fromText(e);
    if (n === null || n.id < 0) return;
    if (n.kind === 'send' || n.kind === 'filtered') {
      const sent = n.kind === 'send' ? n.leave : e.t;
      const row: Row = {
        id: n.id, type: n.type, from: n.from, to: n.to, sent, end: n.kind === 'send' ? n.arrive : e.t,
        fate: n.kind === 'send' ? Fate.InFlight : Fate.Filtered, term: n.term, event: i,
      };
      rows.push(row);
      byId.set(n.id, row);
      return;
    }
    // A delivery or loss whose send the trace no longer has (its cap) cannot be drawn.
    const row = byId.get(n.id);
    if (row === undefined) return;
    row.end = e.t;
    row.fate = n.kind === 'deliver' ? Fate.Delivered : Fate.Lost;
  });
  rows.sort((a, b) => a.sent - b.sent || a.event - b.event);
  const msgTypes = [...new Set(rows.map((r) => r.type))].sort();
  const typeIndex = new Map(msgTypes.map((t, i) => [t, i]));
  return {
    msgTypes,
    messages: {
      id: rows.map((r) => r.id),
      type: rows.map((r) => typeIndex.get(r.type) ?? 0),
      from: rows.map((r) => r.from),
      to: rows.map((r) => r.to),
      sent: rows.map((r) => ms(r.sent)),
      end: rows.map((r) => (r.end < 0 ? -1 : ms(r.end))),
      fate: rows.map((r) => r.fate),
      term: rows.map((r) => r.term),
      event: rows.map((r) => r.event),
    },
  };
}
