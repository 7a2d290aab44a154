/**
 * The machine the grader really has: how many CPUs and how much memory, as the container's
 * control group (cgroup) allows, not as the hardware reports. Inside a container limited to
 * half a CPU, `nproc` and os.cpus() still count every core of the host; only the cgroup says
 * "50 ms of CPU time per 100 ms". The grader sizes --jobs, --memory and its memory watchdog
 * from this budget, and scales time limits by it (runner/calibrate.ts).
 *
 * Read, for the cgroup this process is in (from /proc/self/cgroup) and every cgroup above it
 * (the tightest limit wins):
 * - cgroup v2 (one hierarchy, mounted at /sys/fs/cgroup): cpu.max ("50000 100000" or
 *   "max 100000") and memory.max (bytes or "max");
 * - cgroup v1 (one hierarchy per controller, /sys/fs/cgroup/cpu, /sys/fs/cgroup/memory):
 *   cpu.cfs_quota_us and cpu.cfs_period_us (quota -1: no limit) and memory.limit_in_bytes (a
 *   huge number: no limit).
 * Without a limit: the cores this process may run on (os.availableParallelism()) and the
 * machine's memory (os.totalmem()).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The CPUs and memory available to the grader. */
export interface ResourceBudget {
  /** CPUs, possibly fractional (0.5 under a half-CPU quota); at most the cores available. */
  readonly cpus: number;
  /** Where `cpus` comes from, for the grader's first lines. */
  readonly cpuSource: string;
  /** Memory in bytes: the cgroup's limit, or the machine's memory if there is none (or less). */
  readonly memoryBytes: number;
  /** Where `memoryBytes` comes from. */
  readonly memorySource: string;
}

/** Where to read the budget from (tests pass a fake tree). */
export interface BudgetSources {
  /** Where cgroups are mounted (default /sys/fs/cgroup). */
  readonly cgroupRoot?: string;
  /** The text of /proc/self/cgroup (default: read it). */
  readonly selfCgroup?: string;
  /** The cores this process may run on (default os.availableParallelism()). */
  readonly cores?: number;
  /** The machine's memory in bytes (default os.totalmem()). */
  readonly totalMemoryBytes?: number;
}

/** A limit found in one cgroup file. */
interface Found {
  readonly value: number;
  readonly source: string;
}

/** cgroup v1 reports "no memory limit" as a number near 2^63; anything above 2^60 bytes is no limit. */
const NO_LIMIT_BYTES = 2 ** 60;

/** One line of /proc/self/cgroup: `hierarchy:controllers:path`. */
export interface CgroupLine {
  readonly hierarchy: string;
  /** Empty for cgroup v2's line (`0::/path`). */
  readonly controllers: readonly string[];
  readonly path: string;
}

/** Parses /proc/self/cgroup. */
export function parseSelfCgroup(text: string): CgroupLine[] {
  const out: CgroupLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^:]*):([^:]*):(.*)$/.exec(line.trim());
    if (m === null) continue;
    out.push({ hierarchy: m[1], controllers: m[2] === '' ? [] : m[2].split(','), path: m[3] === '' ? '/' : m[3] });
  }
  return out;
}

/** The text of a file, trimmed, or null if it cannot be read. */
function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The folders from `leaf` up to `top` (both included), `leaf` first; [top] if `leaf` is not under it. */
function upTo(top: string, leaf: string): string[] {
  const rel = path.relative(top, leaf);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [top];
  const out: string[] = [];
  for (let d = leaf; ; d = path.dirname(d)) {
    out.push(d);
    if (d === top || path.dirname(d) === d) break;
  }
  return out;
}

/**
 * The folder of this process's cgroup under a hierarchy's mount: mount + path, or the mount
 * itself when that does not exist (a container sees its own cgroup at the mount, while
 * /proc/self/cgroup may still name the host's path).
 */
function cgroupDir(mount: string, cgroupPath: string): string {
  const full = path.join(mount, cgroupPath);
  return fs.existsSync(full) ? full : mount;
}

/** The smallest of the limits found, or null. */
function tightest(found: readonly (Found | null)[]): Found | null {
  let best: Found | null = null;
  for (const f of found) if (f !== null && (best === null || f.value < best.value)) best = f;
  return best;
}

/** CPUs allowed by a cgroup v2 cpu.max ("quota period", quota "max" for none), or null. */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  const q = Number(quota);
  const p = Number(period ?? '100000');
  if (quota === 'max' || !(q > 0) || !(p > 0)) return null;
  return q / p;
}

/** CPUs allowed by cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us (quota -1: none), or null. */
export function parseCfsQuota(quotaText: string, periodText: string): number | null {
  const q = Number(quotaText.trim());
  const p = Number(periodText.trim());
  if (!(q > 0) || !(p > 0)) return null;
  return q / p;
}

