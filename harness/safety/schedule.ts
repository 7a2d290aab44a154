/**
 * The schedule of one randomized safety run: an explicit list of steps, drawn from a seed
 * before the run starts. The driver (driver.ts) only follows it, so a run is replayed exactly
 * by regenerating the same schedule, and shrunk (shrink.ts) by dropping steps from it.
 *
 * Where a step must choose among things that exist only while the run goes (which message in
 * flight to deliver, whether to report a snapshot transfer), it carries a number in [0, 1)
 * drawn here, and the driver maps it onto what exists then. A schedule with steps removed is
 * still a valid schedule.
 */
import { seededRandom } from '../sim/seed';

/** Where in the Ready loop a crash happens. */
export type CrashPoint =
  /** Between two events: everything handed out so far was persisted, sent and applied. */
  | 'now'
  /** At the node's next Ready: after persisting it, before sending its messages. */
  | 'afterPersist'
  /** At the node's next Ready: after persisting, sending and applying it, before advance(). */
  | 'afterApply';

/** One step of a run. Each is one event, checked by the invariants right after it. */
export type Step =
  /** Node `node` ticks once (if it is up). */
  | { readonly kind: 'tick'; readonly node: number }
  /** One message in flight is delivered: the oldest if pick is 0, later ones (a reorder, a delay for the others) as pick grows. */
  | { readonly kind: 'deliver'; readonly pick: number; readonly report: number }
  /** One message in flight is lost. */
  | { readonly kind: 'drop'; readonly pick: number; readonly report: number }
  /**
   * One message in flight (never a MsgPropose) is copied, the copy sent last: both will be
   * delivered. With `snapshotFirst`, the newest MsgSnapshot in flight if there is one; with
   * `appendFirst`, the oldest MsgAppend carrying entries if there is one (its copy arrives after
   * newer appends: a stale append).
   */
  | { readonly kind: 'duplicate'; readonly pick: number; readonly snapshotFirst: boolean; readonly appendFirst: boolean }
  /** The application of node `node` proposes a new payload (to a leader or a follower); node 0 stands for the leader of the highest term. */
  | { readonly kind: 'propose'; readonly node: number }
  /** The network splits: `side` on one side, everyone else on the other; an empty side stands for the leader of the highest term alone. */
  | { readonly kind: 'partition'; readonly side: readonly number[] }
  /** The partition ends. */
  | { readonly kind: 'heal' }
  /** Node `node` crashes (now, or at a point of its next Ready); node 0 stands for the leader of the highest term, if any. */
  | { readonly kind: 'crash'; readonly node: number; readonly at: CrashPoint }
  /** The next node to become leader crashes as soon as it persisted the Ready that says so, before sending anything. */
  | { readonly kind: 'crashNextLeader' }
  /** Every node crashes at once. */
  | { readonly kind: 'crashAll' }
  /** Node `node` restarts from its storage, if it is down. */
  | { readonly kind: 'restart'; readonly node: number }
  /** Every node that is down restarts. */
  | { readonly kind: 'restartAll' }
  /** The application of node `node` snapshots its state and compacts its log (Part C); node 0 stands for the leader of the highest term. */
  | { readonly kind: 'compact'; readonly node: number };

/** What kind of run to draw. */
export interface Profile {
  /** Draw compaction steps (and so snapshots). */
  readonly compaction: boolean;
  /** How many steps a run has before the faults stop. */
  readonly steps: number;
}

/** A run, fully determined: its size and its steps. */
export interface Schedule {
  /** The seed it was drawn from. */
  readonly seed: number;
  /** How many nodes (3 or 5). */
  readonly nodes: number;
  /** Ticks between elections (heartbeats come every 2 ticks). */
  readonly electionTick: number;
  /** The steps, in order. */
  readonly steps: readonly Step[];
}

