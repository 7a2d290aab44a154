/**
 * Project 2C: flow control for snapshots, on the leader's side. These tests are ours, not
 * TinyKV's (TinyKV asks for "flow control for snapshot message" but has no test of it); they
 * follow etcd's raft_snap_test.go (TestSendingSnapshotSetPendingSnapshot,
 * TestPendingSnapshotPauseReplication, TestSnapshotFailure, TestSnapshotSucceed,
 * TestSnapshotAbort) and add what a lab needs: a storage that is still generating the snapshot,
 * and a transfer that is lost without a report.
 *
 * The contract (progress.ts, raft.ts, rawnode.ts): when the leader sends a follower a snapshot,
 * its Progress for that follower goes to ProgressState.Snapshot with pendingSnapshot = the
 * snapshot's index, and the leader sends it no MsgAppend and no second MsgSnapshot (heartbeats
 * go on) until the transfer ends:
 * - the follower acknowledges the snapshot: a MsgAppendResponse at or past pendingSnapshot;
 * - the application reports the end with RawNode.reportSnapshot(id, status): Failure probes
 *   again from match + 1, Finish probes from pendingSnapshot + 1;
 * - SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS election timeouts pass without either (a lost transfer).
 * ErrSnapshotTemporarilyUnavailable from storage is not an error: nothing is sent, the follower
 * is not paused, and the leader asks storage again on a later heartbeat response.
 *
 * The tests read the flow-control state from Progress.state and Progress.pendingSnapshot.
 */
import { MemoryStorage, Raft, RawNode, SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS, SnapshotStatus, newRawNode } from '@target/raft';
import { Message, MessageType, newConfState, newMessage } from '@target/proto/eraftpb';
import { Network, newNetwork } from '../../../harness/raft/network';
import { drainMessages, expectEqual, newTestConfig, nextEnts, nodes } from '../../../harness/raft/helpers';
import {
  CountingStorage, appendResponse, flowStateName, heartbeatResponse, makeCompactedLeader, pendingSnapshotOf, progressOf, proposal,
} from '../../../harness/raft/snapshot';

// ---- local helpers -------------------------------------------------------------------------

const enc = new TextEncoder();

/** Node 1 of 1..3, as a RawNode, on a CountingStorage: the leader of makeCompactedLeader. */
interface Fixture {
  rn: RawNode;
  r: Raft;
  storage: CountingStorage;
  /** Index and term of the snapshot in the leader's storage (entries up to it are compacted). */
  snapIndex: number;
  snapTerm: number;
}

/** A leader whose storage compacted what node 2 needs; see makeCompactedLeader. */
function compactedLeader(): Fixture {
  const mem = new MemoryStorage();
  const storage = new CountingStorage(mem);
  const rn = newRawNode(newTestConfig(1, [1, 2, 3], 10, 1, storage));
  const { snapIndex, snapTerm } = makeCompactedLeader(rn.raft, mem);
  return { rn, r: rn.raft, storage, snapIndex, snapTerm };
}

/** Messages to node `to` of type `t`. */
function toOfType(msgs: Message[], to: number, t: MessageType): Message[] {
  return msgs.filter((m) => m.to === to && m.msgType === t);
}

/** The messages to node `to`, as "MsgAppend(index 6, 2 entries)" or "MsgSnapshot", for readable failures. */
function describeTo(msgs: Message[], to: number): string[] {
  return msgs.filter((m) => m.to === to)
    .map((m) => (m.msgType === MessageType.MsgAppend ? `MsgAppend(index ${m.index}, ${m.entries.length} entries)` : MessageType[m.msgType]));
}

