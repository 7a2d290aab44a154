/**
 * Unit tests of the linearizability checker (harness/check): textbook histories, unknown
 * outcomes, partitions, scans, the step budget, determinism, and the explanation of a failure.
 * Histories are written by hand or generated from a fixed seed; times are simulated numbers.
 */
import {
  checkOperations, HistoryRecorder, KvInput, kvModel, KvOutput, Model, Operation, partitionByPrefix, partitionKv,
  renderOperations, STEPS_PER_MS, withDefaults,
} from '../check';
import { seededRandom } from '../sim/seed';

type KvOp = Operation<KvInput, KvOutput>;
type Span = [call: number, ret: number];
const NEVER = Infinity;

function unknownOr<O>(ret: number, output: O): O | undefined {
  return ret === NEVER ? undefined : output;
}
function get(client: number, [call, ret]: Span, key: string, value: string): KvOp {
  return { clientId: client, input: { op: 'get', key }, call, return: ret, output: unknownOr(ret, { value }) };
}
function put(client: number, [call, ret]: Span, key: string, value: string): KvOp {
  return { clientId: client, input: { op: 'put', key, value }, call, return: ret, output: unknownOr(ret, {}) };
}
function append(client: number, [call, ret]: Span, key: string, value: string): KvOp {
  return { clientId: client, input: { op: 'append', key, value }, call, return: ret, output: unknownOr(ret, {}) };
}
function del(client: number, [call, ret]: Span, key: string): KvOp {
  return { clientId: client, input: { op: 'delete', key }, call, return: ret, output: unknownOr(ret, {}) };
}
function scan(client: number, [call, ret]: Span, start: string, end: string, pairs: [string, string][], limit?: number): KvOp {
  return { clientId: client, input: { op: 'scan', start, end, limit }, call, return: ret, output: unknownOr(ret, { pairs }) };
}

const kv = kvModel();
const check = (h: KvOp[], maxSteps?: number) => checkOperations(kv, h, { maxSteps });

describe('textbook histories', () => {
  test('a sequential history that follows the spec is ok', () => {
    const h = [put(1, [0, 1], 'x', 'a'), get(1, [2, 3], 'x', 'a'), append(1, [4, 5], 'x', 'b'), get(1, [6, 7], 'x', 'ab'),
      del(1, [8, 9], 'x'), get(1, [10, 11], 'x', '')];
    expect(check(h).result).toBe('ok');
  });

  test('the empty history is ok', () => {
    expect(check([]).result).toBe('ok');
  });

  test('concurrent writes are ok in either order, but a read must see one of them', () => {
    const writes = [put(1, [0, 10], 'x', 'a'), put(2, [1, 9], 'x', 'b')];
    expect(check([...writes, get(3, [11, 12], 'x', 'a')]).result).toBe('ok');
    expect(check([...writes, get(3, [11, 12], 'x', 'b')]).result).toBe('ok');
    expect(check([...writes, get(3, [11, 12], 'x', 'c')]).result).toBe('illegal');
    expect(check([...writes, get(3, [11, 12], 'x', '')]).result).toBe('illegal');
  });

  test('a read concurrent with a write may see the old or the new value', () => {
    const w = put(1, [0, 10], 'x', 'new');
    expect(check([w, get(2, [2, 3], 'x', '')]).result).toBe('ok');
    expect(check([w, get(2, [2, 3], 'x', 'new')]).result).toBe('ok');
  });

  test('once a read sees the new value, a later read may not see the old one', () => {
    const h = [put(1, [0, 10], 'x', 'new'), get(2, [1, 2], 'x', 'new'), get(3, [3, 4], 'x', '')];
    expect(check(h).result).toBe('illegal');
  });

  test('touching intervals count as concurrent (intervals are closed)', () => {
    // The read is called at the instant the write returns: it may still be ordered first.
    expect(check([put(1, [0, 5], 'x', 'a'), get(2, [5, 6], 'x', '')]).result).toBe('ok');
    expect(check([put(1, [0, 5], 'x', 'a'), get(2, [6, 7], 'x', '')]).result).toBe('illegal');
  });

  test('a stale read after a completed write is illegal', () => {
    const h = [put(1, [0, 1], 'x', 'a'), get(2, [2, 3], 'x', 'a'), put(1, [4, 5], 'x', 'b'), get(2, [6, 7], 'x', 'a')];
    expect(check(h).result).toBe('illegal');
  });

  test('a read that sees a value before its write was called is illegal', () => {
    expect(check([get(1, [0, 1], 'x', 'v'), put(2, [2, 3], 'x', 'v')]).result).toBe('illegal');
    expect(check([get(1, [0, 2], 'x', 'v'), put(2, [2, 3], 'x', 'v')]).result).toBe('ok');
  });

  test('a lost acknowledged write is illegal', () => {
    expect(check([put(1, [0, 1], 'x', 'a'), put(1, [2, 3], 'x', 'b'), get(2, [4, 5], 'x', 'a')]).result).toBe('illegal');
    expect(check([append(1, [0, 1], 'x', 'a'), append(2, [2, 3], 'x', 'b'), get(3, [4, 5], 'x', 'a')]).result).toBe('illegal');
  });

  test('an append applied twice is illegal', () => {
    expect(check([append(1, [0, 1], 'x', 'a'), get(2, [2, 3], 'x', 'aa')]).result).toBe('illegal');
  });

  test('a delete removes the key; a read of an absent key returns ""', () => {
    expect(check([put(1, [0, 1], 'x', 'a'), del(1, [2, 3], 'x'), get(2, [4, 5], 'x', '')]).result).toBe('ok');
    expect(check([put(1, [0, 1], 'x', 'a'), del(1, [2, 3], 'x'), get(2, [4, 5], 'x', 'a')]).result).toBe('illegal');
  });
});

