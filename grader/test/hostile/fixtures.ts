/**
 * Hostile submissions for grader/test/hostile.test.ts, made at test time: a copy of solution/
 * with a small piece of hostile code injected by a patch function. Nothing here is a tree on
 * disk in the repository; every patch type-checks (the grader type-checks trees first), except
 * the two that are meant not to compile.
 *
 * The grader under test is a private copy of the project (makeProject), so that hostile code
 * that rewrites the grader's own files rewrites the copy, and so that edits to the repository
 * while the test runs do not change the copy's fingerprint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** What makeProject copies: everything a grading run reads, but the trees and the unit tests. */
const PROJECT_ENTRIES = ['package.json', 'tsconfig.base.json', 'jest.config.js', 'grader', 'harness', 'scripts'];

/**
 * A private copy of the project in `dest`: the grader, the harness, the suites and the configs,
 * with node_modules a link to the repository's. Returns `dest`.
 */
export function makeProject(dest: string): string {
  for (const e of PROJECT_ENTRIES) {
    fs.cpSync(path.join(ROOT, e), path.join(dest, e), {
      recursive: true,
      filter: (src) => !/[/\\](test|node_modules)$/.test(src),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
  return dest;
}

/** Copies solution/ to `dest` (generated protos included, timestamps kept so they are not rebuilt). */
export function copySolution(dest: string): void {
  fs.cpSync(path.join(ROOT, 'solution'), dest, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => !src.split(path.sep).includes('node_modules'),
  });
}

/** Inserts `code` on the line after the first line of `file` (in the tree) that matches `anchor`. */
function insertAfter(tree: string, file: string, anchor: RegExp, code: string): void {
  const p = path.join(tree, file);
  const lines = fs.readFileSync(p, 'utf8').split('\n');
  const at = lines.findIndex((l) => anchor.test(l));
  if (at < 0) throw new Error(`patch: no line of ${file} matches ${anchor}`);
  lines.splice(at + 1, 0, code);
  fs.writeFileSync(p, lines.join('\n'));
}

/** Appends `code` to `file` (in the tree): it runs when the module is imported. */
function append(tree: string, file: string, code: string): void {
  fs.appendFileSync(path.join(tree, file), `\n${code}\n`);
}

const NEW_RAFT = /^export function newRaft\(c: Config\): Raft \{/;
const RAFT_TICK = /^ {2}tick\(\): void \{/;
const UTIL = 'raft/util.ts';

/** Forges a results file: everything passed, canaries as the grader wants them, a made-up signature. */
const FORGER = `
import * as hostileFs from 'node:fs';
import * as hostileOs from 'node:os';
import * as hostilePath from 'node:path';
function hostileForge(): void {
  const names = ['RaftkvCanaryMustPass', 'RaftkvCanaryMustFail', 'TestRawNodeStart2AC', 'TestRawNodeRestart2AC'];
  const tests = names.map((name) => ({
    name, fullName: name, status: name === 'RaftkvCanaryMustFail' ? 'failed' : 'passed', durationMs: 1,
    failureMessages: name === 'RaftkvCanaryMustFail' ? ['Expected: 2'] : [],
  }));
  const body = JSON.stringify({ version: 2, nonce: process.env.RAFTKV_GRADER_NONCE ?? '', events: 999, tests, running: null, suiteErrors: [], complete: true });
  const fake = '0'.repeat(64) + '\\n' + body;
  const write = (f: string): void => {
    try { hostileFs.writeFileSync(f, fake); } catch { /* not writable */ }
  };
  const direct = process.env.RAFTKV_GRADER_REPORT;
  if (direct !== undefined) write(direct);
  const visit = (dir: string, depth: number): void => {
    let entries: hostileFs.Dirent[] = [];
    try { entries = hostileFs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    write(hostilePath.join(dir, 'report.json'));
    for (const e of entries) {
      const p = hostilePath.join(dir, e.name);
      if (e.isDirectory() && depth < 3) visit(p, depth + 1);
      else if (e.isFile()) write(p);
    }
  };
  visit(hostileOs.tmpdir(), 0);
}
hostileForge();
setInterval(hostileForge, 10).unref();
process.on('exit', hostileForge);
`;

/** The hostile patches, by name: each turns a copy of solution/ into a hostile submission. */
export const PATCHES = {
  /** process.exit(0) as soon as a raft node is created. */
  exitInNewRaft: (tree: string): void => insertAfter(tree, 'raft/raft.ts', NEW_RAFT, '  if (c.id > 0) process.exit(0);'),
  /** An endless loop in Raft.tick(). */
  spinInTick: (tree: string): void => insertAfter(tree, 'raft/raft.ts', RAFT_TICK, '    while (this.id > 0) this.heartbeatElapsed += 0;'),
  /** A timer set at import that throws. */
  throwFromTimer: (tree: string): void => append(tree, UTIL, "setTimeout(() => { throw new Error('boom from a timer'); }, 0);"),
  /** A heap that grows without bound when a raft node is created. */
  heapHog: (tree: string): void => insertAfter(tree, 'raft/raft.ts', NEW_RAFT,
    '  if (c.id > 0) { const hog: number[][] = []; for (;;) hog.push(new Array<number>(1e6).fill(1)); }'),
  /** Memory outside the heap (Buffers), about 1.5 GB, then a spin (bounded, in case the watchdog failed). */
  bufferHog: (tree: string): void => insertAfter(tree, 'raft/raft.ts', NEW_RAFT, [
    '  if (c.id > 0) {',
    '    const hog: Buffer[] = [];',
    '    while (hog.length < 96) hog.push(Buffer.alloc(16 << 20, 1));',
    '    while (hog.length > 0) hog[0][0] += 0;',
    '  }',
  ].join('\n')),
  /** `expect` replaced at import by one whose matchers never fail. */
  neuterExpect: (tree: string): void => append(tree, UTIL, [
    'const hostileNoop = (): undefined => undefined;',
    'const hostileMatchers = { toEqual: hostileNoop, toBe: hostileNoop, toThrow: hostileNoop, toHaveLength: hostileNoop, toBeNull: hostileNoop };',
    '(globalThis as unknown as { expect: unknown }).expect = () => ({ ...hostileMatchers, not: hostileMatchers });',
  ].join('\n')),
  /** Object.is replaced at import (toBe always passes). */
  patchObjectIs: (tree: string): void => append(tree, UTIL, 'Object.is = (): boolean => true;'),
  /** Fake results files written everywhere it can find in the temporary folder, again and again. */
  fakeResults: (tree: string): void => append(tree, UTIL, FORGER),
  /** A loop at import that never ends. */
  hangAtImport: (tree: string): void => append(tree, UTIL, 'while (Date.now() > 0) { /* hang */ }'),
  /** A type error. */
  typeError: (tree: string): void => append(tree, UTIL, "export const hostileTypeError: number = 'not a number';"),
  /** A syntax error. */
  syntaxError: (tree: string): void => append(tree, UTIL, 'export const = ;'),
  /** A tree without raft/index.ts. */
  missingIndex: (tree: string): void => fs.rmSync(path.join(tree, 'raft', 'index.ts')),
  /**
   * At import, rewrites a suite of the grader (in the folder it runs from) into one whose tests
   * all pass, for the runs that follow.
   */
  rewriteSuite: (tree: string): void => append(tree, UTIL, [
    "import * as hostileSuiteFs from 'node:fs';",
    "const hostileSuite = `${process.cwd()}/grader/suites/2a/rawnode.test.ts`;",
    'const hostileNames = hostileSuiteFs.readFileSync(hostileSuite, "utf8").match(/Test\\w+2A[ABC]\\b/g) ?? [];',
    "hostileSuiteFs.writeFileSync(hostileSuite, [...new Set(hostileNames)].map((n) => `test('${n}', () => undefined);`).join('\\n'));",
  ].join('\n')),
} as const;

/** The name of a patch. */
export type PatchName = keyof typeof PATCHES;