/** Steps `m` into `r`; a throw fails the test with `what`. */
function stepOrFail(r: Raft, m: Message, what: string): void {
  try {
    r.step(m);
  } catch (e) {
    const err = new Error(`${what}\n\nstep(${MessageType[m.msgType]} from ${m.from}) threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    Error.captureStackTrace(err, stepOrFail);
    throw err;
  }
}

/**
 * Node 2 answers a heartbeat, so the leader sends it what it is missing: entries that are
 * compacted, hence a snapshot. Checks that exactly that one MsgSnapshot went to node 2 and
 * returns it.
 */
function sendSnapshotToNode2(f: Fixture, what: string): Message {
  stepOrFail(f.r, heartbeatResponse(f.r, 2), `${what}: node 2 answers a heartbeat`);
  const msgs = drainMessages(f.r);
  expectEqual(describeTo(msgs, 2), ['MsgSnapshot'],
    `${what}: messages to node 2 after its heartbeat response. Node 2 has nothing (match 0) and the leader compacted everything up to ${f.snapIndex}, `
    + 'so the leader must send it one MsgSnapshot (sendAppend falls back to a snapshot when term(next - 1) or the entries are compacted)');
  const snap = toOfType(msgs, 2, MessageType.MsgSnapshot)[0];
  expectEqual({ index: snap.snapshot.metadata.index, term: snap.snapshot.metadata.term }, { index: f.snapIndex, term: f.snapTerm },
    `${what}: index and term of the snapshot sent to node 2 (the one storage.snapshot() returns)`);
  return snap;
}

/** The leader's flow-control view of node 2: state name, pendingSnapshot, match, next. */
function flowOf(r: Raft, id: number): { state: string; pendingSnapshot: number | string; match: number; next: number } {
  const pr = progressOf(r, id);
  return { state: flowStateName(pr), pendingSnapshot: pendingSnapshotOf(pr), match: pr.match, next: pr.next };
}

// ---- one leader driven directly ---------------------------------------------------------------

// Sending a snapshot moves the follower's progress to state Snapshot and records the snapshot's index as pending (etcd's TestSendingSnapshotSetPendingSnapshot).
test('TestSnapshotPendingIsRecorded2C', () => {
  const f = compactedLeader();
  sendSnapshotToNode2(f, 'the snapshot');
  const pr = progressOf(f.r, 2);
  expectEqual({ state: flowStateName(pr), pendingSnapshot: pendingSnapshotOf(pr) }, { state: 'Snapshot', pendingSnapshot: f.snapIndex },
    `leader's progress of node 2 right after sending it the snapshot at index ${f.snapIndex}: the leader must record the transfer `
    + '(state ProgressState.Snapshot, pendingSnapshot = the snapshot\'s index), which is what pauses appends to node 2 until it ends');
});

// While a snapshot is on its way, proposals, commits, heartbeat responses and a late rejection send that follower no append and no second snapshot; heartbeats go on (etcd's TestPendingSnapshotPauseReplication).
test('TestPendingSnapshotPausesReplication2C', () => {
  const f = compactedLeader();
  sendSnapshotToNode2(f, 'setup');
  const sent: Message[] = [];
  const run = (m: Message, what: string): void => {
    stepOrFail(f.r, m, what);
    sent.push(...drainMessages(f.r));
  };

  for (let i = 0; i < 3; i++) run(proposal(1, enc.encode(`p${i}`)), `proposal ${i} while the snapshot is pending`);
  run(appendResponse(f.r, 3, f.r.raftLog.lastIndex()), 'node 3 acknowledges the new entries (they commit)');
  for (let i = 0; i < 3; i++) run(heartbeatResponse(f.r, 2), `heartbeat response ${i} of node 2 while its snapshot is pending`);
  // The answer to an append the leader sent before the compaction, delivered late.
  run(appendResponse(f.r, 2, 5, true, 0), 'a late rejection from node 2 of an append sent before the snapshot');
  for (let i = 0; i < 5; i++) {
    f.r.tick();
    sent.push(...drainMessages(f.r));
  }

  expectEqual(
    { appendsTo2: toOfType(sent, 2, MessageType.MsgAppend).length, snapshotsTo2: toOfType(sent, 2, MessageType.MsgSnapshot).length },
    { appendsTo2: 0, snapshotsTo2: 0 },
    `MsgAppend and MsgSnapshot sent to node 2 while its snapshot (index ${f.snapIndex}) is pending, through 3 proposals, a commit, 3 heartbeat responses, `
    + 'a late rejection and 5 ticks (sent to node 2: ' + JSON.stringify(describeTo(sent, 2)) + '). A follower in state Snapshot is paused: appends would '
    + 'need entries it does not have yet, and a second snapshot would repeat the whole transfer. Only the snapshot\'s acknowledgement, '
    + 'reportSnapshot() or the pause timeout end the pause; a rejection of an older append does not',
  );
  expectEqual(toOfType(sent, 2, MessageType.MsgHeartbeat).length > 0, true,
    'node 2 got heartbeats during 5 ticks (heartbeat timeout 1) while its snapshot is pending: the pause stops appends only, '
    + 'heartbeats must go on or the follower starts an election');
  expectEqual(toOfType(sent, 3, MessageType.MsgAppend).length > 0, true,
    'node 3 got appends for the proposals while node 2\'s snapshot is pending: only the follower that waits for a snapshot is paused');
  const pr = progressOf(f.r, 2);
  expectEqual({ state: flowStateName(pr), pendingSnapshot: pendingSnapshotOf(pr) }, { state: 'Snapshot', pendingSnapshot: f.snapIndex },
    'leader\'s progress of node 2 after all that: still waiting for the snapshot');
});