describe('unknown outcomes (a client that never got an answer)', () => {
  const before = [put(1, [0, 1], 'x', 'a'), put(2, [2, NEVER], 'x', 'b')];

  test('a later read may see the write or not', () => {
    expect(check([...before, get(3, [10, 11], 'x', 'b')]).result).toBe('ok');
    expect(check([...before, get(3, [10, 11], 'x', 'a')]).result).toBe('ok');
  });

  test('it may take effect long after its call, even after other reads', () => {
    const h = [...before, get(3, [10, 11], 'x', 'a'), get(3, [20, 21], 'x', 'b')];
    expect(check(h).result).toBe('ok');
  });

  test('once seen it has happened: a later read may not see the old value', () => {
    const h = [...before, get(3, [10, 11], 'x', 'b'), get(3, [20, 21], 'x', 'a')];
    expect(check(h).result).toBe('illegal');
  });

  test('it cannot take effect before its call', () => {
    expect(check([put(1, [0, 1], 'x', 'a'), get(3, [2, 3], 'x', 'b'), put(2, [5, NEVER], 'x', 'b')]).result).toBe('illegal');
  });

  test('an unknown append takes effect at most once', () => {
    const a = append(2, [0, NEVER], 'x', 'b');
    expect(check([a, get(1, [5, 6], 'x', 'b')]).result).toBe('ok');
    expect(check([a, get(1, [5, 6], 'x', 'bb')]).result).toBe('illegal');
  });

  test('an unknown read constrains nothing', () => {
    expect(check([put(1, [0, 1], 'x', 'a'), get(2, [2, NEVER], 'x', 'zzz')]).result).toBe('ok');
  });
});

