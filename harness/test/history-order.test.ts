/**
 * Operations that touch at one virtual instant: the recorder numbers calls and returns in the
 * order they happened, so a client's next operation, sent the moment its previous one
 * returned, comes after it. Without that order the checker took them for concurrent and
 * missed a lost write followed by the same client's read.
 */
import { checkOperations } from '../check/checker';
import { HistoryRecorder, precedes } from '../check/history';
import { kvModel } from '../check/kv-model';
import type { KvInput, KvOutput } from '../check/kv-model';

/** Client 1 puts k=v1 over [0, 5], then, at 5, reads k and gets nothing: the put was lost. */
function lostWriteThenOwnRead(): HistoryRecorder<KvInput, KvOutput> {
  const h = new HistoryRecorder<KvInput, KvOutput>();
  const put = h.begin(1, { op: 'put', key: 'k', value: 'v1' }, 0);
  h.end(put, {}, 5);
  const get = h.begin(1, { op: 'get', key: 'k' }, 5);
  h.end(get, { value: '' }, 9);
  return h;
}

test('the recorder numbers calls and returns in the order they happened', () => {
  const ops = lostWriteThenOwnRead().operations();
  expect(ops.map((o) => [o.callOrder, o.returnOrder])).toEqual([[0, 1], [2, 3]]);
  expect([precedes(ops[0], ops[1]), precedes(ops[1], ops[0])]).toEqual([true, false]);
});

test('a lost write followed at the same instant by the same client\'s read is not linearizable', () => {
  const { result, info } = checkOperations(kvModel(), lostWriteThenOwnRead().operations());
  expect(result).toBe('illegal');
  expect(info.text).toMatch(/get\("k"\)/);
});

test('without recording order (a history from elsewhere), touching operations stay concurrent', () => {
  const ops = lostWriteThenOwnRead().operations().map(({ callOrder: _c, returnOrder: _r, ...rest }) => rest);
  expect(precedes(ops[0], ops[1])).toBe(false);
  expect(checkOperations(kvModel(), ops).result).toBe('ok');
});

test('another client called after a return at the same instant also comes after it', () => {
  const h = new HistoryRecorder<KvInput, KvOutput>();
  const put = h.begin(1, { op: 'put', key: 'k', value: 'v1' }, 0);
  const other = h.begin(2, { op: 'get', key: 'k' }, 1);
  h.end(put, {}, 5);
  const late = h.begin(3, { op: 'get', key: 'k' }, 5);
  h.end(other, { value: '' }, 6);
  h.end(late, { value: '' }, 7);
  const ops = h.operations();
  expect(precedes(ops[0], ops[2])).toBe(true);
  expect(precedes(ops[0], ops[1])).toBe(false);
  expect(checkOperations(kvModel(), ops).result).toBe('illegal');
});