// reportSnapshot(Failure) ends the pause: the leader probes from match + 1 again, and the next heartbeat response brings a new snapshot (etcd's TestSnapshotFailure).
test('TestSnapshotFailureReportResumesProbing2C', () => {
  const f = compactedLeader();
  sendSnapshotToNode2(f, 'setup');
  const match = progressOf(f.r, 2).match;

  f.rn.reportSnapshot(2, SnapshotStatus.Failure);
  const after = flowOf(f.r, 2);
  expectEqual({ state: after.state, next: after.next }, { state: 'Probe', next: match + 1 },
    `leader's progress of node 2 after reportSnapshot(2, Failure) (match ${match}, pending snapshot ${f.snapIndex}): the transfer failed, so node 2 `
    + 'has nothing more than before; the pause ends and the leader probes again from what node 2 is known to hold, next = match + 1 '
    + '(not pendingSnapshot + 1: that snapshot never arrived)');
  drainMessages(f.r);

  const again = sendSnapshotToNode2(f, 'a heartbeat response after the failure report');
  expectEqual(again.snapshot.metadata.index, f.snapIndex, 'index of the new snapshot sent to node 2');
  const pr = progressOf(f.r, 2);
  expectEqual({ state: flowStateName(pr), pendingSnapshot: pendingSnapshotOf(pr) }, { state: 'Snapshot', pendingSnapshot: f.snapIndex },
    'leader\'s progress of node 2 after sending the new snapshot: paused again');
});

// reportSnapshot(Finish) ends the pause with next just past the snapshot, and node 2's answer at the snapshot's index makes the leader stream the rest (etcd's TestSnapshotSucceed).
test('TestSnapshotFinishReportProbesAfterSnapshot2C', () => {
  const f = compactedLeader();
  sendSnapshotToNode2(f, 'setup');

  f.rn.reportSnapshot(2, SnapshotStatus.Finish);
  const after = flowOf(f.r, 2);
  expectEqual({ state: after.state, next: after.next }, { state: 'Probe', next: f.snapIndex + 1 },
    `leader's progress of node 2 after reportSnapshot(2, Finish) (pending snapshot ${f.snapIndex}): the snapshot was delivered, so the pause ends and `
    + 'the leader probes from just past it, next = pendingSnapshot + 1 (next = match + 1 would need compacted entries and send the snapshot again)');
  drainMessages(f.r);

  // Node 2 restored the snapshot and says so, as handleSnapshot answers: an append response at the snapshot's index.
  stepOrFail(f.r, appendResponse(f.r, 2, f.snapIndex), 'node 2 acknowledges the snapshot');
  const msgs = drainMessages(f.r);
  const last = f.r.raftLog.lastIndex();
  expectEqual(
    { state: flowStateName(progressOf(f.r, 2)), match: progressOf(f.r, 2).match },
    { state: 'Replicate', match: f.snapIndex },
    `leader's progress of node 2 after node 2 acknowledged index ${f.snapIndex}: an accepted append response means the logs match up to it, so the leader replicates to node 2`,
  );
  expectEqual(
    toOfType(msgs, 2, MessageType.MsgAppend).map((m) => ({ index: m.index, logTerm: m.logTerm, entries: m.entries.map((e) => e.index) })).slice(0, 1),
    [{ index: f.snapIndex, logTerm: f.snapTerm, entries: Array.from({ length: last - f.snapIndex }, (_, i) => f.snapIndex + 1 + i) }],
    `first append to node 2 after it acknowledged the snapshot (all messages to node 2: ${JSON.stringify(describeTo(msgs, 2))}): `
    + `the entries after the snapshot (${f.snapIndex + 1}..${last}), right after (index ${f.snapIndex}, term ${f.snapTerm})`,
  );
});

