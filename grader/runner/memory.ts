/**
 * The memory limit of a jest run, in two layers:
 *
 * - V8's heap limit (`--max-old-space-size`, on the jest process and, through NODE_OPTIONS, on
 *   any Node process it starts): a runaway heap ends in V8's "heap out of memory" abort, which
 *   runner/results.ts recognises;
 * - a watchdog over the resident memory of the run's whole process group, read from /proc
 *   (Linux only; elsewhere only the heap limit applies): memory outside the heap (Buffers,
 *   typed arrays) or in child processes counts too, and the group is killed past the limit.
 *
 * Both limits come from the machine's real memory (runner/limits.ts), so that they fire before
 * the container's own limit; and should memory outgrow the watchdog between two looks, the
 * kernel's out-of-memory killer is told to pick the test process first (preferForOomKill).
 */
import * as fs from 'node:fs';

/** Resident memory allowed on top of the heap limit (code, stacks, buffers). */
export const RSS_MARGIN_MB = 512;

/** The node flags and NODE_OPTIONS that set the heap limit. */
export function heapFlags(memoryMb: number): string[] {
  return [`--max-old-space-size=${memoryMb}`];
}

/** The resident-memory limit of a run's group, in bytes, for a heap limit in MB. */
export function rssLimitBytes(memoryMb: number): number {
  return (memoryMb + RSS_MARGIN_MB) * 1024 * 1024;
}

/** The process group and resident set (bytes) of one process, from /proc/<pid>/stat. */
export function parseStat(stat: string, pageBytes: number): { pgrp: number; rssBytes: number } | null {
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const f = stat.slice(close + 2).split(' ');
  // f[0] is field 3 (state): pgrp is field 5, rss (in pages) field 24.
  const pgrp = Number(f[2]);
  const rss = Number(f[21]);
  if (!Number.isInteger(pgrp) || !Number.isFinite(rss)) return null;
  return { pgrp, rssBytes: rss * pageBytes };
}

let pageSize: number | null = null;

/**
 * The page size, from this process's own resident set as /proc gives it in pages (statm) and
 * in kB (status); 4096 if that cannot be read.
 */
export function pageBytes(): number {
  if (pageSize !== null) return pageSize;
  pageSize = 4096;
  try {
    const pages = Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]);
    const ratio = (kb * 1024) / pages;
    if (Number.isFinite(ratio) && ratio > 0) pageSize = 2 ** Math.round(Math.log2(ratio));
  } catch {
    // not Linux: keep the default
  }
  return pageSize;
}

/** Resident bytes per process group, for the groups asked about; empty where /proc is missing. */
export function rssOfGroups(groups: ReadonlySet<number>, page = pageBytes()): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const s = parseStat(stat, page);
    if (s === null || !groups.has(s.pgrp)) continue;
    out.set(s.pgrp, (out.get(s.pgrp) ?? 0) + s.rssBytes);
  }
  return out;
}

interface Watched {
  readonly limitBytes: number;
  readonly onExceeded: (rssBytes: number) => void;
  readonly onSample?: (rssBytes: number) => void;
}

/**
 * Makes `pid` (and the processes it starts, which inherit it) the first the kernel's
 * out-of-memory killer picks, before the grader itself: when the machine or the container
 * runs out of memory before the watchdog sees it (memory can grow faster than the watchdog
 * looks), the test process is killed, not the grader. Linux only; elsewhere, and if it is not
 * allowed, nothing changes.
 */
export function preferForOomKill(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/oom_score_adj`, '1000');
  } catch {
    // not Linux, or the process is gone
  }
}

/** One timer that watches the memory of every live run's group. */
export class MemoryWatch {
  private readonly groups = new Map<number, Watched>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs = 250) {}

  /**
   * Calls `onExceeded` (once) when group `pgid` holds more than `limitBytes`, and `onSample`
   * with what it holds at every look; returns the undo.
   */
  watch(pgid: number, limitBytes: number, onExceeded: (rssBytes: number) => void, onSample?: (rssBytes: number) => void): () => void {
    this.groups.set(pgid, { limitBytes, onExceeded, onSample });
    if (this.timer === null) {
      this.timer = setInterval(() => this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.groups.delete(pgid);
      if (this.groups.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private poll(): void {
    const rss = rssOfGroups(new Set(this.groups.keys()));
    for (const [pgid, bytes] of rss) {
      const w = this.groups.get(pgid);
      w?.onSample?.(bytes);
      if (w === undefined || bytes <= w.limitBytes) continue;
      this.groups.delete(pgid);
      w.onExceeded(bytes);
    }
  }
}

/** The grader's memory watch (one per process). */
export const memoryWatch = new MemoryWatch();
