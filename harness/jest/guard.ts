/**
 * The guard of the test environment. The code under test runs in the same JavaScript realm as
 * the tests, so it could replace what the tests rely on (`expect`, `test`, `Object.is`,
 * `Array.prototype.every`, a matcher) and make every assertion pass. This module is loaded by
 * the jest setup file, before the suite file and therefore before any module of the tree
 * under test, and captures the real functions then. Before and after every test it checks
 * that they are still in place and that `expect` still fails what must fail; if not, the test
 * fails with "the test environment was tampered with: ...".
 *
 * Under the grader (RAFTKV_CANARY=1) it also registers two canary tests, which run first in
 * every suite file: one that must pass and one that must fail. The grader checks their
 * outcome in the report; if they did not behave, no result of the file is trusted (see
 * grader/runner/results.ts). The canary catches a test pipeline broken in ways the hooks
 * cannot see (hooks removed, failures swallowed).
 *
 * What this does not stop: code that deliberately restores everything before each hook runs,
 * or that escapes jest's sandbox to patch the runner itself. See docs/instructors.md.
 */

/** The words every tampering failure starts with (the grader looks for them). */
export const TAMPERED = 'the test environment was tampered with';

/** The canary test that must fail: `expect(1).toBe(2)`. */
export const CANARY_MUST_FAIL = 'RaftkvCanaryMustFail';
/** The canary test that must pass: known-good assertions and the guard's checks. */
export const CANARY_MUST_PASS = 'RaftkvCanaryMustPass';
/** Both canary names, in the order they run. */
export const CANARY_NAMES: readonly string[] = [CANARY_MUST_PASS, CANARY_MUST_FAIL];
/** A line the must-fail canary's failure message contains when it failed for the right reason. */
export const CANARY_FAIL_MARK = 'Expected: 2';

type ExpectFn = typeof expect;

/** One captured property: where it lives, and what it held when the guard loaded. */
interface Slot {
  readonly label: string;
  readonly holder: object;
  readonly key: PropertyKey;
  readonly value: unknown;
  readonly get: unknown;
  readonly set: unknown;
}

/**
 * Properties the bench itself swaps during a test and restores afterwards (the seeded
 * Math.random of the jest setup, the simulator's virtual clock): checked before each test only.
 */
const SWAPPED_DURING_TESTS = new Set(['Math.random', 'Date.now']);

const JEST_GLOBALS = ['expect', 'test', 'it', 'describe', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll'] as const;

// The guard's own tools, captured before anything else can replace them.
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ownKeys = Reflect.ownKeys;
const getPrototypeOf = Object.getPrototypeOf;
const objectIs = Object.is;
const RealError = Error;
const realStringOf = String;
const realPush = Array.prototype.push;
const realJoin = Array.prototype.join;
const realSetTimeout = setTimeout;

/** Pushes without going through Array.prototype.push (which the code under test could replace). */
function push<T>(list: T[], item: T): void {
  Reflect.apply(realPush, list, [item]);
}

function labelOf(prefix: string, key: PropertyKey): string {
  return typeof key === 'symbol' ? `${prefix}[${realStringOf(key.description)}]` : `${prefix}.${realStringOf(key)}`;
}

/** The function-valued own properties of `holder` (values, getters and setters), as slots. */
function slotsOf(prefix: string, holder: object | undefined | null): Slot[] {
  const out: Slot[] = [];
  if (holder === undefined || holder === null) return out;
  for (const key of ownKeys(holder)) {
    const d = getOwnPropertyDescriptor(holder, key);
    if (d === undefined) continue;
    const isFn = typeof d.value === 'function' || typeof d.get === 'function' || typeof d.set === 'function';
    if (!isFn) continue;
    push(out, { label: labelOf(prefix, key), holder, key, value: d.value, get: d.get, set: d.set });
  }
  return out;
}

/** The object holding jest's matchers (`expect.extend` writes there). */
interface MatchersObject {
  matchers: object;
  customEqualityTesters: unknown[];
}

function matchersObject(): MatchersObject | undefined {
  const g = globalThis as unknown as Record<symbol, MatchersObject | undefined>;
  return g[Symbol.for('$$jest-matchers-object')];
}

/** Everything the tests rely on, captured now (when this module loads). */
function capture(): Slot[] {
  const g = globalThis as unknown as Record<string, object>;
  const typedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;
  const holders: [string, object | undefined][] = [
    ['globalThis', undefined], // filled below with the chosen globals only
    ['Object', Object], ['Object.prototype', Object.prototype],
    ['Array', Array], ['Array.prototype', Array.prototype],
    ['Function.prototype', Function.prototype],
    ['Math', Math], ['JSON', JSON], ['Reflect', Reflect],
    ['Number', Number], ['Number.prototype', Number.prototype],
    ['String', String], ['String.prototype', String.prototype],
    ['Boolean.prototype', Boolean.prototype],
    ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype],
    ['Promise', Promise], ['Promise.prototype', Promise.prototype],
    ['Error', Error], ['Error.prototype', Error.prototype],
    ['Date', Date], ['Date.prototype', Date.prototype],
    ['Uint8Array', Uint8Array], ['Uint8Array.prototype', Uint8Array.prototype],
    ['TypedArray.prototype', typedArrayProto],
    ['Symbol', Symbol],
    ['expect', g.expect],
    ['matchers', matchersObject()?.matchers],
  ];
  const slots: Slot[] = [];
  for (const name of [...JEST_GLOBALS, 'Object', 'Array', 'Math', 'JSON', 'Reflect', 'Promise', 'Date', 'Error', 'Map', 'Set', 'Number', 'String', 'Symbol', 'Uint8Array']) {
    const d = getOwnPropertyDescriptor(globalThis, name);
    if (d !== undefined) push(slots, { label: name, holder: globalThis, key: name, value: d.value, get: d.get, set: d.set });
  }
  for (const [prefix, holder] of holders) for (const s of slotsOf(prefix, holder)) push(slots, s);
  return slots;
}

