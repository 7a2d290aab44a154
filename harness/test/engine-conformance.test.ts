/**
 * The engine conformance suite: one set of tests that every Engine must pass, run against
 * MemEngine (the simulator's) and LmdbEngine (the durable one, in a fresh temporary folder per
 * test). The engines are given code, not lab regions, so these tests guard the harness: if
 * both engines pass, code that works in the simulator works on disk. Then the column-family
 * helpers of cf.ts, and what only one engine has (MemEngine's stats, LmdbEngine's files).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bytes, Engine, EngineSnapshot, WriteBatch } from '@target/kv/engine/engine';
import { CfDefault, CfLock, CfWrite, compareBytes, deleteCF, exceedEndKey, getCF, keyWithCF, prefixEnd, putCF, scanCF } from '@target/kv/engine/cf';
import { MAX_KEY_BYTES } from '@target/kv/engine/bytes';
import { MemEngine } from '@target/kv/engine/mem-engine';
import { LmdbEngine, LmdbOptions } from '@target/kv/engine/lmdb-engine';

/** How a test gets an engine, and the same data again after a restart. */
interface Kind {
  open(): Engine;
  /** Closes `e` and opens its data again, as after a restart. */
  reopen(e: Engine): Engine;
  cleanup(): void;
}

function memKind(): Kind {
  return { open: () => new MemEngine(), reopen: (e) => (e as MemEngine).reopen(), cleanup: () => undefined };
}

