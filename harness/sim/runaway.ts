/**
 * Runaway detection on the simulated network: a store that sends a message on every message
 * it receives, or on every tick to every peer without end, floods the network far beyond
 * anything a correct run sends. Left alone, such a run spins until the simulator's event
 * budget (millions of events, minutes of wall time per test); this watch fails it within a
 * virtual second of the flood starting, with a message that says what happened.
 *
 * The network counts the raft messages it is handed per virtual second (0-999 ms, 1000-1999
 * ms, ...). When one second's count passes RUNAWAY_MESSAGES_PER_SECOND, the send throws a
 * RunawayError, which fails the event (and so the test) that sent it. The limit is about 20
 * times the highest rate the reference solution reaches in any KV test of Parts B and C, so
 * no correct run comes near it.
 */

/**
 * The highest rate the reference solution reaches: raft messages handed to the network in one
 * virtual second. Measured with RateWatch.peak over every 2B and 2C KV test on base seeds
 * 1..5: 8744, in TestSnapshotRecoverManyClients2C (the other tests stay below 4600); rounded up.
 */
export const REFERENCE_PEAK_MESSAGES_PER_SECOND = 9000;

/** The runaway limit: 20 times the reference's peak (RAFTKV_RUNAWAY_LIMIT overrides it). */
export const RUNAWAY_MESSAGES_PER_SECOND = 20 * REFERENCE_PEAK_MESSAGES_PER_SECOND;

/** The limit in force: RAFTKV_RUNAWAY_LIMIT if set to a positive number (Infinity turns the watch off), else the default. */
export function runawayLimit(): number {
  const raw = process.env.RAFTKV_RUNAWAY_LIMIT;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return n > 0 ? n : RUNAWAY_MESSAGES_PER_SECOND;
}

/** A run sent far more messages in one virtual second than any correct run does. */
export class RunawayError extends Error {
  constructor(readonly count: number, readonly second: number, readonly limit: number, readonly busiest: string) {
    super(`runaway: ${count} messages in one virtual second (a correct run sends at most ${REFERENCE_PEAK_MESSAGES_PER_SECOND}): `
      + 'look for a loop that sends on every message or on every tick\n'
      + `  (from t=${second}s to t=${second + 1}s, past the limit of ${limit}; the most sent: ${busiest}; a response answered `
      + 'with a request, or a heartbeat or an append sent again for each response, keeps the network busy for ever)');
    this.name = 'RunawayError';
  }
}

/** The busiest second a watch has seen. */
export interface RatePeak {
  /** Messages in that second. */
  readonly count: number;
  /** The second (virtual time in whole seconds). */
  readonly second: number;
}

/** Counts messages per virtual second and throws a RunawayError past the limit; see the file comment. */
export class RateWatch {
  private second = -1;
  private count = 0;
  private readonly kinds = new Map<string, number>();
  private bestCount = 0;
  private bestSecond = 0;

  constructor(readonly limit = runawayLimit()) {}

  /** Counts one message of type `type` on link `link`, sent at virtual time `nowMs`. */
  note(nowMs: number, type: string, link: string): void {
    const s = Math.floor(nowMs / 1000);
    if (s !== this.second) {
      this.second = s;
      this.count = 0;
      this.kinds.clear();
    }
    this.count++;
    const kind = `${type} ${link}`;
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    if (this.count > this.bestCount) {
      this.bestCount = this.count;
      this.bestSecond = s;
    }
    if (this.count > this.limit) throw new RunawayError(this.count, s, this.limit, this.busiest());
  }

  /** The busiest second so far. */
  get peak(): RatePeak {
    return { count: this.bestCount, second: this.bestSecond };
  }

  /** The three kinds sent most in the current second, e.g. `MsgHeartbeat 1->2 (12000)`. */
  private busiest(): string {
    return [...this.kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3)
      .map(([k, n]) => `${k} (${n})`).join(', ');
  }
}