const SLOTS = capture();
const REAL_EXPECT = (globalThis as unknown as { expect: ExpectFn }).expect;
const TESTERS_AT_START = matchersObject()?.customEqualityTesters.length ?? 0;

/** The captured properties that no longer hold what they held (their labels). */
function replaced(phase: 'before' | 'after'): string[] {
  const out: string[] = [];
  for (const s of SLOTS) {
    if (phase === 'after' && SWAPPED_DURING_TESTS.has(s.label)) continue;
    const d = getOwnPropertyDescriptor(s.holder, s.key);
    const same = d !== undefined && objectIs(d.value, s.value) && objectIs(d.get, s.get) && objectIs(d.set, s.set);
    if (!same) push(out, `${s.label} was ${d === undefined ? 'deleted' : 'replaced'}`);
  }
  const testers = matchersObject()?.customEqualityTesters.length ?? 0;
  if (testers !== TESTERS_AT_START) push(out, 'custom equality testers were added to expect');
  return out;
}

/**
 * What `e` gets wrong among assertions whose outcome is known: failures that must throw and
 * passes that must not. Empty when `expect` behaves.
 */
export function misbehaviours(e: ExpectFn): string[] {
  const out: string[] = [];
  const mustFail = (what: string, f: () => void): void => {
    let threw = false;
    try {
      f();
    } catch {
      threw = true;
    }
    if (!threw) push(out, `${what} passed`);
  };
  const mustPass = (what: string, f: () => void): void => {
    try {
      f();
    } catch {
      push(out, `${what} failed`);
    }
  };
  mustFail('expect(1).toBe(2)', () => e(1).toBe(2));
  mustFail('expect({ a: [1] }).toEqual({ a: [2] })', () => e({ a: [1] }).toEqual({ a: [2] }));
  mustFail('expect([1, 2]).toEqual([1, 2, 3])', () => e([1, 2]).toEqual([1, 2, 3]));
  mustFail('expect(bytes [1]).toEqual(bytes [2])', () => e(new Uint8Array([1])).toEqual(new Uint8Array([2])));
  mustFail('expect(() => {}).toThrow()', () => e(() => undefined).toThrow());
  mustFail('expect(null).not.toBeNull()', () => e(null).not.toBeNull());
  mustFail('expect(2).toBeLessThan(1)', () => e(2).toBeLessThan(1));
  mustPass('expect(1).toBe(1)', () => e(1).toBe(1));
  mustPass('expect({ a: [1] }).toEqual({ a: [1] })', () => e({ a: [1] }).toEqual({ a: [1] }));
  mustPass("expect(() => { throw new Error('x') }).toThrow('x')", () => e(() => {
    throw new RealError('x');
  }).toThrow('x'));
  return out;
}

/** Every sign of tampering right now (empty when there is none). */
export function tamperings(phase: 'before' | 'after'): string[] {
  const out = replaced(phase);
  const current = (globalThis as unknown as { expect: unknown }).expect;
  if (typeof current !== 'function') {
    push(out, 'expect is not a function');
    return out;
  }
  // The checks below call expect: keep the test's assertion count as it was.
  const calls = REAL_EXPECT.getState().assertionCalls;
  try {
    for (const m of misbehaviours(current as ExpectFn)) push(out, m);
  } finally {
    REAL_EXPECT.setState({ assertionCalls: calls });
  }
  return out;
}

/** Throws the tampering failure if anything was tampered with. */
export function assertUntouched(phase: 'before' | 'after'): void {
  const found = tamperings(phase);
  if (found.length === 0) return;
  const when = phase === 'before' ? 'before the test ran' : 'after the test ran';
  throw new RealError(`${TAMPERED} (found ${when}): ${Reflect.apply(realJoin, found.slice(0, 8), ['; '])}${found.length > 8 ? `; and ${found.length - 8} more` : ''}`);
}

/**
 * Installs the checks (a beforeEach and an afterEach at the top level of every suite file)
 * and, under the grader, the two canary tests.
 */
export function installGuard(): void {
  // A test already failed by the check before it is not failed twice for the same finding.
  let failedBefore = false;
  beforeEach(() => {
    failedBefore = true;
    assertUntouched('before');
    failedBefore = false;
  });
  afterEach(async () => {
    // One turn of the event loop, while this test is still the running one: a timer that the
    // code under test set during the test fires now, and an error it throws fails this test
    // (jest's handler blames the running test), instead of escaping after the results are in.
    await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
    if (!failedBefore) assertUntouched('after');
  });
  if (process.env.RAFTKV_CANARY !== '1') return;
  // The must-pass canary runs first, so that anything the code under test broke while it was
  // loaded (a timer that throws, say) fails it, not a test whose failure is expected.
  test(CANARY_MUST_PASS, () => {
    (globalThis as unknown as { expect: ExpectFn }).expect(1).toBe(1);
    assertUntouched('after');
  });
  test(CANARY_MUST_FAIL, () => {
    // The global, as the suites see it: if it was neutered, this passes and the grader knows.
    (globalThis as unknown as { expect: ExpectFn }).expect(1).toBe(2);
  });
}