describe('partitions', () => {
  test('keys are checked independently, and the broken key is the one reported', () => {
    const x = [put(1, [0, 10], 'x', '1'), get(2, [11, 12], 'x', '1')];
    const y = [put(1, [1, 2], 'y', '1'), put(2, [3, 4], 'y', '2'), get(3, [5, 6], 'y', '1')];
    expect(check(x).result).toBe('ok');
    const r = check([...x, ...y]);
    expect(r.result).toBe('illegal');
    expect(r.info.partitions).toBe(2);
    expect(r.info.illegal?.stuck).toBe(y[2]);
    expect(r.info.illegal?.operations).toEqual(y);
  });

  test('by default every key is its own partition, and a scan joins the keys of its range', () => {
    const h = [put(1, [0, 1], 'a', '1'), put(1, [2, 3], 'b', '2'), put(1, [4, 5], 'z', '3'),
      scan(2, [6, 7], 'a', 'c', [['a', '1'], ['b', '2']])];
    const parts = partitionKv(h);
    expect(parts).toEqual([[h[0], h[1], h[3]], [h[2]]]);
    expect(check(h).result).toBe('ok');
  });

  test('overlapping scans merge their partitions', () => {
    const h = [put(1, [0, 1], 'a', '1'), put(1, [0, 1], 'c', '2'), put(1, [0, 1], 'e', '3'), put(1, [0, 1], 'g', '4'),
      scan(2, [6, 7], 'a', 'd', [['a', '1'], ['c', '2']]), scan(2, [8, 9], 'c', 'f', [['c', '2'], ['e', '3']])];
    expect(partitionKv(h).map((p) => p.length)).toEqual([5, 1]);
  });

  test('a scan must see every completed write in its range, and nothing that was never written', () => {
    const w = [put(1, [0, 1], 'a', '1'), put(1, [2, 3], 'b', '2')];
    expect(check([...w, scan(2, [4, 5], 'a', 'c', [['a', '1'], ['b', '2']])]).result).toBe('ok');
    expect(check([...w, scan(2, [4, 5], 'a', 'c', [['a', '1']])]).result).toBe('illegal');
    expect(check([...w, scan(2, [4, 5], 'a', 'z', [['a', '1'], ['b', '2'], ['q', '9']])]).result).toBe('illegal');
    expect(check([...w, scan(2, [4, 5], 'a', 'z', [['a', '1']], 1)]).result).toBe('ok');
  });

  test('a scan is atomic: it cannot see a later write without an earlier one', () => {
    const w = [put(1, [0, 1], 'a', '1'), put(1, [2, 3], 'b', '2')];
    const writes = [put(1, [0, 10], 'a', '1'), put(1, [11, 20], 'b', '2')];
    expect(check([...w, scan(2, [4, 5], 'a', 'c', [['b', '2']])]).result).toBe('illegal');
    expect(check([...writes, scan(2, [5, 15], 'a', 'c', [['a', '1']])]).result).toBe('ok');
    expect(check([...writes, scan(2, [5, 15], 'a', 'c', [['b', '2']])]).result).toBe('illegal');
  });

  test('partitionByPrefix checks each client\'s prefix (TinyKV GenericTest) and rejects an unsound split', () => {
    const byPrefix = kvModel({ partitionBy: partitionByPrefix() });
    const h = [put(0, [0, 1], '0 00000000', 'x 0 0 y'), put(1, [0, 1], '1 00000000', 'x 1 0 y'),
      put(0, [2, 3], '0 00000001', 'x 0 1 y'), scan(0, [4, 5], '0 00000000', '0 00000002',
        [['0 00000000', 'x 0 0 y'], ['0 00000001', 'x 0 1 y']])];
    const r = checkOperations(byPrefix, h);
    expect(r.result).toBe('ok');
    expect(r.info.partitions).toBe(2);

    const wide = [...h, scan(0, [6, 7], '0 00000000', '2', [])];
    expect(() => checkOperations(byPrefix, wide)).toThrow(
      'partitionBy is unsound: scan("0 00000000", ...) is in partition "0 " but its range covers key "1 00000000"');
    const split = kvModel({ partitionBy: (i) => (i.op === 'get' ? 'reads' : 'writes') });
    const h2 = [put(0, [0, 1], 'k', 'v'), get(1, [2, 3], 'k', 'v')];
    expect(() => checkOperations(split, h2)).toThrow('partitionBy is unsound: key "k" is in partitions "writes" and "reads"');
  });
});

