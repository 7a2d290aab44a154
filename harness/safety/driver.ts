/**
 * The driver of a safety run: N RawNodes of the tree under test, each with a MemoryStorage and
 * an application, run through the Ready loop the way the KV server runs them, following a
 * schedule (schedule.ts) step by step, with the invariants (invariants.ts) checked after every
 * step and at every point of the Ready loop where a rule applies.
 *
 * The Ready loop of a node, for each Ready:
 *   1. persist: install rd.snapshot (storage.applySnapshot, and the application's state is
 *      replaced by the snapshot's, in the same durable write), append rd.entries, save
 *      rd.hardState;
 *   2. send rd.messages;
 *   3. apply rd.committedEntries to the application;
 *   4. advance(rd).
 * A crash can cut it after 1 or after 3. A restart builds a new RawNode over the same storage,
 * with Config.applied = what the application has applied.
 */
import { MessageType } from '@target/proto/eraftpb';
import { MemoryStorage, newRawNode, RaftError, RawNode, SnapshotStatus, StateType } from '@target/raft';
import { Application, payloadBytes } from './app';
import { SafetyChecker, SafetyViolation, violated } from './invariants';
import { describeMessage, SafetyNetwork } from './network';
import { SafetyNode } from './node';
import { describeStep, Schedule, Step } from './schedule';
import { seededRandom } from '../sim/seed';
import { checkLiveness } from './liveness';

/** The most Readies a node may hand out in a row with no new input before the run fails (a Ready loop that never ends). */
export const MAX_READIES_IN_A_ROW = 50;

/** Ticks between a leader's heartbeats in a run. */
export const HEARTBEAT_TICK = 2;

/** How many recent events a failure report shows. */
export const EVENTS_KEPT = 30;

/** The end of a run: it passed, or the first broken invariant, where, and the state then. */
export type RunResult =
  | { readonly ok: true }
  | {
    readonly ok: false;
    readonly violation: SafetyViolation;
    /** The number of the step after which it broke (1-based), 0 while starting, steps + 1 in the liveness phase. */
    readonly step: number;
    /** The last events before it broke, oldest first. */
    readonly events: readonly string[];
    /** One line per node: term, vote, role, lead, commit, applied, log. */
    readonly nodes: readonly string[];
  };

/** One run of one schedule; see the file comment. */
export class SafetyRun {
  readonly nodes: SafetyNode[] = [];
  readonly net = new SafetyNetwork();
  readonly checker = new SafetyChecker();
  readonly ids: number[];
  private readonly events: string[] = [];
  private payloads = 0;
  /** Armed by a crashNextLeader step. */
  private crashNextLeader = false;

  constructor(readonly schedule: Schedule) {
    this.ids = Array.from({ length: schedule.nodes }, (_, i) => i + 1);
  }

  /** Notes an event for the report (only the last EVENTS_KEPT are kept). */
  note(s: string): void {
    this.events.push(s);
    if (this.events.length > EVENTS_KEPT) this.events.shift();
  }

  /** The last events, oldest first. */
  recentEvents(): readonly string[] {
    return this.events;
  }

  /** Starts every node on an empty storage. */
  start(): void {
    for (const id of this.ids) {
      const n: SafetyNode = { id, storage: new MemoryStorage(), app: new Application(), rn: null, armed: null, life: 0 };
      this.nodes.push(n);
      this.boot(n);
    }
  }

  /** The node with this id. */
  node(id: number): SafetyNode {
    return this.nodes[id - 1];
  }

  private boot(n: SafetyNode): RawNode {
    const rn = newRawNode({
      id: n.id, peers: this.ids, electionTick: this.schedule.electionTick, heartbeatTick: HEARTBEAT_TICK,
      storage: n.storage, applied: n.app.applied,
    });
    n.rn = rn;
    n.life++;
    return rn;
  }

  /** Crashes a node now: its RawNode is gone, its storage and application stay. */
  crash(n: SafetyNode, where: string): void {
    if (n.rn === null) return;
    n.rn = null;
    n.armed = null;
    this.note(`  node ${n.id} crashes ${where}`);
  }

