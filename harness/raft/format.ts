/**
 * Readable text forms of raft state, for failure messages and line diffs.
 */
import { Entry, EntryType, Message, MessageType } from '@target/proto/eraftpb';
import { RaftLog, Ready, StateType } from '@target/raft';

/** Bytes as a double-quoted string: printable ASCII as is, everything else as \xNN. */
export function quoteBytes(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + '"';
}

/** One entry on one line: index, term, type and data. */
export function formatEntry(e: Entry): string {
  return `index=${e.index} term=${e.term} type=${EntryType[e.entryType] ?? e.entryType} data=${quoteBytes(e.data)}`;
}

/**
 * A log as text: its committed and applied indexes, then one line per entry of allEntries().
 * Two logs with the same text hold the same entries and agree on committed and applied.
 */
export function ltoa(l: RaftLog): string {
  let s = `committed: ${l.committed}\napplied:   ${l.applied}\n`;
  l.allEntries().forEach((e, i) => {
    s += `#${i}: ${formatEntry(e)}\n`;
  });
  return s;
}

/** The name of a raft state ("Follower", "Candidate", "Leader"), for readable comparisons. */
export function stateName(s: StateType): string {
  for (const [name, value] of Object.entries(StateType)) {
    if (value === s) return name;
  }
  return `StateType(${String(s)})`;
}

/**
 * An entry as "index@term", with its type if not normal and its data if any: `3@2` or
 * `4@3 "foo"`. An entry with neither index nor term (a proposal's) shows its data alone, or
 * `empty`.
 */
export function shortEntry(e: Entry): string {
  const type = e.entryType === EntryType.EntryNormal ? '' : ` ${EntryType[e.entryType] ?? e.entryType}`;
  const data = e.data.length > 0 ? quoteBytes(e.data) : '';
  if (e.index === 0 && e.term === 0) return `${data === '' ? 'empty' : data}${type}`;
  return `${e.index}@${e.term}${type}${data === '' ? '' : ` ${data}`}`;
}

/** Entries as a one-line list of shortEntry forms: `[1@1, 2@2, 3@3 "foo"]`. */
export function shortEntries(es: Entry[]): string {
  return `[${es.map(shortEntry).join(', ')}]`;
}

/** A log on one line: `[1@1, 2@3] committed 2 applied 0` (allEntries(), then committed and applied). */
export function shortLog(l: RaftLog): string {
  return `${shortEntries(l.allEntries())} committed ${l.committed} applied ${l.applied}`;
}

/**
 * One message on one line, with the fields that matter for its type:
 * `MsgAppend(from 2, to 1, term 2, index 1, logTerm 1, entries [2@2], commit 1)` or
 * `MsgRequestVoteResponse(from 1, to 2, term 3, reject)`. Zero senders, recipients, terms and
 * commits are left out; index and logTerm always show on appends and vote requests.
 * (harness/sim/describe-message.ts makes much the same choice for the wire form, a
 * RaftMessage wrapping this message, and prints store ids and the region instead.)
 */
export function formatMessage(m: Message): string {
  const parts: string[] = [];
  if (m.from !== 0) parts.push(`from ${m.from}`);
  if (m.to !== 0) parts.push(`to ${m.to}`);
  if (m.term !== 0) parts.push(`term ${m.term}`);
  if (m.msgType === MessageType.MsgAppend || m.msgType === MessageType.MsgRequestVote) {
    parts.push(`index ${m.index}`, `logTerm ${m.logTerm}`);
  } else if (m.msgType === MessageType.MsgAppendResponse) {
    parts.push(`index ${m.index}`);
    if (m.logTerm !== 0) parts.push(`logTerm ${m.logTerm}`);
    // Tolerant of a hand-built message without the field, like entries below.
    if ((m.rejectHint ?? 0) !== 0) parts.push(`rejectHint ${m.rejectHint}`);
  } else {
    if (m.index !== 0) parts.push(`index ${m.index}`);
    if (m.logTerm !== 0) parts.push(`logTerm ${m.logTerm}`);
  }
  // Tolerant of a hand-built message with missing fields: a failure message must not throw.
  const entries = m.entries ?? [];
  if (entries.length > 0) parts.push(`entries ${shortEntries(entries)}`);
  if (m.commit !== 0) parts.push(`commit ${m.commit}`);
  if (m.reject) parts.push('reject');
  const snap = m.snapshot?.metadata;
  if (snap !== undefined && (snap.index !== 0 || snap.term !== 0)) parts.push(`snapshot ${snap.index}@${snap.term}`);
  return `${MessageType[m.msgType] ?? `MsgType${m.msgType}`}(${parts.join(', ')})`;
}

/** Messages as a one-line list of formatMessage forms; `[]` for none. */
export function formatMessages(ms: Message[]): string {
  return `[${ms.map(formatMessage).join(', ')}]`;
}

/**
 * A Ready on one line, with only the parts that hold something:
 * `Ready(softState Leader lead 1, hardState term 1 vote 1 commit 2, entries [2@1 "foo"], committedEntries [2@1 "foo"])`;
 * `Ready()` when it holds nothing.
 */
export function formatReady(rd: Ready): string {
  const parts: string[] = [];
  if (rd.softState !== null && rd.softState !== undefined) {
    parts.push(`softState ${stateName(rd.softState.raftState)} lead ${rd.softState.lead}`);
  }
  const hs = rd.hardState;
  if (hs !== null && hs !== undefined && (hs.term !== 0 || hs.vote !== 0 || hs.commit !== 0)) {
    parts.push(`hardState term ${hs.term} vote ${hs.vote} commit ${hs.commit}`);
  }
  if ((rd.entries ?? []).length > 0) parts.push(`entries ${shortEntries(rd.entries)}`);
  const snap = rd.snapshot?.metadata;
  if (snap !== undefined && (snap.index !== 0 || snap.term !== 0)) parts.push(`snapshot ${snap.index}@${snap.term}`);
  if ((rd.committedEntries ?? []).length > 0) parts.push(`committedEntries ${shortEntries(rd.committedEntries)}`);
  if ((rd.messages ?? []).length > 0) parts.push(`messages ${formatMessages(rd.messages)}`);
  return `Ready(${parts.join(', ')})`;
}