describe('the explanation of an illegal history', () => {
  test('names the longest linearizable prefix, the operation that cannot be placed, and its concurrent operations', () => {
    const h = [put(1, [0, 1], 'x', 'a'), put(1, [2, 3], 'x', 'b'), put(3, [4, 30], 'x', 'c'),
      get(2, [5, 10], 'x', 'a'), get(4, [6, 12], 'x', 'a')];
    const r = check(h);
    expect(r.result).toBe('illegal');
    const e = r.info.illegal;
    if (e === undefined) throw new Error('no explanation');
    expect(e.longestPrefix).toEqual([h[0], h[1], h[2]]);
    expect(e.stuck).toBe(h[3]);
    expect(e.stateAfterPrefix).toBe('{"x": "c"}');
    expect(e.concurrent).toEqual([{ operation: h[2], status: 'placed' }, { operation: h[4], status: 'rejected' }]);
    expect(r.info.text).toBe(e.text);
    expect(e.text).toBe([
      'Partition 0 (5 operations) is not linearizable.',
      '',
      'The longest linearizable prefix found has 3 operations. In linearization order:',
      '  [ 0,  1] client 1  put("x", "a") -> ok',
      '  [ 2,  3] client 1  put("x", "b") -> ok',
      '  [ 4, 30] client 3  put("x", "c") -> ok',
      'After them the state is {"x": "c"}. Then',
      'this operation could not be placed: it returned, and no order of the operations before it',
      'lets it take effect with the output the client saw:',
      '  [ 5, 10] client 2  get("x") -> "a"',
      '',
      'Operations concurrent with it:',
      '  [ 4, 30] client 3  put("x", "c") -> ok    <- placed in the prefix, #3',
      '  [ 6, 12] client 4  get("x") -> "a"    <- not placed; the model rejects it here',
    ].join('\n'));
  });

  test('a failure at the first operation says so', () => {
    const r = check([get(1, [0, 1], 'x', 'v'), put(2, [2, NEVER], 'x', 'v')]);
    expect(r.result).toBe('illegal');
    expect(r.info.illegal?.longestPrefix).toEqual([]);
    expect(r.info.text).toContain('Not even its first operation can be placed. From the initial state {},');
  });

  test('renderOperations prints one line per operation; one that never returned shows ∞ and ?', () => {
    const text = renderOperations(withDefaults(kv), [put(1, [0, 12], 'x', 'a'), append(2, [0.5, NEVER], 'x', 'w')]);
    expect(text).toBe([
      '  [  0,  12] client 1  put("x", "a") -> ok',
      '  [0.5,   ∞) client 2  append("x", "w") -> ? (never returned)',
    ].join('\n'));
  });
});

/** N appends to one key, all concurrent, then a read no order can explain: the search must try every order. */
function adversarial(n: number): KvOp[] {
  const h: KvOp[] = [];
  for (let i = 0; i < n; i++) h.push(append(i, [0, 100], 'x', String.fromCharCode(97 + i)));
  h.push(get(n, [101, 102], 'x', 'impossible'));
  return h;
}

describe('budget', () => {
  test('the step budget yields "unknown" (never "ok") on a huge adversarial history', () => {
    const r = checkOperations(kv, adversarial(14), { maxSteps: 100_000 });
    expect(r.result).toBe('unknown');
    expect(r.info.unknown).toEqual({ partition: 0, operations: 15, reason: 'steps' });
    expect(r.info.steps).toBe(100_000);
    expect(r.info.text).toMatch(/budget of 100000 search steps .* This counts as a failure/);
  });

  test('timeoutMs is a nominal budget converted to steps, not a clock', () => {
    const r = checkOperations(kv, adversarial(14), { timeoutMs: 100 });
    expect(r.result).toBe('unknown');
    expect(r.info.maxSteps).toBe(100 * STEPS_PER_MS);
    expect(r.info.steps).toBe(100 * STEPS_PER_MS);
  });

  test('the state limit yields "unknown" too, and says how far beyond the graded tests that is', () => {
    const r = checkOperations(kv, adversarial(14), { maxStates: 1_000 });
    expect(r.result).toBe('unknown');
    expect(r.info.unknown?.reason).toBe('states');
    expect(r.info.states).toBe(1_001);
    expect(r.info.text).toMatch(/^Linearizability check undecided: partition 0 \(15 operations\) needed more than its limit of 1000 states/);
    expect(r.info.text).toMatch(/This counts as a failure\. It is far beyond what the graded tests record from a correct implementation/);
  });

  test('info.states is the most memo entries one partition needed', () => {
    const h = [put(1, [0, 10], 'x', 'a'), put(2, [0, 10], 'x', 'b'), get(3, [11, 12], 'x', 'b'), put(1, [0, 1], 'y', '1')];
    const r = check(h);
    expect(r.result).toBe('ok');
    expect(r.info.states).toBe(3); // x: put a, put b (in that order), then the get
  });

  test('a small adversarial history is decided within the budget', () => {
    expect(checkOperations(kv, adversarial(6)).result).toBe('illegal');
  });
});

