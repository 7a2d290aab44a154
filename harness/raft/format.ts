/**
 * Readable text forms of raft state, for failure messages and line diffs.
 */
import { Entry, EntryType } from '@target/proto/eraftpb';
import { RaftLog, StateType } from '@target/raft';

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
