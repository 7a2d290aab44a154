/**
 * The liveness phase that ends every safety run: the faults stop (the partition heals, every
 * node that is down restarts, no message is lost any more, every snapshot transfer is
 * reported), all nodes tick at the same rate, and within a bound of ticks a leader must
 * commit a fresh proposal and bring every node up to date (applied at least that far).
 */
import { violated } from './invariants';
import type { SafetyRun } from './driver';

/** How many election timeouts the cluster gets to recover once the faults stop. */
export const LIVENESS_ELECTIONS = 30;

/** The most delivery rounds within one tick (each round delivers everything in flight). */
const ROUNDS_PER_TICK = 30;

/** The most messages delivered in the whole phase, per tick on average: more is a message storm. */
const MESSAGES_PER_TICK = 40;

/** Ticks between two attempts to propose the fresh payload while none is committed. */
const PROPOSE_EVERY = 5;

/** Runs the liveness phase; throws a violation if the cluster does not recover in time. */
export function checkLiveness(run: SafetyRun): void {
  run.note('faults stop: heal, restart every node, deliver everything');
  run.stopFaults();
  const bound = LIVENESS_ELECTIONS * run.schedule.electionTick;
  const fresh: string[] = [];
  let delivered = 0;
  for (let t = 1; t <= bound; t++) {
    for (const n of run.nodes) {
      n.rn?.tick();
      run.readyLoop(n);
    }
    for (let round = 0; round < ROUNDS_PER_TICK && run.net.size > 0; round++) {
      for (const m of run.net.takeAll()) {
        run.deliverOne(m, 0);
        if (++delivered > bound * MESSAGES_PER_TICK) {
          violated('bounded-traffic', `after the faults stopped the nodes exchanged more than ${bound * MESSAGES_PER_TICK} messages within ${t} ticks: a message storm. `
            + 'Look for a node that answers each message with several, or a leader that sends a follower the same entries again on every answer.');
        }
      }
    }
    run.checker.afterEvent(run.nodes);
    const committedAt = fresh.map((p) => run.checker.indexOfPayload(p)).find((i) => i !== undefined);
    if (committedAt !== undefined) {
      if (run.nodes.every((n) => n.app.applied >= committedAt)) return;
    } else if (t % PROPOSE_EVERY === 0) {
      const leader = run.leaderOfHighestTerm();
      if (leader !== null) {
        const p = run.propose(run.node(leader), 'fresh');
        if (p !== null) fresh.push(p);
      }
    }
  }
  const committedAt = fresh.map((p) => run.checker.indexOfPayload(p)).find((i) => i !== undefined);
  const leader = run.leaderOfHighestTerm();
  const behind = run.nodes.filter((n) => committedAt === undefined || n.app.applied < committedAt).map((n) => `${n.id} (applied ${n.app.applied})`);
  violated('liveness', `${bound} ticks after the faults stopped (every node up, no partition, no message lost), `
    + (leader === null ? 'no node is leader of the highest term; ' : `node ${leader} leads; `)
    + (committedAt === undefined
      ? `none of the ${fresh.length} fresh proposal(s) was committed`
      : `the fresh proposal was committed at ${committedAt} but node(s) ${behind.join(', ')} did not apply it`)
    + '. Look for a follower the leader never catches up (a paused progress that is never resumed, a snapshot that is never sent again), or elections that never end.');
}