describe('a generic model (a counter, default equal and no partition)', () => {
  type In = 'inc' | 'read';
  const counter: Model<number, In, number> = {
    init: () => 0,
    step: (s, i, o) => (i === 'inc' ? [true, s + 1] : [o === undefined || o === s, s]),
  };
  const op = (c: number, call: number, ret: number, input: In, output: number): Operation<In, number> =>
    ({ clientId: c, input, call, return: ret, output });

  test('concurrent increments, and reads between', () => {
    const h = [op(1, 0, 10, 'inc', 0), op(2, 0, 10, 'inc', 0), op(3, 1, 2, 'read', 1), op(3, 11, 12, 'read', 2)];
    expect(checkOperations(counter, h).result).toBe('ok');
    expect(checkOperations(counter, [...h, op(3, 13, 14, 'read', 1)]).result).toBe('illegal');
    expect(checkOperations(counter, h).info.text).toBe('Linearizable: 4 operations in 1 partitions, 7 search steps.');
  });
});

describe('HistoryRecorder', () => {
  test('records calls and returns; unknown and still pending operations never return', () => {
    const r = new HistoryRecorder<KvInput, KvOutput>();
    const a = r.begin(1, { op: 'put', key: 'k', value: 'v' }, 0);
    const b = r.begin(2, { op: 'get', key: 'k' }, 1);
    const c = r.begin(3, { op: 'put', key: 'k', value: 'w' }, 2);
    const d = r.begin(4, { op: 'get', key: 'k' }, 3);
    r.begin(5, { op: 'append', key: 'k', value: 'z' }, 4);
    r.end(a, {}, 5);
    r.end(b, { value: 'v' }, 6);
    r.unknown(c);
    r.discard(d);
    // callOrder and returnOrder number the begins and ends in the order they happened (history.ts).
    expect(r.operations()).toEqual([
      { clientId: 1, input: { op: 'put', key: 'k', value: 'v' }, call: 0, callOrder: 0, output: {}, return: 5, returnOrder: 5 },
      { clientId: 2, input: { op: 'get', key: 'k' }, call: 1, callOrder: 1, output: { value: 'v' }, return: 6, returnOrder: 6 },
      { clientId: 3, input: { op: 'put', key: 'k', value: 'w' }, call: 2, callOrder: 2, output: undefined, return: Infinity },
      { clientId: 5, input: { op: 'append', key: 'k', value: 'z' }, call: 4, callOrder: 4, output: undefined, return: Infinity },
    ]);
    expect(checkOperations(kv, r.operations()).result).toBe('ok');
    expect(() => r.end(a, {}, 7)).toThrow('operation #0 is already done');
    expect(() => r.end(9, {}, 7)).toThrow('no operation #9 was begun');
    expect(() => r.end(r.begin(1, { op: 'get', key: 'k' }, 10), { value: '' }, 9)).toThrow('cannot return at 9');
  });

  test('malformed histories are rejected as harness bugs', () => {
    const bad: KvOp = { clientId: 1, input: { op: 'get', key: 'k' }, call: 5, return: 4, output: { value: '' } };
    expect(() => check([bad])).toThrow('operation #0 (client 1): return time 4 is before its call time 5');
    expect(() => check([{ ...bad, return: 6, output: undefined }])).toThrow(/has no output/);
    expect(() => check([{ ...bad, return: Infinity }])).toThrow(/never returned .* but has an output/);
  });
});

