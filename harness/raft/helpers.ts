/**
 * The shared helpers of the 2A suites, in one import: building test rafts, reading their
 * messages, driving their logs, printing them, and asserting with readable failures.
 */
export { entsWithConfig, idsBySize, newMemoryStorageWithEnts, newTestConfig, newTestRaft, votedWithConfig } from './config';
export { acceptAndReply, drainMessages, sortMessages, stepIgnoringRaftError } from './messages';
export { commitNoopEntry, mustTerm, nextEnts, nodes } from './log';
export { formatEntry, ltoa, quoteBytes, stateName } from './format';
export { expectEqual, expectLog } from './expect';