  /** Restarts a node that is down, from its storage. */
  restart(n: SafetyNode): void {
    if (n.rn !== null) {
      n.armed = null;
      return;
    }
    const rn = this.boot(n);
    this.checker.onRestart(n, rn);
    this.note(`  node ${n.id} restarts (term ${n.storage.hardState.term}, commit ${n.storage.hardState.commit}, applied ${n.app.applied})`);
    this.readyLoop(n);
  }

  /** Runs node n's Ready loop until it has nothing more to do (bounded). */
  readyLoop(n: SafetyNode): void {
    for (let i = 0; i < MAX_READIES_IN_A_ROW; i++) {
      if (n.rn === null || !n.rn.hasReady()) return;
      this.handleReady(n, n.rn);
    }
    if (n.rn !== null && n.rn.hasReady()) {
      violated('ready-loop-ends', `node ${n.id} still has a Ready after ${MAX_READIES_IN_A_ROW} Readies in a row with nothing new stepped or ticked in between. `
        + 'After advance(rd), hasReady() must be false until something changes: does ready() empty raft.msgs, and does advance() record everything rd handed out?');
    }
  }

  private handleReady(n: SafetyNode, rn: RawNode): void {
    const rd = rn.ready();
    // 1. Persist.
    if (rd.snapshot.metadata.index > 0) {
      this.checker.beforeSnapshot(n.id, n.app, rd.snapshot);
      n.storage.applySnapshot(rd.snapshot);
      n.app.restore(rd.snapshot.data);
      this.checker.afterSnapshot(n.id, n.app, rd.snapshot);
      this.note(`  node ${n.id} installs a snapshot at ${rd.snapshot.metadata.index}@t${rd.snapshot.metadata.term}`);
    }
    n.storage.append(rd.entries);
    const hs = rd.hardState;
    if (hs.term !== 0 || hs.vote !== 0 || hs.commit !== 0) {
      this.checker.onPersistHardState(n.id, n.storage.hardState, hs);
      n.storage.setHardState(hs);
    }
    if (this.crashNextLeader && rd.softState?.raftState === StateType.Leader) {
      this.crashNextLeader = false;
      this.crash(n, 'as soon as it became leader, before sending anything');
      return;
    }
    if (n.armed === 'afterPersist') {
      this.crash(n, `after persisting a Ready, before sending its ${rd.messages.length} message(s)`);
      return;
    }
    // 2. Send.
    for (const m of rd.messages) {
      this.checker.onSend(n.id, m, n.storage);
      this.net.send(m);
    }
    // 3. Apply.
    for (const e of rd.committedEntries) n.app.apply(this.checker.onApply(n.id, n.app, e));
    if (n.armed === 'afterApply') {
      this.crash(n, `after applying a Ready (up to ${n.app.applied}), before advance()`);
      return;
    }
    // 4. Advance.
    rn.advance(rd);
  }

  /** Delivers one message taken off the network (or loses it if its receiver is down or cut off). */
  deliverOne(m: ReturnType<SafetyNetwork['take']>, report: number): void {
    if (m === null) {
      this.note('  nothing in flight');
      return;
    }
    const msg = SafetyNetwork.open(m);
    const to = this.node(m.to);
    if (to === undefined || to.rn === null || this.net.cut(m.from, m.to)) {
      this.note(`  lost (${to?.rn == null ? 'receiver down' : 'partition'}): ${describeMessage(msg)}`);
      this.lost(m.type, m.from, m.to, report);
      return;
    }
    this.note(`  ${describeMessage(msg)}`);
    try {
      to.rn.step(msg);
    } catch (e) {
      // A forwarded proposal may be dropped (ErrProposalDropped); any other RaftError is raft refusing a message.
      if (!(e instanceof RaftError)) throw e;
    }
    this.readyLoop(to);
    if (m.type === MessageType.MsgSnapshot && report < 0.85) this.reportSnapshot(m.from, m.to, SnapshotStatus.Finish);
  }

  /** A message was lost: a lost snapshot is (most of the time) reported to its sender as failed. */
  lost(type: MessageType, from: number, to: number, report: number): void {
    if (type === MessageType.MsgSnapshot && report < 0.7) this.reportSnapshot(from, to, SnapshotStatus.Failure);
  }

