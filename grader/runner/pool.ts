/**
 * A pool of parallel jobs: at most `jobs` tasks run at once, started in the order given, and
 * each result is handed over as soon as it is ready. `InOrder` turns "as soon as ready" back
 * into the order of the tasks, for output that must read in catalogue order. (How many jobs
 * the machine allows: runner/limits.ts.)
 */
/** Options of a pool run. */
export interface PoolOptions<R> {
  /** At most this many tasks at once (at least 1). */
  readonly jobs: number;
  /** Called with each result as it is ready, with the task's index. */
  readonly onResult?: (result: R, index: number) => void;
  /** Checked before each task starts: true stops starting new tasks. */
  readonly stopped?: () => boolean;
}

/** Runs `work` over `items` with at most `jobs` at once; resolves to the results of the tasks that ran, by index. */
export async function runPool<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, opts: PoolOptions<R>): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && opts.stopped?.() !== true) {
      const i = next++;
      const r = await work(items[i], i);
      results[i] = r;
      opts.onResult?.(r, i);
    }
  };
  const jobs = Math.max(1, Math.min(opts.jobs, items.length));
  await Promise.all(Array.from({ length: jobs }, () => worker()));
  return results;
}

/** Releases results in index order: each one as soon as it and all before it are in. */
export class InOrder<R> {
  private readonly waiting = new Map<number, R>();
  private nextIndex = 0;

  constructor(private readonly release: (result: R, index: number) => void) {}

  /** Hands in the result of task `index`. */
  put(index: number, result: R): void {
    this.waiting.set(index, result);
    while (this.waiting.has(this.nextIndex)) {
      const r = this.waiting.get(this.nextIndex) as R;
      this.waiting.delete(this.nextIndex);
      this.release(r, this.nextIndex);
      this.nextIndex++;
    }
  }
}
