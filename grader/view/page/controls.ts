/**
 * The viewer's controls: zoom buttons and the mouse wheel (zoom about the pointer), dragging
 * to pan, a click to put the cursor there (and pick the operation under it), the arrow keys to
 * step the cursor from event to event, the search box, and the filters of message types and
 * stores.
 */
import { typeColor } from './colors';
import { byId, el } from './dom';
import { lowerBound, upperBound } from './lookup';
import type { Viewer } from './viewer';

/** Wires the toolbar's buttons and the search box. */
function wireToolbar(v: Viewer): void {
  const mid = (): number => (v.scale.left + v.scale.right) / 2;
  byId('zoom-in').addEventListener('click', () => {
    v.scale.zoom(0.5, v.scale.x(v.cursor) >= v.scale.left && v.scale.x(v.cursor) <= v.scale.right ? v.scale.x(v.cursor) : mid());
    v.draw();
  });
  byId('zoom-out').addEventListener('click', () => {
    v.scale.zoom(2, mid());
    v.draw();
  });
  byId('zoom-fit').addEventListener('click', () => {
    v.scale.fit();
    v.draw();
  });
  const search = byId<HTMLInputElement>('search');
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') v.search(search.value);
  });
  byId('search-go').addEventListener('click', () => v.search(search.value));
}

/** A checkbox with a label, calling `onChange` with its state. */
function checkbox(label: string, color: string, onChange: (on: boolean) => void, attrs: Record<string, string>): HTMLLabelElement {
  const box = el('input', '', { type: 'checkbox', ...attrs });
  box.checked = true;
  box.addEventListener('change', () => onChange(box.checked));
  const l = el('label');
  const swatch = el('span', '', { class: 'swatch' });
  swatch.style.background = color;
  l.append(box, swatch, document.createTextNode(label));
  return l;
}

/** Fills the filter lists: one checkbox per message type and per store. */
function wireFilters(v: Viewer): void {
  const types = byId('filter-types');
  v.data.msgTypes.forEach((t, i) => types.append(checkbox(t, typeColor(i), (on) => {
    v.filters.types[i] = on;
    v.draw();
  }, { 'data-type': t }), el('br')));
  const stores = byId('filter-stores');
  for (const s of v.data.stores) {
    stores.append(checkbox(`s${s}`, 'transparent', (on) => {
      if (on) v.filters.stores.add(s);
      else v.filters.stores.delete(s);
      v.draw();
    }, { 'data-store': String(s) }), ' ');
  }
}

/** Wires the canvas: wheel, drag, click, hover. */
function wireCanvas(v: Viewer, canvas: HTMLCanvasElement): void {
  const pos = (e: MouseEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [x] = pos(e);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) v.scale.pan(e.shiftKey ? e.deltaY : e.deltaX);
    else v.scale.zoom(Math.pow(1.0015, e.deltaY), x);
    v.draw();
  }, { passive: false });
  let drag: { x: number; moved: boolean } | null = null;
  canvas.addEventListener('mousedown', (e) => {
    drag = { x: pos(e)[0], moved: false };
  });
  window.addEventListener('mousemove', (e) => {
    const [x, y] = pos(e);
    if (drag !== null && (e.buttons & 1) === 1) {
      const dx = drag.x - x;
      if (Math.abs(dx) > 2) drag.moved = true;
      if (drag.moved) {
        v.scale.pan(dx);
        drag.x = x;
        v.draw();
      }
      return;
    }
    if (e.target === canvas) v.setHover(v.opAt(x, y));
  });
  window.addEventListener('mouseup', (e) => {
    const d = drag;
    drag = null;
    if (d === null || d.moved || e.target !== canvas) return;
    const [x, y] = pos(e);
    if (x < v.scale.left) return;
    const op = v.opAt(x, y);
    if (op >= 0) v.selectOp(op);
    v.setCursor(v.scale.time(x));
  });
}

/** The arrow keys step the cursor to the previous or next event; + and - zoom about the cursor. */
function wireKeys(v: Viewer): void {
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const times = v.data.events.t;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const i = e.key === 'ArrowRight' ? upperBound(times, v.cursor) : lowerBound(times, v.cursor) - 1;
      if (i < 0 || i >= times.length) return;
      e.preventDefault();
      v.reveal(times[i]);
      v.setCursor(times[i]);
    } else if (e.key === '+' || e.key === '=' || e.key === '-') {
      v.scale.zoom(e.key === '-' ? 2 : 0.5, v.scale.x(v.cursor));
      v.draw();
    }
  });
}

/** Wires every control of the page to the viewer. */
export function wireControls(v: Viewer, canvas: HTMLCanvasElement): void {
  wireToolbar(v);
  wireFilters(v);
  wireCanvas(v, canvas);
  wireKeys(v);
  window.addEventListener('resize', () => v.resize());
}
