/**
 * Plain-object forms of the eraftpb messages, as raft uses them.
 *
 * Inside raft every message is a plain object whose fields are all present: numbers default
 * to 0, booleans to false, bytes to an empty Uint8Array, lists to [], and nested messages to
 * their own empty form (never null). Build them with the `newX` functions below, which fill in
 * whatever you leave out: `newMessage({ msgType: MessageType.MsgHup })`.
 *
 * When a node sends a message it goes through `encodeMessage` / `decodeMessage` on the wire,
 * so two nodes never share an object. If you add a field to eraftpb.proto, add its default to
 * the matching `newX` function here (TypeScript will remind you).
 */
import { encode, eraftpb } from './codec';

/** Turns a generated `IFoo` interface (all fields optional and nullable) into a plain type with every field present. */
export type Plain<T> = { [K in keyof T]-?: PlainValue<NonNullable<T[K]>> };
type PlainValue<V> = V extends Uint8Array ? Uint8Array
  : V extends readonly (infer U)[] ? PlainValue<NonNullable<U>>[]
    : V extends object ? Plain<V>
      : V;

export const MessageType = eraftpb.MessageType;
export type MessageType = eraftpb.MessageType;
export const EntryType = eraftpb.EntryType;
export type EntryType = eraftpb.EntryType;
export const ConfChangeType = eraftpb.ConfChangeType;
export type ConfChangeType = eraftpb.ConfChangeType;

/** One log entry: its term, its index and the application's data (empty for a leader's noop entry). */
export type Entry = Plain<eraftpb.IEntry>;
/** Membership of the raft group: the ids of all voters. */
export type ConfState = Plain<eraftpb.IConfState>;
/** The last index and term a snapshot covers, and the membership at that point. */
export type SnapshotMetadata = Plain<eraftpb.ISnapshotMetadata>;
/** Application state up to `metadata.index`; empty when `metadata.index` is 0. */
export type Snapshot = Plain<eraftpb.ISnapshot>;
/** A raft message. Which fields matter depends on `msgType`. */
export type Message = Plain<eraftpb.IMessage>;
/** What must reach stable storage before a node sends any message: term, vote and commit. */
export type HardState = Plain<eraftpb.IHardState>;
/** A membership change (Project 3). */
export type ConfChange = Plain<eraftpb.IConfChange>;

/** A recursive partial, for the `newX` constructors: leave out (or set to null) what should take its default. */
export type Init<T> = { [K in keyof T]?: InitValue<T[K]> | null } | null | undefined;
type InitValue<V> = V extends Uint8Array ? Uint8Array
  : V extends readonly (infer U)[] ? InitValue<U>[]
    : V extends object ? Init<V>
      : V;

const EMPTY_BYTES = new Uint8Array(0);
function bytes(b: Uint8Array | null | undefined): Uint8Array {
  return b == null ? EMPTY_BYTES.slice() : b;
}

/** Builds an Entry; missing fields take their defaults. */
export function newEntry(e?: Init<Entry>): Entry {
  return {
    entryType: e?.entryType ?? EntryType.EntryNormal,
    term: e?.term ?? 0,
    index: e?.index ?? 0,
    data: bytes(e?.data),
  };
}

/** Builds a ConfState; missing fields take their defaults. */
export function newConfState(c?: Init<ConfState>): ConfState {
  return { nodes: c?.nodes ? [...c.nodes] : [] };
}

/** Builds a SnapshotMetadata; missing fields take their defaults. */
export function newSnapshotMetadata(m?: Init<SnapshotMetadata>): SnapshotMetadata {
  return { confState: newConfState(m?.confState), index: m?.index ?? 0, term: m?.term ?? 0 };
}

/** Builds a Snapshot; `newSnapshot()` is the empty snapshot. */
export function newSnapshot(s?: Init<Snapshot>): Snapshot {
  return { data: bytes(s?.data), metadata: newSnapshotMetadata(s?.metadata) };
}

/** Builds a Message; missing fields take their defaults. */
export function newMessage(m?: Init<Message>): Message {
  return {
    msgType: m?.msgType ?? MessageType.MsgHup,
    to: m?.to ?? 0,
    from: m?.from ?? 0,
    term: m?.term ?? 0,
    logTerm: m?.logTerm ?? 0,
    index: m?.index ?? 0,
    entries: m?.entries ? m.entries.map(newEntry) : [],
    commit: m?.commit ?? 0,
    snapshot: newSnapshot(m?.snapshot),
    reject: m?.reject ?? false,
    rejectHint: m?.rejectHint ?? 0,
  };
}

/** Builds a HardState; `newHardState()` is the empty hard state. */
export function newHardState(h?: Init<HardState>): HardState {
  return { term: h?.term ?? 0, vote: h?.vote ?? 0, commit: h?.commit ?? 0 };
}

/** Builds a ConfChange; missing fields take their defaults. */
export function newConfChange(c?: Init<ConfChange>): ConfChange {
  return { changeType: c?.changeType ?? ConfChangeType.AddNode, nodeId: c?.nodeId ?? 0, context: bytes(c?.context) };
}

const EMPTY_SNAPSHOT: Snapshot = Object.freeze({
  data: EMPTY_BYTES,
  metadata: Object.freeze({ confState: Object.freeze({ nodes: Object.freeze([]) as unknown as number[] }), index: 0, term: 0 }),
});

/**
 * The empty snapshot, shared and frozen: cheap to put in every message that carries no
 * snapshot. Use newSnapshot() for one you want to fill in.
 */
export function emptySnapshot(): Snapshot {
  return EMPTY_SNAPSHOT;
}

/** Encodes a message for the wire. */
export function encodeMessage(m: Message): Uint8Array {
  return encode(eraftpb.Message, m);
}

/** Decodes a message from the wire into its plain form (a fresh object, shared with no one). */
export function decodeMessage(b: Uint8Array): Message {
  return newMessage(eraftpb.Message.decode(b));
}

/** Encodes a ConfChange (the data of an EntryConfChange entry). */
export function encodeConfChange(c: ConfChange): Uint8Array {
  return encode(eraftpb.ConfChange, c);
}

/** Decodes a ConfChange. */
export function decodeConfChange(b: Uint8Array): ConfChange {
  return newConfChange(eraftpb.ConfChange.decode(b));
}