/** A small seeded random source: floats, integers, choices. */
export interface Rand {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** A Rand over pure-rand's xoroshiro128+, seeded. */
export function newRand(seed: number): Rand {
  const f = seededRandom(seed);
  return {
    next: f,
    int: (n) => Math.floor(f() * n),
    chance: (p) => f() < p,
  };
}

/** The chance of each kind of step; one run draws its own mix, so that runs differ in character. */
interface Mix {
  readonly drop: number;
  readonly duplicate: number;
  readonly propose: number;
  readonly partition: number;
  readonly crash: number;
  readonly crashAll: number;
  readonly crashNextLeader: number;
  readonly compact: number;
  readonly tick: number;
}

function drawMix(r: Rand, profile: Profile): Mix {
  const stormy = r.chance(0.5);
  return {
    drop: stormy ? 0.03 + 0.05 * r.next() : 0.01 * r.next(),
    duplicate: 0.01 + 0.04 * r.next(),
    propose: 0.04 + 0.06 * r.next(),
    partition: 0.01 + 0.02 * r.next(),
    crash: 0.005 + 0.02 * r.next(),
    crashAll: r.chance(0.4) ? 0.0015 : 0,
    crashNextLeader: r.chance(0.6) ? 0.004 + 0.008 * r.next() : 0,
    compact: profile.compaction ? 0.03 + 0.08 * r.next() : 0,
    tick: 0.35 + 0.15 * r.next(),
  };
}

/** A pick: mostly the oldest message (FIFO), sometimes any one (a reorder). */
function drawPick(r: Rand): number {
  return r.chance(0.6) ? 0 : r.next();
}

/**
 * Draws the schedule of one run from `seed`: 3 or 5 nodes, ticking at different rates (clock
 * skew), and `profile.steps` steps mixing deliveries with drops, duplicates, delays and
 * reorders of messages, proposals to any node, partitions that come and go, crashes at every
 * point of the Ready loop (and of the whole cluster) each followed later by a restart, and, with
 * compaction, snapshots of the application's state.
 */
export function generateSchedule(seed: number, profile: Profile): Schedule {
  const r = newRand(seed);
  const nodes = r.chance(0.5) ? 3 : 5;
  const electionTick = 10;
  const mix = drawMix(r, profile);
  // Clock skew: node i ticks rate[i] times as often as a node of rate 1.
  const rates = Array.from({ length: nodes }, () => 1 + r.int(3));
  const totalRate = rates.reduce((a, b) => a + b, 0);
  const steps: Step[] = [];
  // Steps already decided for later (restarts, the end of a partition), with the step number they are due at.
  const pending: { at: number; step: Step }[] = [];
  const later = (at: number, step: Step): void => {
    pending.push({ at, step });
  };
  let partitionedUntil = -1;
  const ids = Array.from({ length: nodes }, (_, i) => i + 1);

  const pickNode = (): number => 1 + r.int(nodes);
  const tickNode = (): number => {
    let x = r.int(totalRate);
    for (let i = 0; i < nodes; i++) {
      x -= rates[i];
      if (x < 0) return i + 1;
    }
    return nodes;
  };

  for (let i = 0; steps.length < profile.steps; i++) {
    const due = pending.findIndex((p) => p.at <= i);
    if (due >= 0) {
      steps.push(pending[due].step);
      pending.splice(due, 1);
      continue;
    }
    const x = r.next();
    let acc = 0;
    const hit = (p: number): boolean => {
      acc += p;
      return x < acc;
    };
    if (hit(mix.tick)) {
      steps.push({ kind: 'tick', node: tickNode() });
    } else if (hit(mix.propose)) {
      steps.push({ kind: 'propose', node: r.chance(0.3) ? 0 : pickNode() });
    } else if (hit(mix.drop)) {
      steps.push({ kind: 'drop', pick: r.next(), report: r.next() });
    } else if (hit(mix.duplicate)) {
      steps.push({ kind: 'duplicate', pick: r.next(), snapshotFirst: profile.compaction && r.chance(0.6), appendFirst: r.chance(0.5) });
    } else if (hit(mix.compact)) {
      steps.push({ kind: 'compact', node: r.chance(0.5) ? 0 : pickNode() });
    } else if (hit(mix.partition)) {
      if (i < partitionedUntil) {
        steps.push({ kind: 'tick', node: tickNode() });
      } else if (r.chance(0.35)) {
        steps.push({ kind: 'partition', side: [] });
        partitionedUntil = i + 20 + r.int(200);
        later(partitionedUntil, { kind: 'heal' });
      } else {
        const size = 1 + r.int(Math.floor(nodes / 2));
        const shuffled = [...ids];
        for (let k = shuffled.length - 1; k > 0; k--) {
          const j = r.int(k + 1);
          [shuffled[k], shuffled[j]] = [shuffled[j], shuffled[k]];
        }
        const side = shuffled.slice(0, size).sort((a, b) => a - b);
        steps.push({ kind: 'partition', side });
        partitionedUntil = i + 20 + r.int(200);
        later(partitionedUntil, { kind: 'heal' });
      }
    } else if (hit(mix.crash)) {
      const node = r.chance(0.6) ? 0 : pickNode();
      const points: CrashPoint[] = ['now', 'afterPersist', 'afterApply'];
      steps.push({ kind: 'crash', node, at: points[r.int(3)] });
      later(i + 5 + r.int(100), node === 0 ? { kind: 'restartAll' } : { kind: 'restart', node });
    } else if (hit(mix.crashNextLeader)) {
      steps.push({ kind: 'crashNextLeader' });
      later(i + 10 + r.int(80), { kind: 'restartAll' });
    } else if (hit(mix.crashAll)) {
      steps.push({ kind: 'crashAll' });
      later(i + 1 + r.int(20), { kind: 'restartAll' });
    } else {
      steps.push({ kind: 'deliver', pick: drawPick(r), report: r.next() });
    }
  }
  return { seed, nodes, electionTick, steps };
}

/** One line for a step, as the failure report lists them. */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'tick': return `tick ${s.node}`;
    case 'deliver': return `deliver (pick ${s.pick.toFixed(2)})`;
    case 'drop': return `drop (pick ${s.pick.toFixed(2)})`;
    case 'duplicate': return `duplicate (pick ${s.pick.toFixed(2)}${s.snapshotFirst ? ', a snapshot if any' : ''})`;
    case 'propose': return `propose at ${s.node === 0 ? 'the leader' : s.node}`;
    case 'partition': return s.side.length === 0 ? 'partition the leader from the rest' : `partition {${s.side.join(',')}} from the rest`;
    case 'heal': return 'heal the partition';
    case 'crash': return `crash ${s.node === 0 ? 'the leader' : s.node} (${s.at})`;
    case 'crashNextLeader': return 'crash the next new leader before it sends anything';
    case 'crashAll': return 'crash every node';
    case 'restart': return `restart ${s.node}`;
    case 'restartAll': return 'restart every node that is down';
    case 'compact': return `compact at ${s.node === 0 ? 'the leader' : s.node}`;
  }
}
