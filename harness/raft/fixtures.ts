/**
 * Small builders and assertions for tests of RaftLog and MemoryStorage: entries and
 * snapshots in one call, storages built through their public methods, and checks that a call
 * throws a given error class with a message saying what was checked.
 */
import { Entry, MemoryStorage, newEntry, newSnapshot, NotImplementedError, Snapshot } from '@target/raft';

const enc = new TextEncoder();

/** The bytes of a string. */
export function bytes(s: string): Uint8Array {
  return enc.encode(s);
}

/** An entry with the given index and term (and optional data). */
export function ent(index: number, term: number, data?: string): Entry {
  return newEntry({ index, term, data: data === undefined ? undefined : bytes(data) });
}

/** A snapshot covering 1..index, whose last entry has `term`. */
export function snap(index: number, term: number, nodes: number[] = [], data = ''): Snapshot {
  return newSnapshot({ data: bytes(data), metadata: { index, term, confState: { nodes } } });
}

/**
 * A MemoryStorage built through its public methods: optionally a snapshot at
 * (snapIndex, snapTerm), then one entry per term in `terms`, right after the snapshot.
 */
export function storageWith(terms: number[], snapshot?: { index: number; term: number }): MemoryStorage {
  const s = new MemoryStorage();
  let next = 1;
  if (snapshot !== undefined) {
    s.applySnapshot(snap(snapshot.index, snapshot.term));
    next = snapshot.index + 1;
  }
  s.append(terms.map((t, i) => ent(next + i, t)));
  return s;
}

/** Entries as "index/term" strings, so that a failure shows at a glance which entries differ. */
export function idxTerms(es: Entry[]): string[] {
  return es.map((e) => `${e.index}/${e.term}`);
}

/** What calling `f` did, as text: "returned 3" or "threw ErrCompacted: ...". */
export function outcome(f: () => unknown): { value?: unknown; error?: unknown } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e };
  }
}

/** Fails with `what` unless `f` throws an instance of `cls`. */
export function expectThrows(f: () => unknown, cls: new () => Error, what: string): void {
  const o = outcome(f);
  if (o.error instanceof cls) return;
  const got = 'error' in o
    ? `it threw ${o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error)}`
    : `it returned ${JSON.stringify(o.value)}`;
  const err = new Error(`${what}\n\nexpected it to throw ${cls.name}, but ${got}`);
  Error.captureStackTrace(err, expectThrows);
  throw err;
}

/** Fails with `what` unless `f` throws something (any error: Go panics there). */
export function expectAnyThrow(f: () => unknown, what: string): void {
  const o = outcome(f);
  if ('error' in o) return;
  const err = new Error(`${what}\n\nexpected it to throw, but it returned ${JSON.stringify(o.value)}`);
  Error.captureStackTrace(err, expectAnyThrow);
  throw err;
}

/**
 * Fails with `what` unless `f` throws an Error whose message names `index` (as a number on
 * its own, so 12 does not count for 1): a crash must say which index was out of range.
 */
export function expectThrowNamingIndex(f: () => unknown, index: number, what: string): void {
  const o = outcome(f);
  const named = new RegExp(`(^|\\D)${index}(\\D|$)`);
  // The skeleton's stubs name their arguments too; a stub is not the Error this asks for.
  if (o.error instanceof Error && !(o.error instanceof NotImplementedError) && named.test(o.error.message)) return;
  const got = 'error' in o
    ? `it threw ${o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error)}, which does not name ${index}`
    : `it returned ${JSON.stringify(o.value)}`;
  const err = new Error(`${what}\n\nexpected it to throw an Error whose message names the index ${index}, but ${got}`);
  Error.captureStackTrace(err, expectThrowNamingIndex);
  throw err;
}