  private reportSnapshot(from: number, to: number, status: SnapshotStatus): void {
    const sender = this.node(from);
    if (sender.rn === null) return;
    sender.rn.reportSnapshot(to, status);
    this.note(`  node ${from} hears the snapshot to ${to} ${status === SnapshotStatus.Finish ? 'arrived' : 'failed'}`);
    this.readyLoop(sender);
  }

  /** A new payload proposed at node n (dropped proposals are fine: the application would retry). */
  propose(n: SafetyNode, prefix: string): string | null {
    if (n.rn === null) return null;
    const payload = `${prefix}${++this.payloads}`;
    this.checker.onPropose(payload);
    try {
      n.rn.propose(payloadBytes(payload));
      this.note(`  '${payload}' proposed at ${n.id}`);
    } catch (e) {
      if (!(e instanceof RaftError)) throw e;
      this.note(`  '${payload}' proposed at ${n.id}: ${e.name}`);
    }
    this.readyLoop(n);
    return payload;
  }

  /** The application of node n snapshots its state at what it applied and compacts its log there. */
  private compact(n: SafetyNode): void {
    const i = n.app.applied;
    const s = n.storage;
    if (n.rn === null || i <= s.firstIndex() - 1 || i > s.lastIndex()) {
      this.note('  nothing to compact');
      return;
    }
    s.createSnapshot(i, { nodes: [...this.ids] }, n.app.encode());
    s.compact(i);
    this.note(`  node ${n.id} compacts its log up to ${i}`);
    this.readyLoop(n);
  }

  /** Ends every fault: heals the partition, disarms every crash waiting to happen, restarts every node that is down. */
  stopFaults(): void {
    this.net.heal();
    this.crashNextLeader = false;
    for (const n of this.nodes) n.armed = null;
    for (const n of this.nodes) this.restart(n);
  }

  /** The node that is leader in the highest term any node that is up is in, or null. */
  leaderOfHighestTerm(): number | null {
    let top = -1;
    let leader: number | null = null;
    for (const n of this.nodes) {
      if (n.rn === null) continue;
      const st = n.rn.status();
      if (st.hardState.term > top) {
        top = st.hardState.term;
        leader = null;
      }
      if (st.hardState.term === top && st.softState.raftState === StateType.Leader) leader = n.id;
    }
    return leader;
  }

  /** Performs one step of the schedule. */
  perform(step: Step): void {
    switch (step.kind) {
      case 'tick': {
        const n = this.node(step.node);
        if (n.rn === null) return;
        n.rn.tick();
        this.readyLoop(n);
        return;
      }
      case 'deliver':
        this.deliverOne(this.net.take(step.pick), step.report);
        return;
      case 'drop': {
        const m = this.net.take(step.pick);
        if (m === null) return;
        this.note(`  lost: ${describeMessage(SafetyNetwork.open(m))}`);
        this.lost(m.type, m.from, m.to, step.report);
        return;
      }
      case 'duplicate': {
        const m = this.net.duplicate(step.pick, step.snapshotFirst, step.appendFirst);
        if (m !== null) this.note(`  copied: ${describeMessage(SafetyNetwork.open(m))}`);
        return;
      }
      case 'propose': {
        const id = step.node === 0 ? this.leaderOfHighestTerm() : step.node;
        if (id === null) this.note('  no leader to propose to');
        else this.propose(this.node(id), 'p');
        return;
      }
      case 'crashNextLeader':
        this.crashNextLeader = true;
        return;
      case 'partition': {
        if (step.side.length > 0) {
          this.net.partition(step.side);
          return;
        }
        const leader = this.leaderOfHighestTerm();
        if (leader !== null) this.net.partition([leader]);
        this.note(leader === null ? '  no leader to cut off' : `  node ${leader} is cut off`);
        return;
      }
      case 'heal':
        this.net.heal();
        return;
      case 'crash': {
        const id = step.node === 0 ? this.leaderOfHighestTerm() : step.node;
        if (id === null) {
          this.note('  no leader to crash');
          return;
        }
        const n = this.node(id);
        if (step.at === 'now') this.crash(n, 'between events');
        else if (n.rn !== null) n.armed = step.at;
        return;
      }
      case 'crashAll':
        for (const n of this.nodes) this.crash(n, 'with the whole cluster');
        return;
      case 'restart':
        this.restart(this.node(step.node));
        return;
      case 'restartAll':
        for (const n of this.nodes) this.restart(n);
        return;
      case 'compact': {
        const id = step.node === 0 ? this.leaderOfHighestTerm() : step.node;
        if (id === null) this.note('  no leader to compact');
        else this.compact(this.node(id));
        return;
      }
    }
  }
}