/** Bytes allowed by memory.max or memory.limit_in_bytes ("max" or a huge number: none), or null. */
export function parseMemoryLimit(text: string): number | null {
  const t = text.trim();
  if (t === 'max') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0 || n >= NO_LIMIT_BYTES) return null;
  return n;
}

function formatCpus(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The limits of cgroup v2, for a process in `cgroupPath` of the hierarchy mounted at `root`. */
function readV2(root: string, cgroupPath: string): { cpu: Found | null; memory: Found | null } {
  const dirs = upTo(root, cgroupDir(root, cgroupPath));
  const cpu = tightest(dirs.map((d) => {
    const text = readText(path.join(d, 'cpu.max'));
    const n = text === null ? null : parseCpuMax(text);
    return n === null ? null : { value: n, source: `cgroup v2 cpu.max "${text}"` };
  }));
  const memory = tightest(dirs.map((d) => {
    const text = readText(path.join(d, 'memory.max'));
    const n = text === null ? null : parseMemoryLimit(text);
    return n === null ? null : { value: n, source: `cgroup v2 memory.max (${mb(n)})` };
  }));
  return { cpu, memory };
}

/** The mount folder of a v1 hierarchy with these controllers (`cpu,cpuacct`, `cpu`, ...), or null. */
function v1Mount(root: string, controllers: readonly string[], wanted: string): string | null {
  const names = [controllers.join(','), wanted, ...controllers.filter((c) => c === wanted)];
  for (const n of names) {
    const dir = path.join(root, n);
    if (fs.existsSync(dir)) return dir;
  }
  return null;
}

/** The limits of cgroup v1, from the lines of /proc/self/cgroup. */
function readV1(root: string, lines: readonly CgroupLine[]): { cpu: Found | null; memory: Found | null } {
  let cpu: Found | null = null;
  let memory: Found | null = null;
  for (const line of lines) {
    if (line.controllers.includes('cpu')) {
      const mount = v1Mount(root, line.controllers, 'cpu');
      if (mount !== null) {
        cpu = tightest([cpu, ...upTo(mount, cgroupDir(mount, line.path)).map((d) => {
          const q = readText(path.join(d, 'cpu.cfs_quota_us'));
          const p = readText(path.join(d, 'cpu.cfs_period_us'));
          const n = q === null || p === null ? null : parseCfsQuota(q, p);
          return n === null ? null : { value: n, source: `cgroup v1 cpu.cfs_quota_us ${q} / cpu.cfs_period_us ${p}` };
        })]);
      }
    }
    if (line.controllers.includes('memory')) {
      const mount = v1Mount(root, line.controllers, 'memory');
      if (mount !== null) {
        memory = tightest([memory, ...upTo(mount, cgroupDir(mount, line.path)).map((d) => {
          const text = readText(path.join(d, 'memory.limit_in_bytes'));
          const n = text === null ? null : parseMemoryLimit(text);
          return n === null ? null : { value: n, source: `cgroup v1 memory.limit_in_bytes (${mb(n)})` };
        })]);
      }
    }
  }
  return { cpu, memory };
}

/** The grader's CPU and memory budget; see the file comment. */
export function readBudget(src: BudgetSources = {}): ResourceBudget {
  const root = src.cgroupRoot ?? '/sys/fs/cgroup';
  const cores = Math.max(1, src.cores ?? os.availableParallelism());
  const total = src.totalMemoryBytes ?? os.totalmem();
  const lines = parseSelfCgroup(src.selfCgroup ?? readText('/proc/self/cgroup') ?? '');
  const v2Line = lines.find((l) => l.hierarchy === '0' && l.controllers.length === 0);
  // cgroup v2 holds the controllers only when it is mounted at the root itself (not in a
  // hybrid setup, where /sys/fs/cgroup/unified has no controllers and v1 has them).
  const v2 = v2Line !== undefined && fs.existsSync(path.join(root, 'cgroup.controllers'))
    ? readV2(root, v2Line.path) : { cpu: null, memory: null };
  const v1 = readV1(root, lines);
  const cpu = tightest([v2.cpu, v1.cpu]);
  const memory = tightest([v2.memory, v1.memory]);
  const cpus = cpu !== null && cpu.value < cores ? cpu.value : cores;
  const cpuSource = cpu !== null && cpu.value < cores
    ? `${cpu.source}` : `${cores} core${cores === 1 ? '' : 's'} (no CPU quota)`;
  const memoryBytes = memory !== null && memory.value < total ? memory.value : total;
  const memorySource = memory !== null && memory.value < total ? memory.source : `the machine's memory (${mb(total)}, no cgroup limit)`;
  return { cpus, cpuSource: `${formatCpus(cpus)} CPU${cpus === 1 ? '' : 's'}: ${cpuSource}`, memoryBytes, memorySource };
}
