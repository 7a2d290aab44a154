/**
 * The checker's verdict at the top of the page (linearizable or not, and for a history that is
 * not: the stuck operation and the longest prefix, with the checker's explanation), and the
 * details of the operation picked on the canvas.
 */
import { OpMark, ViewData } from '../view-data';
import { el } from './dom';
import { clientName } from './layout';

/** Fills the verdict box; `onShowStuck` zooms to the stuck operation. */
export function renderVerdict(box: HTMLElement, data: ViewData, onShowStuck: () => void): void {
  box.replaceChildren();
  const v = data.verdict;
  if (v === null) {
    box.append(el('span', 'no linearizability verdict in this trace', { class: 'verdict none' }));
    return;
  }
  const after = v.afterFailure ? ' (checked after the test had failed)' : '';
  const ok = v.result === 'ok';
  box.className = ok ? 'ok' : 'bad';
  box.append(el('strong', ok ? `history linearizable${after}` : `history ${v.result === 'illegal' ? 'NOT linearizable' : `check: ${v.result}`}${after}`));
  if (v.stuck >= 0) {
    const ops = data.ops;
    box.append(el('span', ` — stuck: #${v.stuck} ${clientName(ops.client[v.stuck])} ${ops.text[v.stuck]}; longest linearizable prefix: ${v.prefixLength} of the partition's ${v.partitionSize} operations `));
    const b = el('button', 'show it', { id: 'show-stuck', type: 'button' });
    b.addEventListener('click', onShowStuck);
    box.append(b);
  }
  if (v.text !== '') {
    const d = el('details');
    d.append(el('summary', 'the checker says'), el('pre', v.text));
    box.append(d);
  }
}

const MARK_NAMES = ['', 'in the partition that is not linearizable', 'in the longest linearizable prefix', 'cannot be placed after the prefix (stuck)'];

/** Fills the operation box with operation i (or a hint when none is picked). */
export function renderOp(box: HTMLElement, data: ViewData, i: number): void {
  box.replaceChildren();
  if (i < 0) {
    box.append(el('p', 'Click an operation to see it here.', { class: 'hint' }));
    return;
  }
  const ops = data.ops;
  const ret = ops.ret[i] < 0 ? 'never returned (unknown outcome)' : `${ops.ret[i].toFixed(3)} ms`;
  const rows: [string, string][] = [
    ['operation', `#${i} ${ops.text[i]}`], ['client', clientName(ops.client[i])], ['called', `${ops.call[i].toFixed(3)} ms`], ['returned', ret],
  ];
  if (ops.mark[i] !== OpMark.Plain) rows.push(['checker', `${MARK_NAMES[ops.mark[i]]}${ops.order[i] > 0 ? `, #${ops.order[i]} in linearization order` : ''}`]);
  if (ops.concurrent[i] !== '') rows.push(['vs. the stuck one', ops.concurrent[i]]);
  const table = el('table', '', { 'data-op': String(i) });
  for (const [k, v] of rows) {
    const tr = el('tr');
    tr.append(el('th', k), el('td', v));
    table.append(tr);
  }
  box.append(table);
}