function lmdbKind(options: LmdbOptions = {}): Kind {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-engine-'));
  return {
    open: () => LmdbEngine.open(dir, options),
    reopen: (e) => {
      e.close();
      return LmdbEngine.open(dir, options);
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();
/** The bytes of a string. */
const s = (text: string): Uint8Array => enc.encode(text);
/** Bytes from numbers. */
const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
/** Bytes as hex, e.g. "00ff" (readable in a failure). */
const hex = (x: Bytes): string => Array.from(x, (v) => v.toString(16).padStart(2, '0')).join('');
/** An engine value as text, or undefined. */
const text = (x: Bytes | undefined): string | undefined => (x === undefined ? undefined : dec.decode(x));
/** Every entry of a scan, as "key=value" strings of text. */
const scanText = (snap: EngineSnapshot, start: Bytes, end: Bytes | null): string[] =>
  Array.from(snap.scan(start, end), ([k, v]) => `${dec.decode(k)}=${dec.decode(v)}`);
/** Every key of a scan, as hex. */
const scanHex = (snap: EngineSnapshot, start: Bytes, end: Bytes | null): string[] => Array.from(snap.scan(start, end), ([k]) => hex(k));

/** The next key of a scan as text, or undefined at its end. */
function nextKey(it: Iterator<[Bytes, Bytes]>): string | undefined {
  const r = it.next();
  return r.done === true ? undefined : dec.decode(r.value[0]);
}

/** Writes text pairs (value null: delete) in one batch. */
function put(e: Engine, pairs: [string, string | null][]): void {
  const wb = new WriteBatch();
  for (const [k, v] of pairs) {
    if (v === null) wb.delete(s(k));
    else wb.put(s(k), s(v));
  }
  e.write(wb);
}

/** Runs `fn` on a fresh snapshot and releases it. */
function withSnap<T>(e: Engine, fn: (snap: EngineSnapshot) => T): T {
  const snap = e.snapshot();
  try {
    return fn(snap);
  } finally {
    snap.release();
  }
}

// LMDB without file syncs is what the simulated clusters use (harness/cluster/engines.ts).
const kinds = [
  { name: 'MemEngine', make: memKind },
  { name: 'LmdbEngine', make: () => lmdbKind() },
  { name: 'LmdbEngine without file syncs', make: () => lmdbKind({ sync: false }) },
];

describe.each(kinds)('Engine conformance: $name', ({ make }) => {
  let kind: Kind;
  let engine: Engine;

  beforeEach(() => {
    kind = make();
    engine = kind.open();
  });

  afterEach(() => {
    engine.close();
    kind.cleanup();
  });

  test('get, put, overwrite, delete; an empty value is a value; an empty key is absent', () => {
    expect(engine.get(s('a'))).toBeUndefined();
    put(engine, [['a', '1']]);
    expect(text(engine.get(s('a')))).toBe('1');
    put(engine, [['a', '2']]);
    expect(text(engine.get(s('a')))).toBe('2');
    put(engine, [['a', null], ['b', '']]);
    expect(engine.get(s('a'))).toBeUndefined();
    expect(engine.get(s('b'))).toEqual(new Uint8Array(0));
    expect(engine.get(new Uint8Array(0))).toBeUndefined();
    put(engine, [['never-there', null]]); // deleting an absent key is fine
    expect(withSnap(engine, (snap) => scanText(snap, new Uint8Array(0), null))).toEqual(['b=']);
  });

  test('in a batch, later ops on a key win', () => {
    put(engine, [['a', '1'], ['a', '2'], ['b', '1'], ['b', null], ['c', null], ['c', '3']]);
    expect([text(engine.get(s('a'))), text(engine.get(s('b'))), text(engine.get(s('c')))]).toEqual(['2', undefined, '3']);
  });

  test('a batch with an invalid key throws and writes none of its ops', () => {
    put(engine, [['a', 'old']]);
    for (const bad of [new Uint8Array(0), new Uint8Array(MAX_KEY_BYTES + 1)]) {
      const wb = new WriteBatch().put(s('a'), s('new')).delete(s('a')).put(s('z'), s('new')).put(bad, s('x'));
      expect(() => engine.write(wb)).toThrow(/key/);
      expect(text(engine.get(s('a')))).toBe('old');
      expect(engine.get(s('z'))).toBeUndefined();
    }
    const longest = new Uint8Array(MAX_KEY_BYTES).fill(0xab);
    engine.write(new WriteBatch().put(longest, s('ok')));
    expect(text(engine.get(longest))).toBe('ok');
  });

  test('an empty batch changes nothing', () => {
    put(engine, [['a', '1']]);
    engine.write(new WriteBatch());
    expect(withSnap(engine, (snap) => scanText(snap, new Uint8Array(0), null))).toEqual(['a=1']);
  });

  test('values are not aliased with the caller\'s buffers, in or out', () => {
    const key = s('k');
    const val = s('before');
    const wb = new WriteBatch().put(key, val);
    engine.write(wb);
    val.set(s('AFTER!'));
    key.set(s('x'));
    expect(text(engine.get(s('k')))).toBe('before');
    expect(engine.get(s('x'))).toBeUndefined();
    const got = engine.get(s('k'));
    got?.fill(0);
    expect(text(engine.get(s('k')))).toBe('before');
    withSnap(engine, (snap) => {
      for (const [k, v] of snap.scan(new Uint8Array(0), null)) {
        k.fill(0);
        v.fill(0);
      }
      snap.get(s('k'))?.fill(0);
      expect(scanText(snap, new Uint8Array(0), null)).toEqual(['k=before']);
    });
    expect(text(engine.get(s('k')))).toBe('before');
    const kept = engine.get(s('k'));
    for (let i = 0; i < 100; i++) put(engine, [['k', `overwritten ${i}`], [`other${i}`, 'x'.repeat(i)]]);
    expect(text(kept)).toBe('before'); // later writes (and reads) do not reuse what a read gave
  });

  test('scans are in unsigned byte order, bounded by start (inclusive) and end (exclusive)', () => {
    const sorted = ['00', '0000', '00ff', '01', '7f', '80', 'feff', 'ff', 'ff00', 'ffffff'];
    const shuffled = ['80', 'ff00', '00', '7f', 'ffffff', '01', 'feff', '0000', 'ff', '00ff'];
    const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
    const wb = new WriteBatch();
    for (const h of shuffled) wb.put(fromHex(h), fromHex(h));
    engine.write(wb);
    withSnap(engine, (snap) => {
      expect(scanHex(snap, new Uint8Array(0), null)).toEqual(sorted);
      expect(scanHex(snap, b(0x00), null)).toEqual(sorted);
      expect(scanHex(snap, b(0x00, 0x01), b(0x7f))).toEqual(['00ff', '01']);
      expect(scanHex(snap, b(0x7f), b(0x80))).toEqual(['7f']);
      expect(scanHex(snap, b(0x80), b(0xff))).toEqual(['80', 'feff']);
      expect(scanHex(snap, b(0xff), null)).toEqual(['ff', 'ff00', 'ffffff']);
      expect(scanHex(snap, b(0xff, 0xff, 0xff, 0x00), null)).toEqual([]);
      expect(scanHex(snap, b(0x80), b(0x80))).toEqual([]);
      expect(scanHex(snap, b(0xff), b(0x01))).toEqual([]);
      expect(Array.from(snap.scan(b(0xfe), null), ([k, v]) => hex(k) === hex(v))).toEqual([true, true, true, true]);
    });
  });

  test('a scan is lazy: it can stop early, and keys and values it gave stay valid', () => {
    const wb = new WriteBatch();
    for (let i = 0; i < 200; i++) wb.put(s(`k${String(i).padStart(3, '0')}`), s(`v${i}`));
    engine.write(wb);
    withSnap(engine, (snap) => {
      const got: [Bytes, Bytes][] = [];
      for (const kv of snap.scan(s('k010'), null)) {
        got.push(kv);
        if (got.length === 3) break;
      }
      const rest = Array.from(snap.scan(s('k100'), null));
      expect(rest.length).toBe(100);
      expect(got.map(([k, v]) => `${dec.decode(k)}=${dec.decode(v)}`)).toEqual(['k010=v10', 'k011=v11', 'k012=v12']);
      const it = snap.scan(s('k000'), s('k005'));
      expect(nextKey(it)).toBe('k000');
      expect(scanText(snap, s('k198'), null)).toEqual(['k198=v198', 'k199=v199']);
      expect(Array.from(it, ([k]) => dec.decode(k))).toEqual(['k001', 'k002', 'k003', 'k004']);
    });
  });

  test('a snapshot does not change while the engine is written', () => {
    put(engine, [['a', '1'], ['b', '1'], ['c', '1']]);
    const before = engine.snapshot();
    put(engine, [['a', '2'], ['b', null], ['d', '2']]);
    const after = engine.snapshot();
    put(engine, [['a', '3'], ['e', '3']]);
    expect([text(before.get(s('a'))), text(before.get(s('b'))), text(before.get(s('d')))]).toEqual(['1', '1', undefined]);
    expect(scanText(before, s('a'), null)).toEqual(['a=1', 'b=1', 'c=1']);
    expect(scanText(after, s('a'), null)).toEqual(['a=2', 'c=1', 'd=2']);
    expect(text(engine.get(s('a')))).toBe('3');
    before.release();
    after.release();
    expect(withSnap(engine, (snap) => scanText(snap, s('a'), null))).toEqual(['a=3', 'c=1', 'd=2', 'e=3']);
  });

  test('a scan in progress sees its snapshot, whatever is written between its steps', () => {
    put(engine, [['a', '1'], ['c', '1'], ['e', '1'], ['g', '1']]);
    withSnap(engine, (snap) => {
      const seen: string[] = [];
      let step = 0;
      for (const [k, v] of snap.scan(new Uint8Array(0), null)) {
        seen.push(`${dec.decode(k)}=${dec.decode(v)}`);
        step++;
        // Ahead of the cursor: insert, overwrite, delete; behind it: overwrite.
        put(engine, [[`b${step}`, 'new'], ['d', 'new'], ['e', step === 1 ? '2' : null], ['g', null], ['a', 'new']]);
      }
      expect(seen).toEqual(['a=1', 'c=1', 'e=1', 'g=1']);
    });
    expect(withSnap(engine, (snap) => scanText(snap, new Uint8Array(0), null)))
      .toEqual(['a=new', 'b1=new', 'b2=new', 'b3=new', 'b4=new', 'c=1', 'd=new']);
  });

  test('release ends a snapshot: using it throws, releasing again does nothing', () => {
    put(engine, [['a', '1'], ['b', '1']]);
    const snap = engine.snapshot();
    const it = snap.scan(new Uint8Array(0), null);
    expect(nextKey(it)).toBe('a');
    snap.release();
    snap.release();
    expect(() => snap.get(s('a'))).toThrow(/release/);
    expect(() => Array.from(snap.scan(new Uint8Array(0), null))).toThrow(/release/);
    expect(() => it.next()).toThrow(/release/);
  });

  test('released snapshots free what they hold (300 snapshots, each across a write)', () => {
    for (let i = 0; i < 300; i++) {
      const snap = engine.snapshot();
      put(engine, [['n', String(i)]]);
      expect(text(snap.get(s('n')))).toBe(i === 0 ? undefined : String(i - 1));
      snap.release();
    }
    expect(text(engine.get(s('n')))).toBe('299');
  });

  test('after close, the engine refuses to be used; closing again does nothing', () => {
    put(engine, [['a', '1']]);
    engine.close();
    engine.close();
    expect(() => engine.get(s('a'))).toThrow(/close/);
    expect(() => engine.write(new WriteBatch().put(s('b'), s('1')))).toThrow(/close/);
    expect(() => engine.snapshot()).toThrow(/close/);
  });

  test('everything written is there after a reopen (deletes included)', () => {
    put(engine, [['a', '1'], ['b', '1'], ['c', '1']]);
    put(engine, [['b', null], ['c', '2']]);
    engine.write(new WriteBatch().put(b(0x00, 0xff), b(0xff, 0x00)));
    engine = kind.reopen(engine);
    expect(withSnap(engine, (snap) => scanHex(snap, new Uint8Array(0), null))).toEqual(['00ff', hex(s('a')), hex(s('c'))]);
    expect(text(engine.get(s('c')))).toBe('2');
    expect(engine.get(b(0x00, 0xff))).toEqual(b(0xff, 0x00));
    put(engine, [['d', '3']]);
    engine = kind.reopen(engine);
    expect(text(engine.get(s('d')))).toBe('3');
  });

  test('column families: getCF, putCF, deleteCF and scanCF keep the families apart', () => {
    const wb = new WriteBatch();
    for (const cf of [CfDefault, CfLock, CfWrite]) {
      for (const k of ['a', 'b', 'c']) putCF(wb, cf, s(k), s(`${cf}:${k}`));
    }
    putCF(wb, CfDefault, b(0xff), s('default:ff'));
    wb.put(b(0x01, 0x02), s('meta')); // meta keys have no prefix
    engine.write(wb);
    const wb2 = new WriteBatch();
    deleteCF(wb2, CfLock, s('b'));
    engine.write(wb2);
    expect(text(getCF(engine, CfWrite, s('b')))).toBe('write:b');
    expect(getCF(engine, CfLock, s('b'))).toBeUndefined();
    expect(text(engine.get(keyWithCF(CfDefault, s('a'))))).toBe('default:a');
    withSnap(engine, (snap) => {
      expect(text(getCF(snap, CfDefault, s('c')))).toBe('default:c');
      const cf = (name: string, start: Bytes, end: Bytes | null): string[] =>
        Array.from(scanCF(snap, name, start, end), ([k, v]) => `${hex(k)}=${dec.decode(v)}`);
      expect(cf(CfDefault, new Uint8Array(0), null)).toEqual(['61=default:a', '62=default:b', '63=default:c', 'ff=default:ff']);
      expect(cf(CfDefault, s('b'), new Uint8Array(0))).toEqual(['62=default:b', '63=default:c', 'ff=default:ff']);
      expect(cf(CfDefault, s('a'), s('c'))).toEqual(['61=default:a', '62=default:b']);
      expect(cf(CfLock, new Uint8Array(0), null)).toEqual(['61=lock:a', '63=lock:c']);
      expect(cf(CfWrite, s('c'), null)).toEqual(['63=write:c']);
    });
  });
});

describe('cf.ts byte helpers', () => {
  test('keyWithCF prefixes the key with "<cf>_"', () => {
    expect(dec.decode(keyWithCF(CfLock, s('key')))).toBe('lock_key');
    expect(keyWithCF(CfDefault, b(0x00, 0xff))).toEqual(Uint8Array.from([...s('default_'), 0x00, 0xff]));
  });

  test('compareBytes is unsigned and lexicographic; a prefix sorts first', () => {
    const sign = (x: Bytes, y: Bytes): number => Math.sign(compareBytes(x, y));
    expect(sign(b(0x80), b(0x7f))).toBe(1);
    expect(sign(b(0x00, 0xff), b(0x01))).toBe(-1);
    expect(sign(b(0x01), b(0x01, 0x00))).toBe(-1);
    expect(sign(b(), b())).toBe(0);
    expect(sign(b(0xff, 0x01), b(0xff, 0x01))).toBe(0);
    expect(sign(b(0xff), b())).toBe(1);
  });

  test('prefixEnd is the first key after every key with the prefix (null if none)', () => {
    expect(prefixEnd(b(0x01, 0x02))).toEqual(b(0x01, 0x03));
    expect(prefixEnd(b(0x01, 0xff))).toEqual(b(0x02));
    expect(prefixEnd(b(0xff, 0xff))).toBeNull();
    expect(prefixEnd(b())).toBeNull();
    const p = b(0x05, 0xff);
    prefixEnd(p);
    expect(p).toEqual(b(0x05, 0xff)); // the prefix itself is not changed
  });

  test('exceedEndKey: at or past end; an empty end is no end', () => {
    expect(exceedEndKey(s('b'), s('b'))).toBe(true);
    expect(exceedEndKey(s('c'), s('b'))).toBe(true);
    expect(exceedEndKey(s('a'), s('b'))).toBe(false);
    expect(exceedEndKey(b(0xff, 0xff), new Uint8Array(0))).toBe(false);
  });
});

describe('MemEngine stats', () => {
  test('count non-empty batches, their ops and their bytes, and survive a reopen', () => {
    const e = new MemEngine();
    e.write(new WriteBatch().put(s('ab'), s('xyz')).delete(s('c')));
    e.write(new WriteBatch());
    expect(e.stats).toEqual({ writes: 1, opsWritten: 2, bytesWritten: 2 + 3 + 1 });
    const again = e.reopen();
    again.write(new WriteBatch().put(s('d'), s('')));
    expect(again.stats).toEqual({ writes: 2, opsWritten: 3, bytesWritten: 7 });
    expect(again.size).toBe(2);
    again.close();
  });
});

describe('LmdbEngine files', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'raftkv-engine-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('open creates the folder (even one with a dot in its name); data.mdb holds the data', () => {
    const dir = path.join(root, 'store.1', 'kv');
    const e = LmdbEngine.open(dir);
    e.write(new WriteBatch().put(s('a'), new Uint8Array(10_000).fill(7)));
    e.close();
    expect(e.dir).toBe(dir);
    expect(fs.statSync(path.join(dir, 'data.mdb')).size).toBeGreaterThanOrEqual(10_000);
  });

  test('write() commits before it returns: a process killed right after it keeps the batch', () => {
    const modules = ['engine', 'lmdb-engine'].map((m) => JSON.stringify(require.resolve(`@target/kv/engine/${m}`)));
    const child = `
      const { WriteBatch } = require(${modules[0]});
      const { LmdbEngine } = require(${modules[1]});
      const e = LmdbEngine.open(${JSON.stringify(root)});
      e.write(new WriteBatch().put(Buffer.from('a'), Buffer.from('1')).put(Buffer.from('b'), Buffer.from('2')));
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', child], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 20_000 });
    expect({ signal: r.signal, stderr: r.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const e = LmdbEngine.open(root);
    try {
      expect([text(e.get(s('a'))), text(e.get(s('b')))]).toEqual(['1', '2']);
    } finally {
      e.close();
    }
  });
});