/**
 * A linearizable history generated from a seed: every operation takes effect at a random
 * instant inside its interval (an unknown one: maybe later, maybe never), and outputs are what a
 * store that applied them in that order returns. `writers` clients work on their own keys (or,
 * with `generic`, like TinyKV's GenericTest: put distinct keys, scan the own prefix); one more
 * client reads random keys of everyone, concurrently.
 */
function generate(seed: number, writers: number, opsPerClient: number, generic: boolean): KvOp[] {
  const rand = seededRandom(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  type Draft = { clientId: number; input: KvInput; call: number; return: number; at: number; output?: KvOutput };
  const drafts: Draft[] = [];
  const written: string[][] = [];
  for (let c = 0; c <= writers; c++) {
    let t = int(5);
    written.push([]);
    for (let j = 0; j < opsPerClient; j++) {
      let input: KvInput;
      if (c === writers) {
        const w = written[int(writers)];
        input = { op: 'get', key: w.length > 0 ? w[int(w.length)] : `${int(writers)} k0` };
      } else if (generic) {
        const key = `${c} ${String(written[c].length).padStart(8, '0')}`;
        if (int(2) === 0) {
          input = { op: 'put', key, value: `x ${c} ${j} y` };
          written[c].push(key);
        } else input = { op: 'scan', start: `${c} 00000000`, end: key };
      } else {
        const key = `${c} k${int(3)}`;
        const r = int(10);
        input = r < 4 ? { op: 'get', key } : r < 7 ? { op: 'append', key, value: `${c}.${j};` }
          : r < 9 ? { op: 'put', key, value: `${c}.${j}` } : { op: 'delete', key };
        written[c].push(key);
      }
      const duration = 1 + int(20);
      const lost = input.op !== 'get' && input.op !== 'scan' && int(100) === 0;
      const at = t + rand() * (lost ? 60 : duration);
      const ret = lost ? Infinity : t + duration;
      drafts.push({ clientId: c, input, call: t, return: ret, at: lost && int(2) === 0 ? Infinity : at });
      t += (lost ? 30 : duration) + int(4);
    }
  }
  const store = new Map<string, string>();
  for (const d of [...drafts].sort((a, b) => a.at - b.at)) {
    const i = d.input;
    if (i.op === 'get') d.output = { value: store.get(i.key) ?? '' };
    else if (i.op === 'scan') {
      const end = i.end ?? '\uffff';
      d.output = { pairs: [...store].filter(([k]) => k >= i.start && k < end).sort(([a], [b]) => (a < b ? -1 : 1)) };
    } else {
      if (i.op === 'put') store.set(i.key, i.value);
      else if (i.op === 'append') store.set(i.key, (store.get(i.key) ?? '') + i.value);
      else store.delete(i.key);
      d.output = {};
    }
  }
  return drafts.map((d) => ({
    clientId: d.clientId, input: d.input, call: d.call, return: d.return,
    output: d.return === Infinity ? undefined : d.output,
  }));
}

/** Is `h` linearizable? By brute force: every order that respects real time, with or without each unknown operation. */
function bruteForce(h: KvOp[]): boolean {
  const model = kvModel();
  const search = (state: ReturnType<typeof model.init>, left: KvOp[]): boolean => {
    if (left.every((op) => op.return === NEVER)) return true; // the rest may never take effect
    return left.some((x) => {
      if (left.some((y) => y.return < x.call)) return false; // y must come before x
      const [ok, next] = model.step(state, x.input, x.output);
      return ok && search(next, left.filter((y) => y !== x));
    });
  };
  return search(model.init(), h);
}

/** A small random history on keys "a" and "b": consistent with some order, then maybe one output changed. */
function smallHistory(rand: () => number): KvOp[] {
  const int = (n: number): number => Math.floor(rand() * n);
  const n = 2 + int(6);
  const drafts: { op: KvOp; at: number }[] = [];
  for (let i = 0; i < n; i++) {
    const key = int(2) === 0 ? 'a' : 'b';
    const r = int(6);
    const input: KvInput = r === 0 ? { op: 'put', key, value: String(1 + int(3)) }
      : r === 1 ? { op: 'append', key, value: 'xy'[int(2)] }
      : r === 2 ? { op: 'delete', key }
      : r === 3 ? { op: 'scan', start: 'a', end: 'c' }
      : { op: 'get', key };
    const call = int(10);
    const ret = int(7) === 0 ? NEVER : call + int(5);
    const at = ret === NEVER && int(2) === 0 ? NEVER : call + rand() * (ret === NEVER ? 8 : ret - call);
    drafts.push({ op: { clientId: i, input, call, return: ret, output: undefined }, at });
  }
  const store = new Map<string, string>();
  const done: KvOp[] = [];
  for (const { op, at } of [...drafts].sort((x, y) => x.at - y.at)) {
    const i = op.input;
    let output: KvOutput = {};
    if (i.op === 'get') output = { value: store.get(i.key) ?? '' };
    else if (i.op === 'scan') output = { pairs: [...store].filter(([k]) => k >= 'a' && k < 'c').sort() };
    else if (i.op === 'delete') store.delete(i.key);
    else store.set(i.key, i.op === 'put' ? i.value : (store.get(i.key) ?? '') + i.value);
    done.push({ ...op, output: op.return === NEVER || at === NEVER ? undefined : output });
  }
  const h = done.filter((op) => op.return === NEVER || op.output !== undefined);
  const reads = h.filter((op) => op.output !== undefined && (op.input.op === 'get' || op.input.op === 'scan'));
  if (reads.length > 0 && int(2) === 0) {
    const victim = reads[int(reads.length)];
    const changed: KvOutput = victim.input.op === 'get' ? { value: ['', '1', '2', 'x', '1x', 'xy'][int(6)] }
      : { pairs: int(2) === 0 ? [] : [['a', String(1 + int(3))]] };
    return h.map((op) => (op === victim ? { ...op, output: changed } : op));
  }
  return h;
}

describe('agreement with a brute-force checker', () => {
  test('2,000 small random histories get the same verdict', () => {
    const rand = seededRandom(2024);
    const verdicts = { ok: 0, illegal: 0 };
    for (let i = 0; i < 2000; i++) {
      const h = smallHistory(rand);
      const expected = bruteForce(h) ? 'ok' : 'illegal';
      const got = check(h).result;
      if (got !== expected) {
        throw new Error(`history #${i}: expected ${expected}, got ${got}:\n${renderOperations(withDefaults(kv), h)}`);
      }
      verdicts[expected]++;
    }
    expect(verdicts.ok).toBeGreaterThan(500);
    expect(verdicts.illegal).toBeGreaterThan(300);
  });
});

describe('determinism and generated histories', () => {
  test('a generated linearizable history is ok; breaking one read makes it illegal, with the same answer twice', () => {
    const h = generate(7, 3, 200, false);
    expect(check(h).result).toBe('ok');
    const i = h.findIndex((op, n) => n > 300 && op.input.op === 'get' && op.output !== undefined);
    const broken = h.map((op, n) => (n === i ? { ...op, output: { value: 'never written' } } : op));
    const first = check(broken);
    const second = check(broken);
    expect(first.result).toBe('illegal');
    expect(first.info.illegal?.stuck).toBe(broken[i]);
    expect(second.result).toBe(first.result);
    expect(second.info.steps).toBe(first.info.steps);
    expect(second.info.text).toBe(first.info.text);
  });

  test('performance: 5 clients x 1000 operations plus a concurrent reader (printed, not asserted)', () => {
    const lines: string[] = [];
    for (const generic of [false, true]) {
      const h = generate(42, 5, 1000, generic);
      const model = generic ? kvModel({ partitionBy: partitionByPrefix() }) : kv;
      const t0 = performance.now();
      const r = checkOperations(model, h);
      const ms = performance.now() - t0;
      expect(r.result).toBe('ok');
      lines.push(`${generic ? 'GenericTest-like put/scan by prefix' : 'get/put/append/delete on own keys  '}: `
        + `${h.length} ops, ${r.info.partitions} partitions, ${r.info.steps} steps, ${ms.toFixed(1)} ms`);
    }
    console.log(`linearizability check performance:\n  ${lines.join('\n  ')}`);
  });
});
