/**
 * The model of our key-value store, for checking the KV tests' histories (Part 2B onwards).
 *
 * Operations: get, put, append, delete, and scan over a key range. The store starts empty; a get
 * of an absent key returns '' (as TinyKV's client does). See kv-partition.ts for how a history
 * is split into parts that are checked independently, and how scans fit in.
 */
import { Model } from './model';
import { EMPTY_KV_STATE, kvAppend, kvHolds, KvPair, kvPairs, KvState, kvEqual, kvScanMatches, kvSet } from './kv-state';
import { partitionKv } from './kv-partition';
import { abbreviate } from './render';

/** What a client asked the store for. */
export type KvInput =
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'append'; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly key: string }
  /** The pairs with `start <= key < end` (no upper bound without `end`), at most `limit` of them. */
  | { readonly op: 'scan'; readonly start: string; readonly end?: string; readonly limit?: number };

/**
 * What the store answered. A get has `value` ('' when the key is absent); a scan has `pairs`, in
 * key order; a put, append or delete that succeeded has neither (`{}`).
 */
export interface KvOutput {
  readonly value?: string;
  readonly pairs?: readonly KvPair[];
}

/** Options of `kvModel`. */
export interface KvModelOptions {
  /**
   * Chooses each operation's partition by a label: operations with the same label are checked
   * together. Without it, partitions are computed: one per key, merged where scans cover keys
   * (see kv-partition.ts). With it, the check throws if the choice is unsound (a scan's range
   * covers a key written in another partition). `partitionByPrefix()` suits TinyKV's
   * GenericTest, where each client uses and scans only keys that start with "<client> ".
   */
  readonly partitionBy?: (input: KvInput) => string;
}

/** A partitionBy that labels each operation by its key's (a scan: its start's) prefix up to `separator`. */
export function partitionByPrefix(separator = ' '): (input: KvInput) => string {
  return (input) => {
    const key = input.op === 'scan' ? input.start : input.key;
    const i = key.indexOf(separator);
    return i < 0 ? key : key.slice(0, i + separator.length);
  };
}

/** The KV model. Its states are `KvState`s holding the keys of one partition. */
export function kvModel(options: KvModelOptions = {}): Model<KvState, KvInput, KvOutput> {
  return {
    init: () => EMPTY_KV_STATE,
    step: kvStep,
    equal: kvEqual,
    hash: (s) => s.hash,
    partition: (history) => partitionKv(history, options.partitionBy),
    describeOperation: describeKvOperation,
    describeState: describeKvState,
  };
}

/** One operation on the model: can it produce `output` from `s`, and what state follows? */
export function kvStep(s: KvState, input: KvInput, output: KvOutput | undefined): [boolean, KvState] {
  switch (input.op) {
    case 'get': {
      if (output === undefined) return [true, s];
      if (output.value === undefined) throw new Error(`the output of get("${input.key}") has no value`);
      return [kvHolds(s, input.key, output.value), s];
    }
    case 'put':
      return [true, kvSet(s, input.key, input.value)];
    case 'append':
      return [true, kvAppend(s, input.key, input.value)];
    case 'delete':
      return [true, kvSet(s, input.key, undefined)];
    case 'scan': {
      if (output === undefined) return [true, s];
      if (output.pairs === undefined) throw new Error(`the output of scan("${input.start}", ...) has no pairs`);
      return [kvScanMatches(s, input.start, input.end, input.limit ?? Infinity, output.pairs), s];
    }
  }
}

/** A string in double quotes, shortened when long. */
function q(s: string): string {
  return JSON.stringify(abbreviate(s));
}

/** Pairs as `{"a": "1", "b": "2"}`, at most `max` of them shown. */
function describePairs(pairs: readonly KvPair[], max: number): string {
  const shown = pairs.slice(0, max).map(([k, v]) => `${q(k)}: ${q(v)}`);
  if (pairs.length > max) shown.push(`… ${pairs.length - max} more`);
  return `{${shown.join(', ')}}`;
}

/** One operation as text: `get("a") -> "1"`, `put("a", "1") -> ok`, `scan("a", "c") -> {...}`, `-> ?` when unknown. */
export function describeKvOperation(input: KvInput, output: KvOutput | undefined): string {
  let call: string;
  let result: string;
  switch (input.op) {
    case 'get':
      call = `get(${q(input.key)})`;
      result = q(output?.value ?? '');
      break;
    case 'put':
    case 'append':
      call = `${input.op}(${q(input.key)}, ${q(input.value)})`;
      result = 'ok';
      break;
    case 'delete':
      call = `delete(${q(input.key)})`;
      result = 'ok';
      break;
    case 'scan': {
      const end = input.end === undefined ? '' : `, ${q(input.end)}`;
      const limit = input.limit === undefined ? '' : `, limit ${input.limit}`;
      call = `scan(${q(input.start)}${end}${limit})`;
      result = describePairs(output?.pairs ?? [], 6);
      break;
    }
  }
  return `${call} -> ${output === undefined ? '? (never returned)' : result}`;
}

/** A state as text, e.g. `{"a": "1"}` (at most 8 pairs shown). */
export function describeKvState(s: KvState): string {
  return describePairs(kvPairs(s), 8);
}
