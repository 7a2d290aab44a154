/**
 * The CPU and memory budget, read from fake /sys/fs/cgroup trees: cgroup v2 (cpu.max,
 * memory.max, the tightest limit of the cgroup and those above it), cgroup v1 (the CFS quota
 * and memory.limit_in_bytes, "no limit" as -1 and as a huge number), a container that sees its
 * own cgroup at the mount, a hybrid setup (v2 without controllers), and no cgroup at all.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCfsQuota, parseCpuMax, parseMemoryLimit, parseSelfCgroup, readBudget } from '../runner/budget';

const MB = 1024 * 1024;
const MACHINE = { cores: 8, totalMemoryBytes: 16384 * MB };

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-cgroup-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes `files` (path relative to the fake root -> content). */
function tree(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, `${text}\n`);
  }
}

test('the parsers: quotas, "max", -1 and the huge "no limit" of cgroup v1', () => {
  expect(parseCpuMax('50000 100000')).toBe(0.5);
  expect(parseCpuMax('max 100000')).toBeNull();
  expect(parseCpuMax('150000')).toBe(1.5);
  expect(parseCfsQuota('-1', '100000')).toBeNull();
  expect(parseCfsQuota('25000', '100000')).toBe(0.25);
  expect(parseMemoryLimit('max')).toBeNull();
  expect(parseMemoryLimit('805306368')).toBe(768 * MB);
  expect(parseMemoryLimit('9223372036854771712')).toBeNull();
  expect(parseMemoryLimit('garbage')).toBeNull();
  expect(parseSelfCgroup('12:cpu,cpuacct:/docker/abc\n0::/user.slice\n\n')).toEqual([
    { hierarchy: '12', controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
    { hierarchy: '0', controllers: [], path: '/user.slice' },
  ]);
});

test('cgroup v2: half a CPU and 768 MB (Gradescope\'s default), the tightest of the cgroup and its parents', () => {
  tree({
    'cgroup.controllers': 'cpu memory',
    'grading/cpu.max': '100000 100000',
    'grading/memory.max': String(768 * MB),
    'grading/job/cpu.max': '50000 100000',
    'grading/job/memory.max': 'max',
  });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '0::/grading/job\n', ...MACHINE });
  expect(b.cpus).toBe(0.5);
  expect(b.cpuSource).toBe('0.5 CPUs: cgroup v2 cpu.max "50000 100000"');
  expect(b.memoryBytes).toBe(768 * MB);
  expect(b.memorySource).toBe('cgroup v2 memory.max (768 MB)');
});

test('cgroup v2 without limits: the cores and the machine\'s memory', () => {
  tree({ 'cgroup.controllers': 'cpu memory', 'job/cpu.max': 'max 100000', 'job/memory.max': 'max' });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '0::/job\n', ...MACHINE });
  expect(b.cpus).toBe(8);
  expect(b.cpuSource).toBe('8 CPUs: 8 cores (no CPU quota)');
  expect(b.memoryBytes).toBe(16384 * MB);
  expect(b.memorySource).toBe("the machine's memory (16384 MB, no cgroup limit)");
});

test('a quota above the cores counts as the cores; a memory limit above the machine\'s as the machine\'s', () => {
  tree({ 'cgroup.controllers': 'cpu memory', 'cpu.max': '1600000 100000', 'memory.max': String(64 * 1024 * MB) });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '0::/\n', ...MACHINE });
  expect(b.cpus).toBe(8);
  expect(b.memoryBytes).toBe(16384 * MB);
});

test('cgroup v1: the CFS quota of cpu,cpuacct and memory.limit_in_bytes, with a parent\'s tighter limit', () => {
  tree({
    'cpu,cpuacct/docker/cpu.cfs_quota_us': '-1',
    'cpu,cpuacct/docker/cpu.cfs_period_us': '100000',
    'cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '50000',
    'cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000',
    'memory/docker/memory.limit_in_bytes': String(1024 * MB),
    'memory/docker/abc/memory.limit_in_bytes': '9223372036854771712',
  });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n', ...MACHINE });
  expect(b.cpus).toBe(0.5);
  expect(b.cpuSource).toBe('0.5 CPUs: cgroup v1 cpu.cfs_quota_us 50000 / cpu.cfs_period_us 100000');
  expect(b.memoryBytes).toBe(1024 * MB);
  expect(b.memorySource).toBe('cgroup v1 memory.limit_in_bytes (1024 MB)');
});

test('cgroup v1 in a container: /proc/self/cgroup names the host\'s path, the mount is the container\'s own cgroup', () => {
  tree({
    'cpu/cpu.cfs_quota_us': '200000',
    'cpu/cpu.cfs_period_us': '100000',
    'memory/memory.limit_in_bytes': String(2048 * MB),
  });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '5:cpu:/docker/0123abcd\n4:memory:/docker/0123abcd\n', ...MACHINE });
  expect(b.cpus).toBe(2);
  expect(b.memoryBytes).toBe(2048 * MB);
});

test('a hybrid setup: the v2 hierarchy without controllers is ignored, v1 gives the limits', () => {
  tree({
    'unified/cgroup.controllers': '',
    'cpu/job/cpu.cfs_quota_us': '100000',
    'cpu/job/cpu.cfs_period_us': '100000',
  });
  const b = readBudget({ cgroupRoot: root, selfCgroup: '1:cpu:/job\n0::/job\n', ...MACHINE });
  expect(b.cpus).toBe(1);
  expect(b.memoryBytes).toBe(16384 * MB);
});

test('no cgroup at all (another OS, or nothing mounted): the cores and the machine\'s memory', () => {
  const b = readBudget({ cgroupRoot: path.join(root, 'none'), selfCgroup: '', ...MACHINE });
  expect(b).toEqual({
    cpus: 8, cpuSource: '8 CPUs: 8 cores (no CPU quota)',
    memoryBytes: 16384 * MB, memorySource: "the machine's memory (16384 MB, no cgroup limit)",
  });
});