/** The exception a run ended on, as a violation (raft threw, or storage refused what a Ready asked). */
function asViolation(e: unknown): SafetyViolation {
  if (e instanceof SafetyViolation) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const where = (err.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim().replace(/^at /, '')).join(' < ');
  return new SafetyViolation(`exception ${err.name}`, `the run threw ${err.name}: ${err.message}${where === '' ? '' : ` (at ${where})`}`);
}

/**
 * Runs one schedule to the end (then the liveness phase), or to the first broken invariant.
 * Math.random (raft's election timeouts) is seeded from the schedule's seed for the run, so
 * the same schedule always runs the same way.
 */
export function runSchedule(schedule: Schedule): RunResult {
  const run = new SafetyRun(schedule);
  const saved = Math.random;
  Math.random = seededRandom(schedule.seed ^ 0x2545f491);
  let at = 0;
  try {
    run.start();
    run.checker.afterEvent(run.nodes);
    for (const step of schedule.steps) {
      at++;
      run.note(`step ${at}: ${describeStep(step)}`);
      run.perform(step);
      run.checker.afterEvent(run.nodes);
    }
    at = schedule.steps.length + 1;
    checkLiveness(run);
    return { ok: true };
  } catch (e) {
    return { ok: false, violation: asViolation(e), step: at, events: [...run.recentEvents()], nodes: describeNodes(run) };
  } finally {
    Math.random = saved;
  }
}

/** A log as runs of terms: "[snap 4@t2] 5-9:t2 10-12:t5". */
function describeLog(first: number, snapTerm: number, terms: readonly number[]): string {
  const parts: string[] = [];
  if (first > 1) parts.push(`[snapshot ${first - 1}@t${snapTerm}]`);
  let i = 0;
  while (i < terms.length) {
    let j = i;
    while (j + 1 < terms.length && terms[j + 1] === terms[i]) j++;
    parts.push(i === j ? `${first + i}:t${terms[i]}` : `${first + i}-${first + j}:t${terms[i]}`);
    i = j + 1;
  }
  return parts.length === 0 ? '(empty)' : parts.join(' ');
}

/** One line per node for the report. Reading a broken node may throw: the line then says so. */
export function describeNodes(run: SafetyRun): string[] {
  return run.nodes.map((n) => {
    const hs = n.storage.hardState;
    const disk = `storage: term ${hs.term} vote ${hs.vote} commit ${hs.commit}, app applied ${n.app.applied}`;
    try {
      if (n.rn === null) {
        const s = n.storage;
        const terms: number[] = [];
        for (let i = s.firstIndex(); i <= s.lastIndex(); i++) terms.push(s.term(i));
        return `node ${n.id}: DOWN; ${disk}; stored log ${describeLog(s.firstIndex(), s.term(s.firstIndex() - 1), terms)}`;
      }
      const st = n.rn.status();
      const log = n.rn.raft.raftLog;
      const role = ['follower', 'candidate', 'leader'][st.softState.raftState] ?? String(st.softState.raftState);
      const terms = log.allEntries().map((e) => e.term);
      return `node ${n.id}: term ${st.hardState.term} vote ${st.hardState.vote} ${role} lead ${st.softState.lead}, `
        + `commit ${log.committed} applied ${st.applied}; ${disk}; log ${describeLog(log.firstIndex(), log.term(log.firstIndex() - 1), terms)}`;
    } catch (e) {
      return `node ${n.id}: (cannot read its state: ${e instanceof Error ? e.message : String(e)}); ${disk}`;
    }
  });
}
