/**
 * The linearizability checker of the KV tests: a TypeScript take on Porcupine
 * (github.com/anishathalye/porcupine), with a step budget instead of a wall-clock timeout.
 *
 * ```ts
 * const recorder = new HistoryRecorder<KvInput, KvOutput>();
 * // ... clients call recorder.begin / end / unknown around every request ...
 * const { result, info } = checkOperations(kvModel(), recorder.operations(), { maxSteps: 5_000_000 });
 * if (result !== 'ok') throw new Error(info.text);   // 'unknown' is a failure too
 * ```
 */
export { HistoryRecorder, isUnknown, validateOperation } from './history';
export type { Operation, OpToken } from './history';
export { withDefaults } from './model';
export type { FullModel, Model } from './model';
export { checkOperations, DEFAULT_MAX_STATES, DEFAULT_MAX_STEPS, STEPS_PER_MS } from './checker';
export type { CheckInfo, CheckOptions, CheckOutcome, CheckResult, UnknownInfo } from './checker';
export type { ConcurrentOperation, IllegalExplanation } from './explain';
export { formatOperation, renderOperations } from './render';
export { describeKvOperation, describeKvState, kvModel, kvStep, partitionByPrefix } from './kv-model';
export type { KvInput, KvModelOptions, KvOutput } from './kv-model';
export { EMPTY_KV_STATE, kvAppend, kvEqual, kvGet, kvHolds, kvPairs, kvRange, kvScanMatches, kvSet } from './kv-state';
export type { KvEntry, KvPair, KvState } from './kv-state';
export { partitionKv } from './kv-partition';