// An append response at or past the pending snapshot's index ends the pause without any report, and the leader sends the entries after it (etcd's TestSnapshotAbort).
test('TestAppendResponseAtPendingIndexEndsPause2C', () => {
  const cases = [
    { ack: 0, why: 'at the pending snapshot\'s index (the follower restored it)' },
    { ack: 1, why: 'past the pending snapshot\'s index (the follower got that far by other means)' },
  ];
  cases.forEach((tc, i) => {
    const f = compactedLeader();
    sendSnapshotToNode2(f, `#${i}: setup`);
    const ack = f.snapIndex + tc.ack;
    const last = f.r.raftLog.lastIndex();

    stepOrFail(f.r, appendResponse(f.r, 2, ack), `#${i}: node 2 answers with an append response at ${ack}`);
    const msgs = drainMessages(f.r);
    const pr = progressOf(f.r, 2);
    expectEqual({ state: flowStateName(pr), match: pr.match }, { state: 'Replicate', match: ack },
      `#${i}: leader's progress of node 2 after an append response at ${ack}, ${tc.why}, while the snapshot at ${f.snapIndex} is pending and nobody `
      + 'called reportSnapshot(): the follower holds the snapshot, so the pause is over and the leader replicates to it');
    expectEqual(
      toOfType(msgs, 2, MessageType.MsgAppend).map((m) => ({ index: m.index, entries: m.entries.map((e) => e.index) })).slice(0, 1),
      [{ index: ack, entries: Array.from({ length: last - ack }, (_, k) => ack + 1 + k) }],
      `#${i}: first append to node 2 after its append response at ${ack} (all messages to node 2: ${JSON.stringify(describeTo(msgs, 2))}): `
      + `the leader must send the entries it is missing, ${ack + 1}..${last}, at once`,
    );
    expectEqual(toOfType(msgs, 2, MessageType.MsgSnapshot).length, 0, `#${i}: snapshots sent to node 2 after it acknowledged ${ack}`);
  });
});

// ErrSnapshotTemporarilyUnavailable is not an error: nothing is sent, the follower is not paused, tick() does not poll storage, and a later heartbeat response asks again.
test('TestSnapshotTemporarilyUnavailableRetriedLater2C', () => {
  const f = compactedLeader();
  f.storage.snapshotUnavailable = true;
  const calls0 = f.storage.snapshotCalls;

  stepOrFail(f.r, heartbeatResponse(f.r, 2),
    'node 2 answers a heartbeat while storage is still generating the snapshot: ErrSnapshotTemporarilyUnavailable is not an error, '
    + 'raft must catch it and try again later, not throw it out of step()');
  let msgs = drainMessages(f.r);
  const calls1 = f.storage.snapshotCalls;
  expectEqual(calls1 > calls0, true,
    'the leader asked storage for a snapshot when node 2 (match 0) needed compacted entries (storage.snapshot() calls before and after: '
    + `${calls0}, ${calls1})`);
  expectEqual(describeTo(msgs, 2), [],
    'messages to node 2 while the snapshot is unavailable: there is nothing to send (the entries are compacted, the snapshot is not ready)');
  expectEqual(flowStateName(progressOf(f.r, 2)), 'Probe',
    'leader\'s progress of node 2 after storage.snapshot() threw ErrSnapshotTemporarilyUnavailable: no snapshot is on its way, so node 2 must not '
    + 'be paused (state Snapshot would wait for a transfer that never started)');

  for (let i = 0; i < 2 * f.r.electionTimeout; i++) {
    f.r.tick();
    drainMessages(f.r);
  }
  expectEqual(f.storage.snapshotCalls, calls1,
    `storage.snapshot() calls during ${2 * f.r.electionTimeout} ticks without any answer from node 2: the leader must not poll storage from tick(); `
    + 'it asks again when it next tries to send to node 2 (a heartbeat response)');

  stepOrFail(f.r, heartbeatResponse(f.r, 2), 'another heartbeat response of node 2, the snapshot still unavailable');
  msgs = drainMessages(f.r);
  const calls2 = f.storage.snapshotCalls;
  expectEqual({ askedAgain: calls2 > calls1, sentTo2: describeTo(msgs, 2), state: flowStateName(progressOf(f.r, 2)) },
    { askedAgain: true, sentTo2: [], state: 'Probe' },
    'after another heartbeat response of node 2 with the snapshot still unavailable: the leader asks storage again, sends nothing, and does not pause node 2');

  f.storage.snapshotUnavailable = false;
  sendSnapshotToNode2(f, 'a heartbeat response once the snapshot is ready');
  const pr = progressOf(f.r, 2);
  expectEqual({ state: flowStateName(pr), pendingSnapshot: pendingSnapshotOf(pr) }, { state: 'Snapshot', pendingSnapshot: f.snapIndex },
    'leader\'s progress of node 2 once the snapshot could be sent');
});

// ---- three nodes on the test network ----------------------------------------------------------

/** Ticks leader `id` once and delivers what it sends (through the network's filters), and every answer. */
function tickAndDeliver(nt: Network, id: number): void {
  const r = nt.raft(id);
  r.tick();
  nt.send(...nt.filter(drainMessages(r)));
}

// A snapshot lost without any report pauses the follower only until SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS election timeouts pass; then the leader probes again and the follower catches up through a new snapshot.
test('TestLostSnapshotPauseTimesOut2C', () => {
  const nt = newNetwork(null, null, null);
  nt.send(newMessage({ msgType: MessageType.MsgHup, from: 1, to: 1 }));
  const lead = nt.raft(1);
  const follower = nt.raft(3);

  nt.isolate(3);
  for (let j = 0; j < 20; j++) nt.send(proposal(1, enc.encode(`e${j}`)));
  const leadStorage = nt.storage.get(1);
  if (leadStorage === undefined) throw new Error('the network has no storage for node 1');
  nextEnts(lead, leadStorage);
  const snapIndex = lead.raftLog.applied;
  leadStorage.createSnapshot(snapIndex, newConfState({ nodes: nodes(lead) }), enc.encode(`state at ${snapIndex}`));
  leadStorage.compact(snapIndex);
  lead.raftLog.maybeCompact();
  nt.recover();

  // Every snapshot from the leader to node 3 is counted; while `lose` is set, it is lost on the way (and nobody reports it).
  let snapshotsTo3 = 0;
  let lose = true;
  nt.msgHook = (m) => {
    if (m.msgType !== MessageType.MsgSnapshot || m.to !== 3) return true;
    snapshotsTo3++;
    return !lose;
  };

  // Heartbeats: node 3 answers, the leader sends it a snapshot, which is lost.
  nt.send(newMessage({ msgType: MessageType.MsgBeat, from: 1, to: 1 }));
  expectEqual(snapshotsTo3, 1, `snapshots sent to node 3 after it answered a heartbeat (it misses entries up to ${snapIndex}, which the leader compacted)`);
  expectEqual(flowStateName(progressOf(lead, 3)), 'Snapshot', 'leader\'s progress of node 3 after sending it the snapshot');

  // Without ticks nothing can end the pause: more proposals and heartbeats change nothing for node 3.
  for (let j = 0; j < 2; j++) {
    nt.send(proposal(1, enc.encode(`more${j}`)));
    nt.send(newMessage({ msgType: MessageType.MsgBeat, from: 1, to: 1 }));
  }
  expectEqual({ snapshotsTo3, appendedTo3: follower.raftLog.lastIndex() > 1 }, { snapshotsTo3: 1, appendedTo3: false },
    'after 2 proposals and 2 heartbeats while node 3\'s snapshot is pending: no second snapshot and no entries for node 3 yet');

  // From now on the network would deliver a snapshot; the leader has to decide to send one.
  lose = false;
  const timeout = SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS * lead.electionTimeout;
  for (let t = 0; t < timeout - 1; t++) tickAndDeliver(nt, 1);
  expectEqual(snapshotsTo3, 1,
    `snapshots sent to node 3 within ${timeout - 1} ticks of the first: the leader waits SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS (${SNAPSHOT_PAUSE_TIMEOUT_ELECTIONS}) `
    + `election timeouts (${timeout} ticks) for a transfer to end before it gives up on it; resending earlier repeats whole transfers that may still be under way`);

  let ticks = timeout - 1;
  const limit = 3 * timeout;
  while (ticks < limit && follower.raftLog.committed < lead.raftLog.committed) {
    tickAndDeliver(nt, 1);
    ticks++;
  }
  expectEqual(
    { snapshotsTo3, followerCommitted: follower.raftLog.committed },
    { snapshotsTo3: 2, followerCommitted: lead.raftLog.committed },
    `after ${ticks} ticks of the leader since the lost snapshot (the pause timeout is ${timeout} ticks): the leader must give up on the lost transfer, `
    + 'probe node 3 again, send it one new snapshot (which now arrives) and then the entries after it, so that node 3 commits what the leader committed. '
    + 'A follower whose snapshot was lost and never reported must not stay paused forever',
  );

  const idxTerms = (r: Raft): string[] => r.raftLog.allEntries().filter((e) => e.index > snapIndex).map((e) => `${e.index}/${e.term}`);
  expectEqual(
    { firstIndex: follower.raftLog.firstIndex(), pendingSnapshot: follower.raftLog.pendingSnapshot?.metadata.index ?? null, entries: idxTerms(follower) },
    { firstIndex: snapIndex + 1, pendingSnapshot: snapIndex, entries: idxTerms(lead) },
    `node 3's log after catching up: restored from the snapshot at ${snapIndex} (its log starts after it, and the snapshot waits in pendingSnapshot `
    + 'for the application), then the leader\'s entries after it');
  const pr = progressOf(lead, 3);
  expectEqual({ state: flowStateName(pr), match: pr.match }, { state: 'Replicate', match: lead.raftLog.lastIndex() },
    'leader\'s progress of node 3 once it caught up');
});
